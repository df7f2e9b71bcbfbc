package dev.nabla.autograd;

import static dev.nabla.testing.TensorAssert.assertClose;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {

    /** The Javadoc example of Function: y = x³ with dx = 3x²·dy. */
    static final class Cube extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.mul(ctx.saved(0).pow(2)).mul(3)};
        }
    }

    private static Tensor leaf(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    @Test
    void customFunctionIsDifferentiatedThroughItsHandWrittenBackward() {
        Tensor x = leaf(1, -2, 0.5);
        new Cube().apply(x).sum().backward();
        assertClose(x.grad(), Tensor.of(new double[] {3, 12, 0.75}), 0, 1e-12, "dx");
        Tensor y = Tensor.randn(new Rng(3), 2, 3).to(DType.FLOAT64).detach().requiresGrad(true);
        assertGradCheck(GradCheck.check(() -> new Cube().apply(y), y), "cube");
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Tensor x = leaf(2, 3);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertClose(x.grad(), Tensor.of(new double[] {8, 12}), 0, 0, "two backward calls");
        x.zeroGrad();
        assertThat(x.grad()).isNull();
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(2, 3);
        Tensor y = x.exp();
        y.add(y.mul(x)).sum().backward();
        // d/dx [e^x + x·e^x] = e^x + e^x + x·e^x
        double[] expected = {2 * Math.exp(2) + 2 * Math.exp(2), 2 * Math.exp(3) + 3 * Math.exp(3)};
        assertClose(x.grad(), Tensor.of(expected), 1e-12, 0, "diamond graph");
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();
        assertThatThrownBy(loss::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("second time")
                .hasMessageContaining("retainGraph");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward(Tensor.ones(DType.FLOAT64), true);
        loss.backward();
        assertClose(x.grad(), Tensor.of(new double[] {2 * Math.E, 2 * Math.exp(2)}), 1e-12, 0, "twice");
    }

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2).mul(2);
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scalar")
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> y.backward(Tensor.ones(DType.FLOAT64, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3]");
    }

    @Test
    void backwardWithoutAnyGradientFailsClearly() {
        Tensor y = Tensor.of(new double[] {1, 2}).sum();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not require grad");
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            assertThat(NoGrad.isGradEnabled()).isFalse();
            y = x.mul(3);
        }
        assertThat(NoGrad.isGradEnabled()).isTrue();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
        assertThat(x.mul(3).gradFn().name()).isEqualTo("Mul");
    }

    @Test
    void nonScalarBackwardUsesTheGivenGradient() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).backward(Tensor.of(new double[] {1, 0, -1}));
        assertClose(x.grad(), Tensor.of(new double[] {2, 0, -6}), 0, 0, "vector-Jacobian product");
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3).retainGrad();
        h.mul(h).sum().backward();
        assertClose(h.grad(), Tensor.of(new double[] {6, 12}), 0, 0, "dL/dh");
        assertClose(x.grad(), Tensor.of(new double[] {18, 36}), 0, 0, "dL/dx");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2).detach().mul(x).sum();
        y.backward();
        assertClose(x.grad(), Tensor.of(new double[] {2, 4}), 0, 0, "only the direct path");
    }

    @Test
    void aFunctionInstanceIsSingleUse() {
        Cube cube = new Cube();
        cube.apply(leaf(1));
        assertThatThrownBy(() -> cube.apply(leaf(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cube was already applied");
    }

    @Test
    void aBackwardReturningTheWrongShapeIsReported() {
        Function bad = new Function() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(2);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor dy) {
                return new Tensor[] {dy.sum()};
            }

            @Override
            public String name() {
                return "Bad";
            }
        };
        Tensor y = bad.apply(leaf(1, 2)).sum();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Bad.backward returned a gradient of shape []")
                .hasMessageContaining("of shape [2]");
    }

    @Test
    void onlyLeavesChangeRequiresGrad() {
        Tensor y = leaf(1).mul(2);
        assertThatThrownBy(() -> y.requiresGrad(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leaf");
    }

    @Test
    void inPlaceChangesOfTensorsThatRequireGradNeedNoGrad() {
        Tensor w = leaf(1, 2);
        assertThatThrownBy(() -> w.fill(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NoGrad");
        try (NoGrad ignored = NoGrad.enter()) {
            w.addInPlace(Tensor.of(new double[] {1, 1}), -0.5);
        }
        assertClose(w, Tensor.of(new double[] {0.5, 1.5}), 0, 0, "updated");
    }

    /** y = x², with a backward that forgets the factor 2. */
    static final class WrongSquare extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.mul(ctx.saved(0))};
        }
    }

    @Test
    void gradCheckCatchesAWrongBackward() {
        Tensor x = leaf(0.5, -1.5, 2);
        GradCheck.Report r = GradCheck.check(() -> new WrongSquare().apply(x), x);
        assertThat(r.passed()).isFalse();
        assertThat(r.worst().analytic()).isCloseTo(r.worst().numeric() / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.toString()).contains("FAILED").contains("input 0");
    }

    /** y = 2x, with a backward that is twice too large everywhere and NaN at element 1. */
    static final class NaNAtOne extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(2);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor dx = dy.mul(4);
            dx.setFlat(1, Double.NaN);
            return new Tensor[] {dx};
        }
    }

    @Test
    void gradCheckReportsANaNGradientAsTheWorstElement() {
        Tensor x = leaf(0.5, -1.5, 2, 3);
        GradCheck.Report r = GradCheck.check(() -> new NaNAtOne().apply(x), x);
        assertThat(r.passed()).isFalse();
        assertThat(r.worst().index()).isEqualTo(1);
        assertThat(r.worst().analytic()).isNaN();
        assertThat(r.worst().passed()).isFalse();
        assertThat(r.tensors().get(0).worst().index()).isEqualTo(1);
        assertThat(r.tensors().get(0).worstRelError()).isNaN();
        assertThat(r.toString()).contains("worst: input 0[1]: analytic NaN");
    }

    @Test
    void anonymousFunctionsStillHaveAName() {
        Function f = new Function() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0];
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor dy) {
                return new Tensor[] {dy};
            }
        };
        // getSimpleName() is empty for an anonymous class; the name falls back to the binary name's last part.
        assertThat(f.name()).isEqualTo("AutogradTest$2");
        assertThat(f.apply(leaf(1).mul(1)).gradFn().toString()).isEqualTo("AutogradTest$2Backward0");
    }

    @Test
    void gradCheckRejectsFloat32() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        assertThatThrownBy(() -> GradCheck.check(() -> x.mul(x), x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float64");
    }

    @Test
    void backwardBeforeForwardIsAnIllegalStateNamingTheFunction() {
        final class Saves extends Function {
            private Tensor xHat;

            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                xHat = in[0];
                return in[0];
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor dy) {
                requireSaved(xHat, "xHat");
                return new Tensor[] {dy};
            }
        }
        assertThatThrownBy(() -> new Saves().backward(null, Tensor.ones(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Saves.backward called before forward: no saved xHat");
    }
}
