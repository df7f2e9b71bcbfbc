package dev.nabla.tensor;

import static dev.nabla.testing.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Creation, views, values of non-differentiable ops, and the errors for bad shapes. */
class TensorTest {

    @Test
    void creationFactories() {
        assertThat(Tensor.zeros(2, 3).toFloatArray()).containsOnly(0f).hasSize(6);
        assertThat(Tensor.ones(DType.FLOAT64, 4).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.full(2.5, 2).toFloatArray()).containsExactly(2.5f, 2.5f);
        assertThat(Tensor.arange(0, 1, 0.25).toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
        assertThat(Tensor.arange(3).shape()).containsExactly(3);
        assertThat(Tensor.scalar(7).shape()).isEmpty();
        assertThat(Tensor.scalar(7).item()).isEqualTo(7f);
        assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).get(1, 0)).isEqualTo(3f);
        assertThat(Tensor.oneHot(new int[] {2, 0}, 3).toFloatArray()).containsExactly(0, 0, 1, 1, 0, 0);
    }

    @Test
    void ofCopiesButWrapShares() {
        float[] data = {1, 2, 3, 4};
        Tensor copied = Tensor.of(data, 2, 2);
        Tensor wrapped = Tensor.wrap(data, 2, 2);
        data[0] = 9;
        assertThat(copied.get(0, 0)).isEqualTo(1f);
        assertThat(wrapped.get(0, 0)).isEqualTo(9f);
    }

    @Test
    void randomTensorsAreReproducibleAndHaveTheRightMoments() {
        Tensor a = Tensor.randn(new Rng(7), 10000);
        Tensor b = Tensor.randn(new Rng(7), 10000);
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.mean().item()).isCloseTo(0f, within(0.05f));
        assertThat(a.var(new int[0], true, false).item()).isCloseTo(1f, within(0.05f));
        Tensor u = Tensor.uniform(new Rng(1), -2, 3, 10000);
        assertThat(u.max().item()).isLessThan(3f);
        assertThat(u.neg().max().item()).isLessThanOrEqualTo(2f);
        assertThat(u.mean().item()).isCloseTo(0.5f, within(0.1f));
        Tensor n = Tensor.normal(new Rng(2), 5, 1e-4, 1000);
        assertThat(n.mean().item()).isCloseTo(5f, within(1e-4f));
    }

    @Test
    void reshapeAndRowNarrowAreViews() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor flat = x.reshape(-1);
        assertThat(flat.floatData()).isSameAs(x.floatData());
        Tensor row = x.narrow(0, 1, 1);
        assertThat(row.floatData()).isSameAs(x.floatData());
        assertThat(row.toFloatArray()).containsExactly(3, 4, 5);
        assertThat(x.flatten(0).shape()).containsExactly(6);
        assertThat(Tensor.zeros(2, 3, 4, 5).flatten(1).shape()).containsExactly(2, 60);
        assertThat(x.unsqueeze(1).shape()).containsExactly(2, 1, 3);
        assertThat(x.unsqueeze(-1).shape()).containsExactly(2, 3, 1);
        assertThat(x.unsqueeze(0).squeeze(0).shape()).containsExactly(2, 3);
    }

    @Test
    void comparisonsGiveZeroOrOne() {
        Tensor a = Tensor.of(new float[] {1, 2, 3});
        Tensor b = Tensor.of(new float[] {2, 2, 2});
        assertThat(a.eq(b).toFloatArray()).containsExactly(0, 1, 0);
        assertThat(a.ne(b).toFloatArray()).containsExactly(1, 0, 1);
        assertThat(a.lt(b).toFloatArray()).containsExactly(1, 0, 0);
        assertThat(a.le(b).toFloatArray()).containsExactly(1, 1, 0);
        assertThat(a.gt(b).toFloatArray()).containsExactly(0, 0, 1);
        assertThat(a.ge(2).toFloatArray()).containsExactly(0, 1, 1);
        assertThat(a.eq(b).requiresGrad()).isFalse();
    }

    @Test
    void comparisonsBroadcast() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor row = Tensor.of(new float[] {2, 5, 3});
        assertThat(m.lt(row).shape()).containsExactly(2, 3);
        assertThat(m.lt(row).toFloatArray()).containsExactly(1, 1, 0, 0, 0, 0);
        assertThat(m.ge(row).toFloatArray()).containsExactly(0, 0, 1, 1, 1, 1);
        assertThat(row.eq(m).toFloatArray()).containsExactly(0, 0, 1, 0, 1, 0);
        Tensor col = Tensor.of(new float[] {2, 5}, 2, 1);
        Tensor r = col.gt(Tensor.of(new float[] {1, 2, 5}, 1, 3));
        assertThat(r.shape()).containsExactly(2, 3);
        assertThat(r.toFloatArray()).containsExactly(1, 0, 0, 1, 1, 0);
        assertThat(m.ne(Tensor.scalar(5)).toFloatArray()).containsExactly(1, 1, 1, 1, 0, 1);
        assertThatThrownBy(() -> m.le(Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("le").hasMessageContaining("[2, 3]").hasMessageContaining("[2]");
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        Tensor x = Tensor.of(new float[][] {{1, 5, 5}, {7, 0, 7}});
        assertThat(x.argmax(1)).containsExactly(1, 0);
        assertThat(x.argmax(0)).containsExactly(1, 0, 1);
        assertThat(x.argmax(1, false).shape()).containsExactly(2);
        assertThat(x.argmax(1, false).toFloatArray()).containsExactly(1, 0);
        assertThat(x.argmax(-1, true).shape()).containsExactly(2, 1);
        assertThat(x.argmax(0, true).shape()).containsExactly(1, 3);
        assertThat(x.argmax(0, true).toFloatArray()).containsExactly(1, 0, 1);
        assertThat(x.to(DType.FLOAT64).argmax(0, false).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(x.argmax()).isEqualTo(3);
        assertThat(Tensor.of(new float[] {1, Float.NaN, 9, Float.NaN}).argmax()).isEqualTo(1);
        assertThat(Tensor.scalar(4).argmax()).isZero();
    }

    @Test
    void maxOverSeveralAxes() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4).mul(Tensor.of(new float[] {1, -1, 1, -1}));
        assertThat(x.max(new int[] {0, 2}, false).toFloatArray()).containsExactly(14, 18, 22);
        assertThat(x.max(new int[] {0, 2}, true).shape()).containsExactly(1, 3, 1);
        assertThat(x.max(new int[] {-1, 1}, false).toFloatArray()).containsExactly(10, 22);
        assertThat(x.max(new int[0], true).shape()).containsExactly(1, 1, 1);
        assertThat(x.max().item()).isEqualTo(22f);
        assertThat(Tensor.of(new float[] {1, Float.NaN, 3}).max().item()).isNaN();
        assertThat(Tensor.zeros(0, 3).max(1, false).shape()).containsExactly(0);
        assertThatThrownBy(() -> x.max(new int[] {0, 0}, false)).hasMessageContaining("max: axis 0 appears twice");
    }

    @Test
    void maxTiesShareTheGradientEvenly() {
        Tensor x = Tensor.of(new double[] {3, 1, 3, 3, 2, 0}, 2, 3).requiresGrad(true);
        x.max(1, false).backward(Tensor.of(new double[] {6, 1}));
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 0, 3, 1, 0, 0);
        Tensor y = Tensor.of(new double[] {4, 4, 4, 1}).requiresGrad(true);
        y.max().backward();
        assertThat(y.grad().toDoubleArray()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3, 0);
    }

    @Test
    void maxAndArgmaxOfAnEmptyAxisNameTheOpAndTheShape() {
        Tensor e = Tensor.zeros(2, 0, 3);
        assertThatThrownBy(() -> e.max(1, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max").hasMessageContaining("axis 1").hasMessageContaining("[2, 0, 3]");
        assertThatThrownBy(() -> e.max(new int[] {0, 1}, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max").hasMessageContaining("[2, 0, 3]");
        assertThatThrownBy(e::max).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max").hasMessageContaining("[2, 0, 3]");
        assertThatThrownBy(() -> e.argmax(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax").hasMessageContaining("axis 1").hasMessageContaining("[2, 0, 3]");
        assertThatThrownBy(() -> e.argmax(-2, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax").hasMessageContaining("[2, 0, 3]");
        assertThatThrownBy(e::argmax).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax").hasMessageContaining("[2, 0, 3]");
        assertThat(e.max(2, false).shape()).containsExactly(2, 0);
    }

    @Test
    void broadcastingEdgeCases() {
        assertThat(Tensor.zeros(3, 1).add(Tensor.zeros(1, 4)).shape()).containsExactly(3, 4);
        assertThat(Tensor.zeros(2, 1, 4).add(Tensor.zeros(3, 1)).shape()).containsExactly(2, 3, 4);
        assertThat(Tensor.scalar(1).add(Tensor.scalar(2)).shape()).isEmpty();
        assertThat(Tensor.zeros(0, 3).add(Tensor.ones(3)).shape()).containsExactly(0, 3);
        assertThat(Tensor.zeros(5).add(Tensor.zeros(1)).shape()).containsExactly(5);
        Tensor r = Tensor.of(new float[][] {{1, 2, 3}}).add(Tensor.of(new float[] {10, 20}, 2, 1));
        assertThat(r.toFloatArray()).containsExactly(11, 12, 13, 21, 22, 23);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[4]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2)))
                .hasMessageContaining("mul").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)))
                .hasMessageContaining("matmul").hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]")
                .hasMessageContaining("3 columns vs 4 rows");
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
                .hasMessageContaining("matmul").hasMessageContaining("[2, 3, 4]").hasMessageContaining("[3, 4, 5]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2))
                .hasMessageContaining("reshape [2, 3] -> [4, 2]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(-1, -1)).hasMessageContaining("only one dimension");
        assertThatThrownBy(() -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .hasMessageContaining("concat").hasMessageContaining("[2, 4]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(3)))
                .hasMessageContaining("stack").hasMessageContaining("[3]").hasMessageContaining("[2]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).sum(2)).hasMessageContaining("sum: axis 2 is out of range");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).permute(0, 0)).hasMessageContaining("repeats");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).squeeze(0)).hasMessageContaining("has size 2, not 1");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).narrow(1, 2, 2)).hasMessageContaining("outside axis 1");
        assertThatThrownBy(() -> Tensor.zeros(2).indexSelect(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Tensor.zeros(3, 1).expand(2, 2)).hasMessageContaining("expand");
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2)).hasMessageContaining("3 values");
        assertThatThrownBy(() -> Tensor.zeros(2).add(Tensor.zeros(DType.FLOAT64, 2)))
                .hasMessageContaining("dtypes differ");
        assertThatThrownBy(() -> Tensor.zeros(2).item()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Tensor.oneHot(new int[] {3}, 3)).hasMessageContaining("label 3");
        assertThatThrownBy(() -> Tensor.zeros(2).clamp(1, 0)).hasMessageContaining("min 1.0 is greater than max 0.0");
    }

    @Test
    void matmulHandlesVectors() {
        Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor v = Tensor.of(new float[] {1, 1});
        assertThat(m.matmul(v).toFloatArray()).containsExactly(3, 7);
        assertThat(v.matmul(m).toFloatArray()).containsExactly(4, 6);
        assertThat(v.matmul(v).shape()).isEmpty();
        assertThat(v.matmul(v).item()).isEqualTo(2f);
    }

    @Test
    void numericallyStableLogSumExp() {
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000});
        assertThat(x.logsumexp(new int[] {0}, false).item()).isCloseTo(1000f + (float) Math.log(2), within(1e-3f));
    }

    /** As PyTorch: −∞ for a slice of −∞ or an empty slice, +∞ for a slice holding +∞, never NaN. */
    @Test
    void logSumExpAtInfinities() {
        float inf = Float.POSITIVE_INFINITY;
        assertThat(Tensor.full(-inf, 2, 3).logsumexp(new int[0], false).item()).isEqualTo(-inf);
        assertThat(Tensor.full(DType.FLOAT64, -inf, 4).logsumexp(new int[] {0}, true).toDoubleArray())
                .containsExactly(Double.NEGATIVE_INFINITY);
        Tensor x = Tensor.of(new float[][] {{-inf, -inf}, {inf, 1}, {0, 0}});
        assertThat(x.logsumexp(new int[] {1}, false).toFloatArray())
                .containsExactly(-inf, inf, (float) Math.log(2));
        assertThat(Tensor.zeros(0).logsumexp(new int[0], false).item()).isEqualTo(-inf);
        assertThat(Tensor.zeros(0, 3).logsumexp(new int[] {0}, false).toFloatArray()).containsExactly(-inf, -inf, -inf);
    }

    @Test
    void conversionsRoundTrip() {
        Tensor x = Tensor.of(new float[] {0.1f, 2, -3});
        Tensor d = x.to(DType.FLOAT64);
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        assertClose(d.to(DType.FLOAT32), x, 0, 0, "round trip");
        assertThatThrownBy(d::floatData).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void setDataRepointsALeaf() {
        Tensor p = Tensor.ones(2).requiresGrad(true);
        p.setData(Tensor.of(new double[] {5, 6}));
        assertThat(p.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(p.toDoubleArray()).containsExactly(5, 6);
        assertThatThrownBy(() -> p.setData(Tensor.zeros(3))).hasMessageContaining("[3]");
    }
}
