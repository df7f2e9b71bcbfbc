package dev.nabla.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * Splits loops over the kernel threads.
 *
 * <p>Determinism contract: a kernel must compute every output element inside exactly one task, in an
 * order that does not depend on how the work was split. Then results are bit-identical for any thread
 * count. Reductions across tasks must combine fixed-size partials in index order (see
 * {@link #chunks(int, int)}), never "per thread" partials.
 */
public final class Parallel {
    /** A piece of a loop: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, Parallel::newWorker, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static ForkJoinWorkerThread newWorker(ForkJoinPool p) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        t.setDaemon(true);
        t.setName("nabla-kernel-" + t.getPoolIndex());
        return t;
    }

    /** Number of fixed-size chunks of {@code chunk} elements that cover {@code n}. */
    public static int chunks(int n, int chunk) {
        return (n + chunk - 1) / chunk;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most {@link Kernels#threads()} contiguous
     * ranges of at least {@code grain} indices. Runs inline when the work is small, when one thread is
     * configured, or when already inside a kernel task (no nested parallelism).
     */
    public static void range(int n, int grain, Range body) {
        int t = threads;
        int parts = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        ForkJoinPool p = pool();
        for (int i = 1; i < parts; i++) {
            int from = (int) ((long) n * i / parts);
            int to = (int) ((long) n * (i + 1) / parts);
            tasks[i - 1] = p.submit(new Piece(body, from, to));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / parts));
        } catch (Throwable e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static final class Piece extends RecursiveAction {
        private final Range body;
        private final int from;
        private final int to;

        Piece(Range body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            body.run(from, to);
        }
    }
}
