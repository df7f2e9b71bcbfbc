package dev.nabla.nn.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link ConvNet} is made of, as a value that reads and writes as JSON:
 * <pre>{@code
 * {"input_shape": [3, 32, 32], "stages": [[64], [128], [256, 256], [512, 512], [512, 512]],
 *  "batch_norm": true, "num_classes": 10}
 * }</pre>
 * Each stage is a list of 3×3 convolutions (padding 1), each followed by BatchNorm2d (if enabled) and
 * ReLU; every stage ends with a 3×3 max pool of stride 2 and padding 1, which halves the size (rounding
 * up). A Linear layer maps what is left to the classes. The defaults are the seeds' VGG-like network;
 * only {@code input_shape} is required. Unknown or repeated keys are errors.
 *
 * @param inputShape [C, H, W] of one sample: [3, 32, 32] for CIFAR-10, [1, 28, 28] for MNIST
 * @param stages the output channels of each convolution, grouped by the pool that ends the stage
 * @param batchNorm whether a BatchNorm2d follows each convolution
 * @param numClasses the number of outputs of the final Linear layer
 */
@JsonPropertyOrder({"input_shape", "stages", "batch_norm", "num_classes"})
public record ConvNetSpec(
        @JsonProperty("input_shape") List<Integer> inputShape,
        @JsonProperty("stages") List<List<Integer>> stages,
        @JsonProperty("batch_norm") boolean batchNorm,
        @JsonProperty("num_classes") int numClasses) {

    /** The seeds' stages: conv64-pool-conv128-pool-conv256×2-pool-conv512×2-pool-conv512×2-pool. */
    public static final List<List<Integer>> SEED_STAGES =
            List.of(List.of(64), List.of(128), List.of(256, 256), List.of(512, 512), List.of(512, 512));

    public ConvNetSpec {
        if (inputShape == null || inputShape.size() != 3 || inputShape.stream().anyMatch(s -> s == null || s <= 0)) {
            throw new IllegalArgumentException("ConvNetSpec: input_shape must be [C, H, W] with positive sizes, got "
                    + inputShape);
        }
        inputShape = List.copyOf(inputShape);
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("ConvNetSpec: stages must list at least one stage of convolutions");
        }
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> stage : stages) {
            if (stage == null || stage.isEmpty() || stage.stream().anyMatch(c -> c == null || c <= 0)) {
                throw new IllegalArgumentException("ConvNetSpec: every stage needs positive channel counts, got "
                        + stages);
            }
            copy.add(List.copyOf(stage));
        }
        stages = List.copyOf(copy);
        if (numClasses <= 0) {
            throw new IllegalArgumentException("ConvNetSpec: num_classes must be positive, got " + numClasses);
        }
    }

    @JsonCreator
    static ConvNetSpec fromJsonFields(
            @JsonProperty("input_shape") List<Integer> inputShape,
            @JsonProperty("stages") List<List<Integer>> stages,
            @JsonProperty("batch_norm") Boolean batchNorm,
            @JsonProperty("num_classes") Integer numClasses) {
        return new ConvNetSpec(inputShape, stages == null ? SEED_STAGES : stages, batchNorm == null || batchNorm,
                numClasses == null ? 10 : numClasses);
    }

    /** The seeds' network for inputs of the given [C, H, W] and number of classes. */
    public static ConvNetSpec seedDefault(int channels, int height, int width, int numClasses) {
        return new ConvNetSpec(List.of(channels, height, width), SEED_STAGES, true, numClasses);
    }

    /** Spatial size after one 3×3, stride 2, padding 1 max pool: ⌊(s − 1)/2⌋ + 1. */
    static int pooled(int size) {
        return (size - 1) / 2 + 1;
    }

    /** Features entering the final Linear layer: the last stage's channels times what is left of H×W. */
    public int flatFeatures() {
        int h = inputShape.get(1);
        int w = inputShape.get(2);
        for (int i = 0; i < stages.size(); i++) {
            h = pooled(h);
            w = pooled(w);
        }
        List<Integer> last = stages.get(stages.size() - 1);
        return last.get(last.size() - 1) * h * w;
    }
}
