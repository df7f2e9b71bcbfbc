import java.io.*;
import java.lang.reflect.Method;
import java.net.*;
import java.nio.file.*;
import java.util.*;

/** Alternates a workload between class-path variants inside one JVM: AB <workload> <rounds> <dirA> <dirB> ... */
public class AB {
    public static void main(String[] args) throws Exception {
        String key = args[0];
        int rounds = Integer.parseInt(args[1]);
        String common = System.getProperty("common.cp");
        List<String> names = new ArrayList<>();
        List<Method> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            List<URL> urls = new ArrayList<>();
            for (String p : (args[i] + ":" + common).split(":")) urls.add(Paths.get(p).toUri().toURL());
            ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> w = cl.loadClass("dev.nabla.bench.Workloads");
            runs.add(w.getMethod("run", String.class, int.class, int.class, PrintStream.class));
            names.add(args[i].split(":")[0]);
        }
        Map<String, List<Double>> res = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < runs.size(); v++) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                PrintStream ps = new PrintStream(buf, true);
                runs.get(v).invoke(null, key, 30, 5, ps);
                String s = buf.toString();
                int at = s.indexOf("median_ms=");
                double ms = Double.parseDouble(s.substring(at + 10).split("\\s")[0]);
                res.computeIfAbsent(names.get(v), x -> new ArrayList<>()).add(ms);
            }
        }
        for (var e : res.entrySet()) {
            List<Double> l = new ArrayList<>(e.getValue());
            Collections.sort(l);
            System.out.printf("%s %s: median %.3f min %.3f  all %s%n", key, e.getKey(), l.get(l.size() / 2), l.get(0), e.getValue());
        }
        System.exit(0);
    }
}
