package dev.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameSequenceDifferentSeedDifferent() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        Rng c = new Rng(43);
        long[] sa = new long[100];
        long[] sb = new long[100];
        long[] sc = new long[100];
        for (int i = 0; i < 100; i++) {
            sa[i] = a.nextLong();
            sb[i] = b.nextLong();
            sc[i] = c.nextLong();
        }
        assertThat(sa).containsExactly(sb);
        assertThat(Arrays.equals(sa, sc)).isFalse();
    }

    @Test
    void stateRestoresTheExactContinuationIncludingASpareGaussian() {
        Rng a = new Rng(5);
        a.nextGaussian();
        Rng b = new Rng(a.state());
        for (int i = 0; i < 50; i++) {
            assertThat(b.nextGaussian()).isEqualTo(a.nextGaussian());
            assertThat(b.nextInt(1000)).isEqualTo(a.nextInt(1000));
        }
        assertThatThrownBy(() -> new Rng(new long[3])).hasMessageContaining("6 longs");
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng r = new Rng(1);
        int[] counts = new int[7];
        for (int i = 0; i < 70000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9500, 10500);
        }
        assertThatThrownBy(() -> r.nextInt(0)).hasMessageContaining("positive");
    }

    @Test
    void floatsAndDoublesAreInTheUnitInterval() {
        Rng r = new Rng(9);
        double sum = 0;
        for (int i = 0; i < 100000; i++) {
            float f = r.nextFloat();
            double d = r.nextDouble();
            assertThat(f).isBetween(0f, Math.nextDown(1f));
            assertThat(d).isBetween(0.0, Math.nextDown(1.0));
            sum += d;
        }
        assertThat(sum / 100000).isCloseTo(0.5, within(0.01));
    }

    @Test
    void permutationIsAPermutationAndForksAreIndependent() {
        Rng r = new Rng(3);
        int[] p = r.permutation(100);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        Rng f1 = new Rng(3).fork();
        Rng f2 = new Rng(3).fork();
        assertThat(f1.nextLong()).isEqualTo(f2.nextLong());
    }
}
