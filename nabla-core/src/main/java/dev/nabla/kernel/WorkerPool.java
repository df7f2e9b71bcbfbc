package dev.nabla.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistent threads behind {@link Parallel#range}: {@code parallelism − 1} daemon workers plus the
 * calling thread run the pieces of one region at a time.
 *
 * <p>Pieces are claimed from a shared counter rather than assigned, so a worker that is slow to wake
 * (parked, or descheduled on a busy machine) costs nothing: the caller takes its piece. After a region a
 * worker waits for the next one for {@link #SPIN_NANOS} before it parks, because kernels of one training
 * step follow each other within microseconds, and waking a parked thread costs 20–40 µs in a virtual
 * machine. Only the first {@link #PURE_SPIN_NANOS} of a wait is a pure spin; after that each check yields
 * the CPU, so that when the waiter shares a core with the thread it waits for (more runnable threads
 * than cores, e.g. on a shared machine), it does not keep that thread from running.
 */
final class WorkerPool {
    /** How long an idle worker (or a waiting caller) keeps checking before it parks. */
    private static final long SPIN_NANOS = 250_000;
    /** How long it checks without yielding the CPU. */
    private static final long PURE_SPIN_NANOS = 5_000;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Region current;
    private volatile boolean shutdown;
    private long sequence;

    WorkerPool(int parallelism) {
        workers = new Worker[parallelism - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, i + 1);
            workers[i].start();
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@code parts} pieces on the workers and the calling thread,
     * and rethrows the first failure. Returns false, having run nothing, when the pool is already running a
     * region (a nested call, or another thread's): the caller then runs the loop itself.
     */
    boolean run(int n, int parts, Parallel.Range body) {
        if (shutdown || !busy.compareAndSet(false, true)) {
            return false;
        }
        Region region = new Region(++sequence, n, parts, body);
        try {
            current = region;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            region.work();
            region.await();
        } finally {
            // Drop the reference so the finished loop body (and the arrays it holds) can be collected.
            current = null;
            busy.set(false);
        }
        region.rethrow();
        return true;
    }

    /** Stops the workers once they are idle; a region that is still running completes on its caller. */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** Waits for a region newer than {@code seen}; null once the pool shuts down. */
    private Region next(long seen, Worker self) {
        long start = System.nanoTime();
        for (int spins = 0; ; spins++) {
            Region r = current;
            if (r != null && r.sequence != seen) {
                return r;
            }
            if (shutdown) {
                return null;
            }
            if ((spins & 15) != 15) {
                Thread.onSpinWait();
                continue;
            }
            long waited = System.nanoTime() - start;
            if (waited < PURE_SPIN_NANOS) {
                continue;
            }
            if (waited < SPIN_NANOS) {
                Thread.yield();
                continue;
            }
            // Publish "parked" before re-checking, so run() either sees the flag or we see its region.
            self.parked = true;
            r = current;
            if ((r == null || r.sequence == seen) && !shutdown) {
                LockSupport.park(this);
            }
            self.parked = false;
            start = System.nanoTime();
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        volatile boolean parked;

        Worker(WorkerPool pool, int index) {
            super("nabla-kernel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            for (Region r = pool.next(seen, this); r != null; r = pool.next(seen, this)) {
                seen = r.sequence;
                r.work();
            }
        }
    }

    /** One {@link Parallel#range} call: its pieces, who has claimed them and how many are done. */
    private static final class Region {
        private static final VarHandle NEXT;
        private static final VarHandle DONE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                NEXT = l.findVarHandle(Region.class, "next", int.class);
                DONE = l.findVarHandle(Region.class, "done", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long sequence;
        private final int n;
        private final int parts;
        private final Parallel.Range body;
        private volatile int next;
        private volatile int done;
        private volatile Throwable failure;
        private volatile Thread waiter;

        Region(long sequence, int n, int parts, Parallel.Range body) {
            this.sequence = sequence;
            this.n = n;
            this.parts = parts;
            this.body = body;
        }

        /** Claims and runs pieces until none is left. */
        void work() {
            for (int i = (int) NEXT.getAndAdd(this, 1); i < parts; i = (int) NEXT.getAndAdd(this, 1)) {
                if (failure == null) {
                    try {
                        body.run(bound(i), bound(i + 1));
                    } catch (Throwable e) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                }
                if ((int) DONE.getAndAdd(this, 1) + 1 == parts) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        private int bound(int i) {
            return (int) ((long) n * i / parts);
        }

        /** Returns once every piece has finished (spinning, then yielding, then parking). */
        void await() {
            long start = System.nanoTime();
            while (done < parts) {
                long waited = System.nanoTime() - start;
                if (waited < PURE_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (waited < SPIN_NANOS) {
                    Thread.yield();
                } else {
                    waiter = Thread.currentThread();
                    while (done < parts) {
                        LockSupport.park(this);
                    }
                    return;
                }
            }
        }

        void rethrow() {
            Throwable e = failure;
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException("A kernel task failed", e);
            }
        }
    }
}
