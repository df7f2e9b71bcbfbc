package dev.nabla.nn.models;

import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron built from an {@link MlpSpec}: for each hidden size h, Linear → activation →
 * [BatchNorm1d(h)] → [Dropout], then a final Linear to the class scores (no softmax: pair it with
 * {@link dev.nabla.nn.losses.CrossEntropyLoss}). Inputs [N, ...] with more than two dimensions are
 * flattened to [N, input_size] first, so image batches can be fed directly.
 *
 * <p>The layers live in a child {@link Sequential} named {@code layers}, numbered from 0, so the state
 * dict keys are {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.2.running_mean}, ... exactly
 * those of this PyTorch module:
 * <pre>
 * class MLP(nn.Module):
 *     def __init__(self):
 *         super().__init__()
 *         self.layers = nn.Sequential(nn.Linear(3072, 100), nn.ReLU(), nn.Linear(100, 10))
 *     def forward(self, x):
 *         return self.layers(x.flatten(1))
 * </pre>
 *
 * <pre>{@code
 * Mlp model = new Mlp(MlpSpec.seedDefault(3072), new Rng(42));   // 3072-100-10, ReLU, N(0, 1e-4)
 * System.out.println(model);                                     // the layer tree
 * System.out.println(model.parameterCount());                    // 308310
 * }</pre>
 */
public class Mlp extends Module {
    private final MlpSpec spec;
    private final Sequential layers;
    private final List<Linear> linears = new ArrayList<>();

    /** Builds the layers and initialises them from {@code rng} as {@code spec.init()} says. */
    public Mlp(MlpSpec spec, Rng rng) {
        this.spec = spec;
        this.layers = registerModule("layers", new Sequential());
        int in = spec.inputSize();
        for (int hidden : spec.hiddenSizes()) {
            linears.add(new Linear(in, hidden, rng));
            layers.add(linears.get(linears.size() - 1));
            layers.add(spec.activation().create());
            if (spec.batchNorm()) {
                layers.add(new BatchNorm1d(hidden));
            }
            if (spec.dropout() > 0) {
                layers.add(new Dropout(spec.dropout(), rng.fork()));
            }
            in = hidden;
        }
        linears.add(new Linear(in, spec.outputSize(), rng));
        layers.add(linears.get(linears.size() - 1));
        if (spec.init() != MlpSpec.InitScheme.PYTORCH) {
            initLinears(rng); // each Linear drew PyTorch's default in its constructor
        }
    }

    /** Re-initialises every layer as the spec says (BatchNorm: γ = 1, β = 0, fresh running statistics). */
    public void resetParameters(Rng rng) {
        for (Module m : layers.layers()) {
            if (m instanceof BatchNorm1d bn) {
                bn.resetParameters();
            }
        }
        initLinears(rng);
    }

    private void initLinears(Rng rng) {
        for (int i = 0; i < linears.size(); i++) {
            Linear l = linears.get(i);
            boolean output = i == linears.size() - 1;
            double gain = output ? 1.0 : spec.activation().gain();
            switch (spec.init()) {
                case NORMAL -> Init.normal(l.weight(), rng, 0, spec.initStd());
                case KAIMING -> Init.kaimingNormal(l.weight(), rng, Double.NaN, Init.FanMode.FAN_IN,
                        output ? Init.Nonlinearity.LINEAR : spec.activation().nonlinearity());
                case XAVIER -> Init.xavierUniform(l.weight(), rng, gain);
                case PYTORCH -> l.resetParameters(rng);
            }
            if (spec.init() != MlpSpec.InitScheme.PYTORCH) {
                Init.zeros(l.bias());
            }
        }
    }

    public MlpSpec spec() {
        return spec;
    }

    /** The layers in order (the children of {@code layers}). */
    public List<Module> layers() {
        return layers.layers();
    }

    /** The Linear layers in order, the last one producing the class scores. */
    public List<Linear> linears() {
        return List.copyOf(linears);
    }

    @Override
    public Tensor forward(Tensor x) {
        return layers.forward(x.dim() > 2 ? x.flatten(1) : x);
    }
}
