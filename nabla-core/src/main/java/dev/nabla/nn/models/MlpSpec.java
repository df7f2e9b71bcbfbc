package dev.nabla.nn.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.activations.ELU;
import dev.nabla.nn.activations.LeakyReLU;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.activations.Sigmoid;
import dev.nabla.nn.activations.Tanh;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an {@link Mlp} is made of, as a value that reads and writes as JSON:
 * <pre>{@code
 * {"input_size": 3072, "hidden_sizes": [100], "activation": "relu", "batch_norm": false,
 *  "dropout": 0.0, "output_size": 10, "init": "normal", "init_std": 1.0E-4}
 * }</pre>
 * Only {@code input_size} and {@code output_size} are required; the others default to no hidden layer,
 * relu, no BatchNorm, no dropout and PyTorch's initialisation. An unknown or repeated key is an error,
 * so a typo cannot silently fall back to a default.
 *
 * @param inputSize features per sample (784 for MNIST, 3072 for CIFAR-10)
 * @param hiddenSizes the width of each hidden layer, in order
 * @param activation the nonlinearity after each hidden Linear
 * @param batchNorm whether a BatchNorm1d follows each activation (as in seed 001)
 * @param dropout probability of a Dropout after each hidden block, in [0, 1); 0 for none
 * @param outputSize number of classes
 * @param init how the Linear layers are initialised
 * @param initStd the standard deviation for {@link InitScheme#NORMAL} (ignored otherwise)
 */
@JsonPropertyOrder({"input_size", "hidden_sizes", "activation", "batch_norm", "dropout", "output_size", "init",
    "init_std"})
public record MlpSpec(
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("hidden_sizes") List<Integer> hiddenSizes,
        @JsonProperty("activation") Activation activation,
        @JsonProperty("batch_norm") boolean batchNorm,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("output_size") int outputSize,
        @JsonProperty("init") InitScheme init,
        @JsonProperty("init_std") double initStd) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The nonlinearity after each hidden layer; JSON names in lower case. */
    public enum Activation {
        @JsonProperty("relu") RELU(ReLU::new, Init.Nonlinearity.RELU),
        @JsonProperty("elu") ELU(dev.nabla.nn.activations.ELU::new, Init.Nonlinearity.RELU),
        @JsonProperty("sigmoid") SIGMOID(Sigmoid::new, Init.Nonlinearity.SIGMOID),
        @JsonProperty("tanh") TANH(Tanh::new, Init.Nonlinearity.TANH),
        @JsonProperty("leaky_relu") LEAKY_RELU(LeakyReLU::new, Init.Nonlinearity.LEAKY_RELU);

        private final Supplier<Module> factory;
        private final Init.Nonlinearity nonlinearity;

        Activation(Supplier<Module> factory, Init.Nonlinearity nonlinearity) {
            this.factory = factory;
            this.nonlinearity = nonlinearity;
        }

        /** A new module of this activation with PyTorch's default parameter (slope 0.01, alpha 1). */
        public Module create() {
            return factory.get();
        }

        /** The Kaiming/Xavier gain for a layer followed by this activation (ELU uses ReLU's). */
        public double gain() {
            return nonlinearity.gain(Double.NaN);
        }

        /** The nonlinearity Kaiming's formula is given. */
        public Init.Nonlinearity nonlinearity() {
            return nonlinearity;
        }
    }

    /**
     * How the Linear layers are initialised; BatchNorm always starts at γ = 1, β = 0. The gain is that
     * of the activation after the layer, and 1 for the output layer.
     */
    public enum InitScheme {
        /** PyTorch's default: W and b ~ U(±1/√D_in). */
        @JsonProperty("pytorch") PYTORCH,
        /** W ~ N(0, init_std²), b = 0: the seeds' "weights N(0, 1e-4)" with init_std = 1e-4. */
        @JsonProperty("normal") NORMAL,
        /** Kaiming normal, fan_in, with the activation's gain; b = 0. */
        @JsonProperty("kaiming") KAIMING,
        /** Xavier uniform with the activation's gain; b = 0. */
        @JsonProperty("xavier") XAVIER
    }

    public MlpSpec {
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("MlpSpec: input_size and output_size must be positive, got "
                    + inputSize + " and " + outputSize);
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            if (h <= 0) {
                throw new IllegalArgumentException("MlpSpec: hidden sizes must be positive, got " + hiddenSizes);
            }
        }
        if (activation == null || init == null) {
            throw new IllegalArgumentException("MlpSpec: activation and init must be given");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MlpSpec: dropout must be in [0, 1), got " + dropout);
        }
        if (init == InitScheme.NORMAL && !(initStd > 0)) {
            throw new IllegalArgumentException("MlpSpec: init \"normal\" needs a positive init_std, got " + initStd);
        }
    }

    /** The reading side of the JSON form: absent optional keys take their defaults. */
    @JsonCreator
    static MlpSpec fromJsonFields(
            @JsonProperty("input_size") Integer inputSize,
            @JsonProperty("hidden_sizes") List<Integer> hiddenSizes,
            @JsonProperty("activation") Activation activation,
            @JsonProperty("batch_norm") Boolean batchNorm,
            @JsonProperty("dropout") Double dropout,
            @JsonProperty("output_size") Integer outputSize,
            @JsonProperty("init") InitScheme init,
            @JsonProperty("init_std") Double initStd) {
        if (inputSize == null || outputSize == null) {
            throw new IllegalArgumentException("MlpSpec: \"input_size\" and \"output_size\" are required");
        }
        return new MlpSpec(inputSize, hiddenSizes == null ? List.of() : hiddenSizes,
                activation == null ? Activation.RELU : activation, batchNorm != null && batchNorm,
                dropout == null ? 0 : dropout, outputSize, init == null ? InitScheme.PYTORCH : init,
                initStd == null ? 1e-4 : initStd);
    }

    /** ReLU hidden layers, no BatchNorm or dropout, PyTorch's initialisation. */
    public static MlpSpec of(int inputSize, List<Integer> hiddenSizes, int outputSize) {
        return new MlpSpec(inputSize, hiddenSizes, Activation.RELU, false, 0, outputSize, InitScheme.PYTORCH, 1e-4);
    }

    /** The seeds' default network: inputSize-100-10, ReLU, weights N(0, 1e-4), zero biases. */
    public static MlpSpec seedDefault(int inputSize) {
        return new MlpSpec(inputSize, List.of(100), Activation.RELU, false, 0, 10, InitScheme.NORMAL, 1e-4);
    }

    public MlpSpec withActivation(Activation a) {
        return new MlpSpec(inputSize, hiddenSizes, a, batchNorm, dropout, outputSize, init, initStd);
    }

    public MlpSpec withBatchNorm(boolean on) {
        return new MlpSpec(inputSize, hiddenSizes, activation, on, dropout, outputSize, init, initStd);
    }

    public MlpSpec withDropout(double p) {
        return new MlpSpec(inputSize, hiddenSizes, activation, batchNorm, p, outputSize, init, initStd);
    }

    /** The given scheme; {@code std} is used by NORMAL only. */
    public MlpSpec withInit(InitScheme scheme, double std) {
        return new MlpSpec(inputSize, hiddenSizes, activation, batchNorm, dropout, outputSize, scheme, std);
    }

    /** The spec as indented JSON. */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads a spec.
     *
     * @throws IllegalArgumentException for malformed JSON, unknown or repeated keys, or invalid values,
     *     with the parser's location
     */
    public static MlpSpec fromJson(String json) {
        try {
            return JSON.readValue(json, MlpSpec.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("Invalid MLP spec: " + cause.getMessage(), e);
        }
    }
}
