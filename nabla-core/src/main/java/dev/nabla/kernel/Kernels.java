package dev.nabla.kernel;

/**
 * Which compute kernels this JVM gets, and how many threads they use.
 *
 * <p>The fast kernels use the Vector API ({@code jdk.incubator.vector}). When that module is not in the
 * boot layer (the JVM was started without {@code --add-modules jdk.incubator.vector}), every kernel falls
 * back to plain Java loops: slower, but the results are still correct. The system property
 * {@code -Dnabla.vector=false} forces the fallback, which tests use to compare the two.
 */
public final class Kernels {
    private static final boolean VECTOR = detectVector();

    private Kernels() {}

    private static boolean detectVector() {
        if ("false".equalsIgnoreCase(System.getProperty("nabla.vector"))) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** True when the Vector API kernels are in use. */
    public static boolean vectorEnabled() {
        return VECTOR;
    }

    /** The number of threads the kernels use (default: all available cores). */
    public static int threads() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads the kernels use. Results are bit-identical for any thread count.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        Parallel.setThreads(n);
    }

    /** One line for {@code --version} and benchmark headers. */
    public static String describe() {
        String simd = VECTOR
                ? "Vector API, " + VectorInfo.describe()
                : "plain Java (start the JVM with --add-modules jdk.incubator.vector for the fast kernels)";
        return simd + ", " + threads() + (threads() == 1 ? " thread" : " threads");
    }
}
