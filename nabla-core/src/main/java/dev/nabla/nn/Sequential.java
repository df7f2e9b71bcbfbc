package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order; children are named "0", "1", ... as in {@code torch.nn.Sequential}.
 *
 * <p>Without a graph ({@link NoGrad}) inside an open {@link Workspace}, each layer's output is given
 * back to the workspace as soon as the next layer has computed from it (unless that layer returned a
 * view of it), so an inference pass reuses its arrays as it goes instead of holding every layer's
 * output until the next step.
 *
 * <p>A layer that can apply a following plain {@link ReLU} itself ({@link FusesRelu}, the fused
 * BatchNorm) runs the pair as one op, with the same bits: the model, its parameters and state dict do
 * not change, only the pass saves a tensor and a read and write of it each way. Without a graph, a
 * layer that can apply the next one's channelwise op ({@link FusesChannelOp}: Conv2d, then an eval-mode
 * BatchNorm2d, {@link ChannelwiseInInference}) runs the two, a ReLU after them and a max pooling after
 * that ({@link ConsumesImageBlocks}), as one op too: the convolution's output then never goes to memory.
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module under the next index; returns this. */
    public Sequential add(Module module) {
        layers.add(registerModule(Integer.toString(layers.size()), module));
        return this;
    }

    /** The layers in order. */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        boolean recycle = !NoGrad.isGradEnabled();
        long mark = recycle ? Workspace.mark() : -1;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Fused fused = recycle ? fusedInference(i, x) : null;
            Tensor next;
            if (fused != null) {
                next = fused.output();
                i += fused.layers() - 1;
            } else if (fusesWithNext(i)) {
                next = ((FusesRelu) m).forwardWithRelu(x);
                i++;
            } else {
                next = m.forward(x);
            }
            if (recycle && x != input) {
                Workspace.giveBack(x, mark, List.of(next));
            }
            x = next;
        }
        return x;
    }

    /** Layer i can apply layer i + 1, a plain {@link ReLU}, itself (see {@link FusesRelu}). */
    private boolean fusesWithNext(int i) {
        return layers.get(i) instanceof FusesRelu f && f.fusesRelu() && followedByRelu(i);
    }

    /** Layer i + 1 exists and is a plain {@link ReLU}. */
    private boolean followedByRelu(int i) {
        return i + 1 < layers.size() && layers.get(i + 1).getClass() == ReLU.class;
    }

    /** The output of layers run as one op, and how many layers that op stood for. */
    private record Fused(Tensor output, int layers) {}

    /**
     * Without a graph: layer i, a layer i + 1 whose channelwise op layer i applies itself (see
     * {@link FusesChannelOp}), a ReLU after them if there is one, and then a pooling layer that takes its
     * input in blocks ({@link ConsumesImageBlocks}) if there is one, as one op; without the pooling layer
     * when it cannot join; null when layers i and i + 1 do not fuse.
     */
    private Fused fusedInference(int i, Tensor x) {
        if (i + 1 >= layers.size() || !(layers.get(i) instanceof FusesChannelOp f)
                || !(layers.get(i + 1) instanceof ChannelwiseInInference next)) {
            return null;
        }
        boolean relu = followedByRelu(i + 1);
        int pool = i + (relu ? 3 : 2);
        if (pool < layers.size() && layers.get(pool) instanceof ConsumesImageBlocks last) {
            Tensor pooled = f.forwardThen(x, next, relu, last);
            if (pooled != null) {
                return new Fused(pooled, pool - i + 1);
            }
        }
        Tensor y = f.forwardThen(x, next, relu);
        return y == null ? null : new Fused(y, pool - i);
    }
}
