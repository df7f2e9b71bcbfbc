package dev.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.activations.Tanh;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelGradCheckTest {
    /** y = x ⊙ s with a deliberately wrong backward: ds = Σ dY (forgets the factor x). */
    static final class BrokenScale extends Module {
        private final Tensor scale = registerParameter("scale", Tensor.ones(3));

        @Override
        public Tensor forward(Tensor x) {
            return new Function() {
                private Tensor input;

                @Override
                protected Tensor forward(Context ctx, Tensor... in) {
                    input = in[0];
                    return in[0].mul(in[1]);
                }

                @Override
                protected Tensor[] backward(Context ctx, Tensor dy) {
                    return new Tensor[] {dy.mul(scale), dy.sum(0)};
                }
            }.apply(x, scale);
        }
    }

    @Test
    void aCorrectModelPasses() {
        Module model = new Sequential(new Linear(5, 3, new Rng(1)), new Tanh(), new Linear(3, 2, new Rng(2)));
        GradCheck.Report r = ModelGradCheck.check(model, new int[] {4, 5}, 2, GradCheck.Options.DEFAULT, new Rng(3));
        assertThat(r.passed()).as(r.toString()).isTrue();
        assertThat(r.tensors()).extracting(GradCheck.TensorResult::name)
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void aWrongBackwardFails() {
        Module model = new Sequential(new Linear(5, 3, new Rng(1)), new BrokenScale(), new Linear(3, 2, new Rng(2)));
        GradCheck.Report r = ModelGradCheck.check(model, new int[] {4, 5}, 2, GradCheck.Options.DEFAULT, new Rng(3));
        assertThat(r.passed()).isFalse();
        assertThat(r.tensors()).filteredOn(t -> !t.passed()).extracting(GradCheck.TensorResult::name)
                .containsExactly("1.scale");
    }
}
