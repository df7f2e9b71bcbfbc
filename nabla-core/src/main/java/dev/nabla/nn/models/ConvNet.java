package dev.nabla.nn.models;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * The seeds' VGG-like convolutional network (seeds 001/002):
 * conv64-pool-conv128-pool-conv256×2-pool-conv512×2-pool-conv512×2-pool-linear, every convolution 3×3
 * with padding 1 and followed by BatchNorm2d and ReLU, every pool 3×3 with stride 2 and padding 1.
 *
 * <p>Shapes: input [N, C, H, W] as the spec's input_shape (3×32×32 and 1×28×28 both reduce to 1×1 after
 * five pools), output [N, classes]. The layers sit in one Sequential named {@code layers}, so the state
 * dict keys ({@code layers.0.weight}, {@code layers.1.running_mean}, ...) are those of a PyTorch
 * {@code nn.Sequential} with the same layers. Default initialisation: PyTorch's (Kaiming-uniform a = √5
 * for convolutions and the Linear layer; BatchNorm γ = 1, β = 0).
 */
public class ConvNet extends Module {
    private final ConvNetSpec spec;
    private final Sequential layers;

    public ConvNet(ConvNetSpec spec, Rng rng) {
        this.spec = spec;
        this.layers = registerModule("layers", new Sequential());
        int in = spec.inputShape().get(0);
        for (List<Integer> stage : spec.stages()) {
            for (int out : stage) {
                layers.add(new Conv2d(in, out, 3, 1, 1, rng));
                if (spec.batchNorm()) {
                    layers.add(new BatchNorm2d(out));
                }
                layers.add(new ReLU());
                in = out;
            }
            layers.add(new MaxPool2d(3, 2, 1));
        }
        layers.add(new Flatten());
        layers.add(new Linear(spec.flatFeatures(), spec.numClasses(), rng));
    }

    public ConvNetSpec spec() {
        return spec;
    }

    /** The layers in order. */
    public List<Module> layers() {
        return layers.layers();
    }

    @Override
    public Tensor forward(Tensor x) {
        List<Integer> s = spec.inputShape();
        if (x.dim() != 4 || x.size(1) != s.get(0) || x.size(2) != s.get(1) || x.size(3) != s.get(2)) {
            throw new IllegalArgumentException("ConvNet(input_shape=" + s + ") got input " + Shape.str(x.shape())
                    + ": expected [N, " + s.get(0) + ", " + s.get(1) + ", " + s.get(2) + "]"
                    + (x.dim() == 2 ? " — the batch is flattened; load images as NCHW" : "")
                    + " — is the model built for another dataset?");
        }
        return layers.forward(x);
    }

    @Override
    protected String extraRepr() {
        return "input_shape=" + spec.inputShape() + ", classes=" + spec.numClasses();
    }
}
