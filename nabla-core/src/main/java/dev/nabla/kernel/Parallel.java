package dev.nabla.kernel;

/**
 * Splits loops over the kernel threads.
 *
 * <p>Determinism contract: a kernel must compute every output element inside exactly one task, in an
 * order that does not depend on how the work was split. Then results are bit-identical for any thread
 * count. Reductions across tasks must combine fixed-size partials in index order (see
 * {@link #chunks(int, int)}), never "per thread" partials.
 *
 * <p>A training step of a small network runs ten to twenty kernels in under a millisecond, so a parallel
 * region must cost microseconds, not the tens of microseconds of a general-purpose executor. The
 * threads live in a {@link WorkerPool}: they spin briefly after each region, so the next one starts
 * without a wake-up, and then park. The calling thread works too, and takes any piece whose worker is
 * late.
 *
 * <p>Nesting: a region started from inside another region (by a worker or by the caller while it runs
 * a piece), or while another thread owns the pool, runs inline on the calling thread. This never
 * deadlocks and, by the contract above, gives the same results.
 */
public final class Parallel {
    /** A piece of a loop: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile WorkerPool pool;

    private Parallel() {}

    static int threads() {
        return threads;
    }

    static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Invalid thread count: " + n + " (must be at least 1)");
        }
        if (n != threads) {
            threads = n;
            WorkerPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new WorkerPool(threads);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Number of fixed-size chunks of {@code chunk} elements that cover {@code n}. */
    public static int chunks(int n, int chunk) {
        return (n + chunk - 1) / chunk;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most {@link Kernels#threads()} contiguous
     * ranges of at least {@code grain} indices (piece {@code i} of {@code p} is
     * {@code [n·i/p, n·(i+1)/p)}). Runs inline when the work is small, when one thread is configured, or
     * when already inside a kernel region (no nested parallelism). The first exception thrown by any
     * piece is rethrown to the caller after all pieces have stopped.
     */
    public static void range(int n, int grain, Range body) {
        if (n <= 0) {
            return;
        }
        int t = threads;
        int parts = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || !pool().run(n, parts, body)) {
            body.run(0, n);
        }
    }
}
