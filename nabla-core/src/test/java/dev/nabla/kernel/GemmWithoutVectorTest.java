package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM started without {@code --add-modules jdk.incubator.vector} (a separate surefire
 * execution): the plain-Java fallback must be chosen, must not touch the Vector API classes, and must
 * be correct and deterministic on its own.
 */
class GemmWithoutVectorTest {
    private static final int THREADS = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(THREADS);
    }

    @Test
    void theFallbackIsSelected() {
        assertThat(Kernels.vectorEnabled()).isFalse();
        assertThat(Gemm.floatImplementation()).isInstanceOf(PlainGemm.class);
        assertThat(Kernels.describe()).startsWith("plain Java");
    }

    @Test
    void fallbackMatchesReferenceForAllTransposes() {
        int[][] shapes = {{1, 1, 1}, {1, 33, 70}, {33, 1, 70}, {7, 13, 17}, {17, 16, 300}, {64, 96, 129}, {5, 300, 2}};
        long seed = 1;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                GemmCase tight = GemmCase.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, 0, seed++);
                tight.check(tight.run(null));
                GemmCase padded = GemmCase.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], -2f, 0.5f, 3, seed++);
                padded.check(padded.run(null));
            }
        }
    }

    @Test
    void fallbackIsBitIdenticalForAnyThreadCount() {
        for (int t = 0; t < 4; t++) {
            for (int[] s : new int[][] {{150, 90, 400}, {9, 700, 300}}) {
                GemmCase g = GemmCase.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 1f, 1, 40 + t);
                Kernels.setThreads(1);
                float[] one = g.run(null);
                Kernels.setThreads(3);
                float[] three = g.run(null);
                g.check(one);
                GemmCase.assertSameBits(one, three, g + ", 1 vs 3 threads");
            }
        }
    }
}
