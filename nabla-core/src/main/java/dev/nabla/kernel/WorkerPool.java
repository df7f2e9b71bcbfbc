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
 * worker spins for {@link #SPIN_NANOS} before it parks, because kernels of one training step follow each
 * other within microseconds and an unpark costs more than the kernel it would start.
 */
final class WorkerPool {
    /** How long an idle worker (or a waiting caller) spins before it parks. */
    private static final long SPIN_NANOS = 100_000;

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
        long deadline = 0;
        for (int spins = 0; ; spins++) {
            Region r = current;
            if (r != null && r.sequence != seen) {
                return r;
            }
            if (shutdown) {
                return null;
            }
            if ((spins & 63) != 63) {
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + SPIN_NANOS;
            } else if (now > deadline) {
                // Publish "parked" before re-checking, so run() either sees the flag or we see its region.
                self.parked = true;
                r = current;
                if ((r == null || r.sequence == seen) && !shutdown) {
                    LockSupport.park(this);
                }
                self.parked = false;
                deadline = 0;
            }
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

        /** Returns once every piece has finished (spinning first, then parking). */
        void await() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (done < parts) {
                if (System.nanoTime() > deadline) {
                    waiter = Thread.currentThread();
                    while (done < parts) {
                        LockSupport.park(this);
                    }
                    return;
                }
                Thread.onSpinWait();
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
