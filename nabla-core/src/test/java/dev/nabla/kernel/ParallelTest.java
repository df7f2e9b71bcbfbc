package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final int THREADS = Kernels.threads();
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(THREADS);
    }

    @Test
    void everyIndexRunsExactlyOnceInContiguousPieces() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Kernels.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 7, 100, 1001}) {
                for (int grain : new int[] {1, 3, 50, 2000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    List<int[]> pieces = new CopyOnWriteArrayList<>();
                    Parallel.range(n, grain, (from, to) -> {
                        pieces.add(new int[] {from, to});
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertThat(hits.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                    }
                    int expectedPieces = n == 0 ? 0 : Math.min(threads, Math.max(1, n / grain));
                    assertThat(pieces).hasSize(expectedPieces);
                    List<int[]> sorted = new ArrayList<>(pieces);
                    sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
                    int next = 0;
                    for (int[] p : sorted) {
                        assertThat(p[0]).as("piece start").isEqualTo(next);
                        assertThat(p[1]).as("piece end").isGreaterThan(p[0]);
                        next = p[1];
                    }
                    assertThat(next).isEqualTo(n);
                }
            }
        }
    }

    @Test
    void piecesFollowTheDocumentedBoundaries() {
        Kernels.setThreads(3);
        Set<String> pieces = ConcurrentHashMap.newKeySet();
        Parallel.range(10, 1, (from, to) -> pieces.add(from + "-" + to));
        assertThat(pieces).containsExactlyInAnyOrder("0-3", "3-6", "6-10");
    }

    @Test
    void exceptionsPropagateToTheCaller() {
        Kernels.setThreads(2);
        for (int attempt = 0; attempt < 50; attempt++) {
            assertThatThrownBy(() -> Parallel.range(2, 1, (from, to) -> {
                if (from == 1) {
                    throw new IllegalStateException("piece " + from);
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("piece 1");
        }
        assertThatThrownBy(() -> Parallel.range(4, 1, (from, to) -> {
            throw new AssertionError("boom");
        })).isInstanceOf(AssertionError.class).hasMessage("boom");
        // The pool is still usable afterwards.
        AtomicInteger sum = new AtomicInteger();
        Parallel.range(100, 1, (from, to) -> sum.addAndGet(to - from));
        assertThat(sum.get()).isEqualTo(100);
    }

    @Test
    void nestedRegionsRunInlineWithoutDeadlock() {
        Kernels.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(40 * 50);
            for (int rep = 0; rep < 100; rep++) {
                Parallel.range(40, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int row = i;
                        Parallel.range(50, 1, (f, t) -> {
                            for (int j = f; j < t; j++) {
                                hits.incrementAndGet(row * 50 + j);
                            }
                        });
                    }
                });
            }
            for (int i = 0; i < hits.length(); i++) {
                assertThat(hits.get(i)).isEqualTo(100);
            }
        });
    }

    @Test
    void concurrentCallersAllComplete() throws InterruptedException {
        Kernels.setThreads(2);
        AtomicInteger total = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                for (int rep = 0; rep < 500; rep++) {
                    Parallel.range(64, 1, (from, to) -> total.addAndGet(to - from));
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join(LIMIT.toMillis());
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(total.get()).isEqualTo(4 * 500 * 64);
    }

    @Test
    void threadCountCanChangeBetweenAndDuringRegions() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicInteger total = new AtomicInteger();
            for (int rep = 0; rep < 200; rep++) {
                Kernels.setThreads(1 + rep % 4);
                Parallel.range(30, 1, (from, to) -> {
                    if (from == 0) {
                        Kernels.setThreads(2);
                    }
                    total.addAndGet(to - from);
                });
            }
            assertThat(total.get()).isEqualTo(200 * 30);
        });
    }

    @Test
    void workersAreDaemonThreads() {
        Kernels.setThreads(3);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 200 && seen.size() < 2; rep++) {
            Parallel.range(3, 1, (from, to) -> {
                if (Thread.currentThread().getName().startsWith("nabla-kernel-")) {
                    seen.add(Thread.currentThread());
                }
                busyWaitMicros(200);
            });
        }
        assertThat(seen).isNotEmpty().allMatch(Thread::isDaemon);
    }

    @Test
    void invalidThreadCountIsRejected() {
        assertThatThrownBy(() -> Kernels.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid thread count: 0 (must be at least 1)");
    }

    @Test
    void chunksCoverTheRange() {
        assertThat(Parallel.chunks(0, 16)).isZero();
        assertThat(Parallel.chunks(16, 16)).isEqualTo(1);
        assertThat(Parallel.chunks(17, 16)).isEqualTo(2);
    }

    private static void busyWaitMicros(long micros) {
        long end = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
