package dev.nabla.nn.manual;

import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeds' NumPy MLP: Linear → activation (ReLU or sigmoid) for each hidden layer, then Linear, then
 * softmax + cross-entropy, each with its hand-written backward.
 *
 * <pre>{@code
 * ManualMlp net = ManualMlp.copyOf(model);        // same weights as an autograd Mlp
 * Tensor loss = net.forward(x, labels);
 * net.backward();                                  // fills every linear's gradWeight/gradBias
 * }</pre>
 */
public final class ManualMlp {
    private final List<ManualModule> modules;
    private final List<ManualLinear> linears = new ArrayList<>();
    private final ManualSoftmaxCrossEntropy loss = new ManualSoftmaxCrossEntropy();

    /**
     * @param linears the linear layers in order
     * @param activation RELU or SIGMOID, applied after every linear but the last
     */
    public ManualMlp(List<ManualLinear> linears, MlpSpec.Activation activation) {
        this.modules = new ArrayList<>();
        for (int i = 0; i < linears.size(); i++) {
            modules.add(linears.get(i));
            this.linears.add(linears.get(i));
            if (i < linears.size() - 1) {
                modules.add(switch (activation) {
                    case RELU -> new ManualReLU();
                    case SIGMOID -> new ManualSigmoid();
                    default -> throw new IllegalArgumentException("ManualMlp: only relu and sigmoid are written out"
                            + " by hand, got " + activation);
                });
            }
        }
    }

    /**
     * A manual network with copies of {@code model}'s weights.
     *
     * @throws IllegalArgumentException when the model has BatchNorm or dropout, which are not written out here
     */
    public static ManualMlp copyOf(Mlp model) {
        MlpSpec spec = model.spec();
        if (spec.batchNorm() || spec.dropout() > 0) {
            throw new IllegalArgumentException("ManualMlp: BatchNorm and dropout are not written out by hand; got "
                    + spec);
        }
        List<ManualLinear> copies = new ArrayList<>();
        for (Linear l : model.linears()) {
            copies.add(new ManualLinear(l.weight().detach().copy(), l.bias().detach().copy()));
        }
        return new ManualMlp(copies, spec.activation());
    }

    /** The mean cross-entropy of the network's scores for {@code x} [N, D_in] against {@code targets}. */
    public Tensor forward(Tensor x, int[] targets) {
        Tensor h = x;
        for (ManualModule m : modules) {
            h = m.forward(h);
        }
        return loss.forward(h, targets);
    }

    /** Backpropagates from the loss through every module in reverse; returns dL/dx. */
    public Tensor backward() {
        Tensor d = loss.backward();
        for (int i = modules.size() - 1; i >= 0; i--) {
            d = modules.get(i).backward(d);
        }
        return d;
    }

    /** The linear layers in order, holding gradients after {@link #backward()}. */
    public List<ManualLinear> linears() {
        return List.copyOf(linears);
    }
}
