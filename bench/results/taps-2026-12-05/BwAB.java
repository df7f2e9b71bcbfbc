import java.lang.reflect.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
public class BwAB {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]), cin = Integer.parseInt(a[1]), cout = Integer.parseInt(a[2]), s = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        String which = a[5]; // fwd or bwd
        List<Object[]> vs = new ArrayList<>();
        for (int i = 6; i < a.length; i++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Paths.get(a[i]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> k = cl.loadClass("dev.nabla.kernel.Kernels");
            k.getMethod("setThreads", int.class).invoke(null, 2);
            Class<?> w2 = cl.loadClass("dev.nabla.kernel.Window2d");
            Object g = w2.getConstructor(int.class,int.class,int.class,int.class,int.class,int.class,int.class,int.class,int.class,int.class).newInstance(n, cin, s, s, 3, 3, 1, 1, 1, 1);
            Class<?> conv = cl.loadClass("dev.nabla.kernel.Conv");
            Method m = which.equals("bwd")
                ? conv.getMethod("backward", w2, int.class, float[].class, int.class, float[].class, int.class, float[].class, int.class, float[].class, float[].class, float[].class)
                : conv.getMethod("forward", w2, int.class, float[].class, int.class, float[].class, int.class, float[].class, int.class, float[].class, int.class);
            vs.add(new Object[] {a[i], g, m});
        }
        Random r = new Random(1);
        float[] x = new float[n*cin*s*s], w = new float[cout*cin*9], dy = new float[n*cout*s*s], y = new float[dy.length];
        for (int i=0;i<x.length;i++) x[i]=(float)r.nextGaussian();
        for (int i=0;i<w.length;i++) w[i]=(float)r.nextGaussian();
        for (int i=0;i<dy.length;i++) dy[i]=(float)r.nextGaussian();
        float[] dx = new float[x.length], dw = new float[w.length], db = new float[cout];
        double[][] med = new double[vs.size()][rounds];
        for (int rd = 0; rd < rounds; rd++) {
            for (int v = 0; v < vs.size(); v++) {
                Object g = vs.get(v)[1]; Method m = (Method) vs.get(v)[2];
                int reps = 20; double[] t = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    if (which.equals("bwd")) m.invoke(null, g, cout, x, 0, w, 0, dy, 0, dx, dw, db);
                    else m.invoke(null, g, cout, x, 0, w, 0, null, 0, y, 0);
                    t[i] = (System.nanoTime()-t0)/1e6;
                }
                Arrays.sort(t); med[v][rd] = t[reps/2];
            }
        }
        for (int v = 0; v < vs.size(); v++) {
            double[] ratio = new double[rounds];
            for (int rd = 0; rd < rounds; rd++) ratio[rd] = med[v][rd] / med[0][rd];
            double[] m = med[v].clone(); Arrays.sort(m); Arrays.sort(ratio);
            System.out.printf("%s %s %dx%d %d->%d b%d: median %.3f ms (min %.3f), per-round ratio to first %.3f (%.3f-%.3f)%n", which, vs.get(v)[0], s, s, cin, cout, n, m[rounds/2], m[0], ratio[rounds/2], ratio[0], ratio[rounds-1]);
        }
    }
}
