package dev.nabla.nn.losses;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.BatchNorm;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The L2 penalty λ·Σₖ ‖Wₖ‖² of seed 004 as a loss term, added to the data loss before backward:
 * <pre>{@code
 * L2Penalty penalty = new L2Penalty(0.01, model);
 * Tensor loss = criterion.forward(model.forward(x), y).add(penalty.forward());
 * loss.backward();                    // every W also receives 2λ·W
 * }</pre>
 *
 * <p>Which parameters: the weights only. From a model it takes every parameter named {@code weight} with
 * at least 2 dimensions (Linear [D_out, D_in], convolution kernels), and skips biases and the γ of
 * normalisation layers (BatchNorm, LayerNorm), as the report penalises W1 and W2 only.
 *
 * <p>Gradient: ∂/∂W (λ·‖W‖²) = 2λ·W. This is not an optimizer's {@code weight_decay}, which adds wd·W to
 * the gradient inside the step without appearing in the loss: for plain SGD the two coincide when
 * wd = 2λ (and only on the selected weights, whereas weight_decay usually applies to every parameter);
 * for adaptive optimizers (Adam) they differ, because the penalty's gradient is rescaled per parameter like
 * any other gradient. The penalty also shows up in the reported loss value; weight decay never does.
 */
public class L2Penalty {
    private final double lambda;
    private final Map<String, Tensor> weights;

    /** λ·Σ‖W‖² over {@code model}'s weights, selected as the class comment says. */
    public L2Penalty(double lambda, Module model) {
        this(lambda, weightsOf(model));
    }

    /** λ·Σ‖W‖² over the given named tensors. */
    public L2Penalty(double lambda, Map<String, Tensor> weights) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("L2Penalty: lambda must be non-negative, got " + lambda);
        }
        this.lambda = lambda;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The weights of {@code model} that the penalty applies to, under their dotted names. */
    public static Map<String, Tensor> weightsOf(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(model, "", out);
        return out;
    }

    private static void collect(Module m, String prefix, Map<String, Tensor> out) {
        if (!(m instanceof BatchNorm) && !(m instanceof LayerNorm)) {
            Tensor w = m.namedParameters().get("weight");
            if (w != null && w.dim() >= 2) {
                out.put(prefix + "weight", w);
            }
        }
        m.namedChildren().forEach((name, child) -> collect(child, prefix + name + ".", out));
    }

    public double lambda() {
        return lambda;
    }

    /** The penalised tensors by name. */
    public Map<String, Tensor> weights() {
        return weights;
    }

    /** λ·Σₖ ‖Wₖ‖², a scalar that backpropagates 2λ·Wₖ into each weight. */
    public Tensor forward() {
        if (weights.isEmpty()) {
            throw new IllegalStateException("L2Penalty: no weights to penalise (the model has no parameter named"
                    + " 'weight' with 2 or more dimensions)");
        }
        return new SquaredNormFunction(lambda).apply(weights.values().toArray(new Tensor[0]));
    }

    @Override
    public String toString() {
        return "L2Penalty(lambda=" + lambda + ", weights=" + weights.keySet() + ")";
    }

    /** y = λ·Σₖ Σᵢ Wₖ[i]² over any number of inputs Wₖ. */
    public static final class SquaredNormFunction extends Function {
        private final double lambda;
        private Tensor[] inputs;

        public SquaredNormFunction(double lambda) {
            this.lambda = lambda;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            inputs = in.clone();
            double total = 0;
            for (Tensor w : in) {
                for (double v : Blocks.toArray(w)) {
                    total += v * v;
                }
            }
            return Tensor.full(in[0].dtype(), lambda * total);
        }

        /** Given dy (a scalar): dWₖ = 2λ·Wₖ·dy, each shaped like Wₖ. */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor[] w = requireSaved(inputs, "inputs");
            double k = 2 * lambda * dy.getFlat(0);
            Tensor[] grads = new Tensor[w.length];
            for (int i = 0; i < w.length; i++) {
                grads[i] = ctx.needsInputGrad(i) ? w[i].mul(k) : null;
            }
            return grads;
        }
    }
}
