package dev.nabla.nn;

import dev.nabla.autograd.Function;
import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.TensorAssert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Small helpers for the nn tests: float64 leaves and gradient checks of modules. */
public final class NnTesting {
    private NnTesting() {}

    /** A float64 leaf of standard normal values (times {@code scale}) that requires grad. */
    public static Tensor leaf(Rng rng, double scale, int... shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        for (int i = 0; i < t.numel(); i++) {
            t.setFlat(i, scale * rng.nextGaussian());
        }
        return t.requiresGrad(true);
    }

    /** A float64 copy of {@code t} that requires grad. */
    public static Tensor leaf(Tensor t) {
        return t.to(DType.FLOAT64).detach().copy().requiresGrad(true);
    }

    /**
     * Converts {@code module} to float64 and gradient-checks {@code module.forward(x)} with respect to x
     * (when it requires grad) and every parameter.
     */
    public static void assertModuleGradCheck(Module module, Tensor x, String what) {
        module.to(DType.FLOAT64);
        assertModuleGradCheck(module, x, () -> module.forward(x), what);
    }

    /** Gradient-checks {@code f} with respect to x (when it requires grad) and every parameter of {@code module}. */
    public static void assertModuleGradCheck(Module module, Tensor x, Supplier<Tensor> f, String what) {
        Map<String, Tensor> wrt = new LinkedHashMap<>();
        if (x.requiresGrad()) {
            wrt.put("input", x);
        }
        wrt.putAll(module.namedParameters());
        TensorAssert.assertGradCheck(GradCheck.check(f, wrt, GradCheck.Options.DEFAULT), what);
    }

    /** The population standard deviation of all elements. */
    public static double std(Tensor t) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < t.numel(); i++) {
            sum += t.getFlat(i);
            squares += t.getFlat(i) * t.getFlat(i);
        }
        double mean = sum / t.numel();
        return Math.sqrt(squares / t.numel() - mean * mean);
    }

    /** Gradient-checks {@code f} with respect to the given leaves. */
    public static void assertGradCheck(Supplier<Tensor> f, String what, Tensor... inputs) {
        TensorAssert.assertGradCheck(GradCheck.check(f, inputs), what);
    }

    /**
     * The simple names of every concrete {@link Function} compiled into the package of {@code anchor}
     * (e.g. {@code LinearFunction}), read from the class directory, so a test that must cover each of them
     * notices a new one.
     */
    public static TreeSet<String> functionsInPackageOf(Class<?> anchor) {
        String pkg = anchor.getPackageName();
        Path dir;
        try {
            dir = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(pkg.replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("expected the compiled classes of " + pkg + " in a directory, got " + dir);
        }
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class")) {
                    continue;
                }
                Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - 6), false,
                        anchor.getClassLoader());
                if (Function.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c.getSimpleName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
