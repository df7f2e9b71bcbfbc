package dev.nabla.nn.models;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model of either kind, as the CLI reads it from {@code --model FILE} and writes it into a run's
 * {@code config.json}: the JSON of an {@link MlpSpec} or a {@link ConvNetSpec} with a {@code "type"} of
 * {@code "mlp"} or {@code "cnn"}.
 *
 * <pre>{@code
 * {"type": "mlp", "input_size": 784, "hidden_sizes": [100], "output_size": 10}
 * {"type": "cnn", "input_shape": [1, 28, 28], "num_classes": 10}
 * }</pre>
 */
public final class ModelSpec {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ModelSpec() {}

    /** Builds the model a spec describes, initialised from {@code rng}. */
    public static Module build(Record spec, Rng rng) {
        if (spec instanceof MlpSpec m) {
            return new Mlp(m, rng);
        }
        if (spec instanceof ConvNetSpec c) {
            return new ConvNet(c, rng);
        }
        throw new IllegalArgumentException("not a model spec: " + spec);
    }

    /** The spec as a JSON object with its "type". */
    public static ObjectNode toJsonTree(Record spec) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", spec instanceof ConvNetSpec ? "cnn" : "mlp");
        node.setAll((ObjectNode) JSON.valueToTree(spec));
        return node;
    }

    /** The spec as indented JSON. */
    public static String toJson(Record spec) {
        return JSON.writeValueAsString(toJsonTree(spec));
    }

    /**
     * Reads a spec; {@code "type"} defaults to "mlp".
     *
     * @throws IllegalArgumentException for malformed JSON, an unknown type or key, or invalid values
     */
    public static Record fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Invalid model spec: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Invalid model spec: expected a JSON object");
        }
        return fromJsonTree((ObjectNode) root);
    }

    /** Reads a spec from a parsed JSON object. */
    public static Record fromJsonTree(ObjectNode root) {
        ObjectNode fields = root.deepCopy();
        JsonNode typeNode = fields.remove("type");
        String type = typeNode == null ? "mlp" : typeNode.asString();
        Class<? extends Record> kind = switch (type) {
            case "mlp" -> MlpSpec.class;
            case "cnn" -> ConvNetSpec.class;
            default -> throw new IllegalArgumentException("Invalid model spec: unknown \"type\": \"" + type
                    + "\" (expected \"mlp\" or \"cnn\")");
        };
        try {
            return JSON.treeToValue(fields, kind);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("Invalid " + type + " spec: " + cause.getMessage(), e);
        }
    }
}
