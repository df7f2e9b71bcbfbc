package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** 100 rows whose single feature is their index; classes 0..3 with 10, 20, 30, 40 members. */
    private static TabularDataset data() {
        float[] x = new float[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i < 10 ? 0 : i < 30 ? 1 : i < 60 ? 2 : 3;
        }
        return new TabularDataset("rows", x, y, 1, List.of("a", "b", "c", "d"));
    }

    private static Set<Integer> ids(Dataset d) {
        Set<Integer> s = new HashSet<>();
        float[] x = new float[1];
        for (int i = 0; i < d.size(); i++) {
            d.readSample(i, x, 0);
            s.add((int) x[0]);
            assertThat(d.label(i)).isEqualTo(data().label((int) x[0]));
        }
        return s;
    }

    @Test
    void randomSplitIsSeededDisjointAndComplete() {
        Split a = Split.random(data(), 25, 5);
        Split b = Split.random(data(), 25, 5);
        Split c = Split.random(data(), 25, 6);
        assertThat(a.validation().size()).isEqualTo(25);
        assertThat(a.train().size()).isEqualTo(75);
        assertThat(ids(a.validation())).isEqualTo(ids(b.validation()));
        assertThat(ids(a.validation())).isNotEqualTo(ids(c.validation()));
        Set<Integer> all = new HashSet<>(ids(a.train()));
        all.addAll(ids(a.validation()));
        assertThat(all).hasSize(100);
    }

    @Test
    void stratifiedSplitKeepsClassShares() {
        Split s = Split.stratified(data(), 25, 3);
        // 25% of 10, 20, 30, 40 is 2.5, 5, 7.5, 10: the largest remainders (ties to the lower class) round up class 0.
        assertThat(s.validation().classCounts()).containsExactly(3, 5, 7, 10);
        assertThat(s.train().classCounts()).containsExactly(7, 15, 23, 30);
        assertThat(ids(s.validation())).isEqualTo(ids(Split.stratified(data(), 25, 3).validation()));
        assertThat(ids(s.validation())).isNotEqualTo(ids(Split.stratified(data(), 25, 4).validation()));
    }

    @Test
    void sizeOutOfRange() {
        assertThatThrownBy(() -> Split.random(data(), 101, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Validation size must be in [0, 100] for rows, got 101");
    }
}
