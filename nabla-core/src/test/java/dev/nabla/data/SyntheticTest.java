package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticTest {
    /** xᵀQx written out as a matrix product, independently of Synthetic's expansion. */
    private static int oracle(float x0, float x1) {
        double[][] q = {{1, -0.05}, {1, 0.4}};
        double[] x = {x0, x1};
        double s = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                s += x[i] * q[i][j] * x[j];
            }
        }
        return s > 0.6 ? 1 : 0;
    }

    @Test
    void labelsFollowTheQuadraticForm() {
        TrainTest data = Synthetic.generate(2000, 500, 3);
        for (Dataset d : new Dataset[] {data.train(), data.test()}) {
            TabularDataset t = (TabularDataset) d;
            for (int i = 0; i < t.size(); i++) {
                assertThat(t.label(i)).isEqualTo(oracle(t.feature(i, 0), t.feature(i, 1)));
            }
        }
        assertThat(Synthetic.label(1, 0)).isEqualTo(1);
        assertThat(Synthetic.label(0, 1)).isZero();
        assertThat(Synthetic.label(0.5, 0.5)).isZero();
        assertThat(Synthetic.label(0, -1.3)).isEqualTo(1);
    }

    @Test
    void sizesSeedAndBothClasses() {
        TrainTest a = Synthetic.generate(1000, 300, 7);
        TrainTest b = Synthetic.generate(1000, 300, 7);
        TrainTest c = Synthetic.generate(1000, 300, 8);
        assertThat(a.train().size()).isEqualTo(1000);
        assertThat(a.test().size()).isEqualTo(300);
        assertThat(a.train().sampleShape()).containsExactly(2);
        float[] xa = new float[2];
        float[] xb = new float[2];
        float[] xc = new float[2];
        a.test().readSample(299, xa, 0);
        b.test().readSample(299, xb, 0);
        c.test().readSample(299, xc, 0);
        assertThat(xa).containsExactly(xb);
        assertThat(xa).isNotEqualTo(xc);
        int[] counts = a.train().classCounts();
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isPositive();
    }

    @Test
    void featuresAreStandardNormal() {
        TabularDataset t = (TabularDataset) Synthetic.generate(20_000, 0, 11).train();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < t.size(); i++) {
            for (int j = 0; j < 2; j++) {
                sum += t.feature(i, j);
                sumSq += t.feature(i, j) * t.feature(i, j);
            }
        }
        double n = 2.0 * t.size();
        assertThat(sum / n).isBetween(-0.03, 0.03);
        assertThat(sumSq / n).isBetween(0.96, 1.04);
    }
}
