package dev.nabla.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything that defines a training run, under the names of the {@code nabla train} flags (without
 * dashes; in recipes and grid specs underscores and dashes are both accepted). The defaults are the
 * seeds' NumPy MLP (hidden 100 ReLU, weights N(0, 1e-4), SGD lr 2e-3, batch 200, 1500 steps, an
 * evaluation every 100) on Fashion-MNIST.
 *
 * <p>Configurations are layered: {@link #defaults()}, then a recipe, then the flags given on the command
 * line ({@link #with(Map)}). An unknown key is an error that lists the valid ones. A run is as long as
 * {@code max_steps}, or {@code epochs} when that is positive; {@code eval_every} 0 means once per epoch
 * (the default when a layer sets epochs). A learning-rate schedule ({@code lr_schedule}) steps once per
 * epoch, as PyTorch's; {@code early_stopping} is a patience in evaluations (0 = off).
 */
public record RunConfig(
        @JsonProperty("recipe") String recipe,
        @JsonProperty("description") String description,
        @JsonProperty("name") String name,
        @JsonProperty("seed") long seed,
        @JsonProperty("threads") int threads,
        @JsonProperty("model") String model,
        @JsonProperty("hidden") List<Integer> hidden,
        @JsonProperty("activation") String activation,
        @JsonProperty("batchnorm") boolean batchnorm,
        @JsonProperty("dropout") double dropout,
        @JsonProperty("init") String init,
        @JsonProperty("init_std") double initStd,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("data") String data,
        @JsonProperty("val_split") double valSplit,
        @JsonProperty("standardize") boolean standardize,
        @JsonProperty("augment") boolean augment,
        @JsonProperty("synth_train") int synthTrain,
        @JsonProperty("synth_test") int synthTest,
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("lr") double lr,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("nesterov") boolean nesterov,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("eps") Double eps,
        @JsonProperty("rho") double rho,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("l2") double l2,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("max_steps") long maxSteps,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("eval_every") long evalEvery,
        @JsonProperty("clip_grad_norm") double clipGradNorm,
        @JsonProperty("lr_schedule") String lrSchedule,
        @JsonProperty("lr_gamma") double lrGamma,
        @JsonProperty("lr_step_size") int lrStepSize,
        @JsonProperty("lr_patience") int lrPatience,
        @JsonProperty("early_stopping") int earlyStopping,
        @JsonProperty("tensorboard") boolean tensorboard) {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final RunConfig DEFAULTS = new RunConfig(null, null, null, 42, 0, "mlp", List.of(100), "relu",
            false, 0, "normal", 1e-4, "fashion-mnist", null, 0, true, false, 60_000, 10_000, "sgd", 2e-3, 0, false,
            0, 0.9, 0.999, null, 0.9, 0.99, 0, 200, 1500, 0, 100, 0, "none", 0.1, 1, 10, 0, false);

    public RunConfig {
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }

    /** The seeds' default MLP on Fashion-MNIST. */
    public static RunConfig defaults() {
        return DEFAULTS;
    }

    /** The valid keys, in order. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        JSON.valueToTree(DEFAULTS).propertyNames().forEach(keys::add);
        return keys;
    }

    /**
     * This configuration with some values replaced. Keys may use dashes or underscores; {@code hidden}
     * may be a list or a string such as "100,100" or "100-100".
     *
     * @throws IllegalArgumentException for an unknown key (with the closest valid one) or a value of the
     *     wrong type, naming the key
     */
    public RunConfig with(Map<String, ?> overrides) {
        ObjectNode tree = JSON.valueToTree(this);
        List<String> valid = keys();
        Map<String, Object> given = new LinkedHashMap<>();
        overrides.forEach((k, v) -> given.put(normalizeKey(k), v));
        boolean steps = given.containsKey("max_steps") && given.get("max_steps") != null;
        boolean epochs = given.containsKey("epochs") && given.get("epochs") != null;
        if (steps && epochs && !"0".equals(String.valueOf(given.get("epochs")))
                && !"0".equals(String.valueOf(given.get("max_steps")))) {
            throw new IllegalArgumentException("give either max_steps or epochs, not both");
        }
        // The length given last wins: a recipe's "epochs: 5" is replaced by a flag's --max-steps 100.
        if (steps && !epochs) {
            tree.put("epochs", 0);
        }
        if (epochs && !given.containsKey("eval_every")) {
            tree.put("eval_every", 0);
        }
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String key = normalizeKey(e.getKey());
            if (!valid.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + e.getKey() + "'" + suggestion(key, valid)
                        + " (valid: " + String.join(", ", valid) + ")");
            }
            Object value = key.equals("hidden") ? parseHidden(e.getValue()) : e.getValue();
            tree.set(key, JSON.valueToTree(value));
        }
        try {
            return JSON.treeToValue(tree, RunConfig.class);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("invalid value for '" + fieldOf(ex) + "': " + ex.getOriginalMessage(), ex);
        }
    }

    /** "batch-size" and "batch_size" are the same key. */
    public static String normalizeKey(String key) {
        return key.strip().replace('-', '_');
    }

    /** Layer widths from a list, a number, or a string such as "100,100" or "100-100". */
    static List<Integer> parseHidden(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Number n) {
            return List.of(n.intValue());
        }
        if (value instanceof List<?> list) {
            List<Integer> out = new ArrayList<>();
            for (Object o : list) {
                out.addAll(parseHidden(o));
            }
            return out;
        }
        String s = value.toString().strip();
        if (s.isEmpty() || s.equals("none")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : s.split("[,\\-\\s]+")) {
            try {
                int w = Integer.parseInt(part.strip());
                if (w <= 0) {
                    throw new NumberFormatException();
                }
                out.add(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for 'hidden': '" + s + "' (expected layer widths such"
                        + " as 100 or 100,100 or 400-400-400)");
            }
        }
        return out;
    }

    private static String fieldOf(JacksonException ex) {
        String path = ex.getPathReference();
        int q = path == null ? -1 : path.lastIndexOf("[\"");
        return q < 0 ? String.valueOf(path) : path.substring(q + 2, path.indexOf("\"]", q));
    }

    private static String suggestion(String key, List<String> valid) {
        String best = null;
        int bestDistance = 3;
        for (String v : valid) {
            int d = distance(key, v);
            if (d < bestDistance) {
                bestDistance = d;
                best = v;
            }
        }
        return best == null ? "" : " — did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The configuration as a JSON object (the "config" part of a run's config.json). */
    public ObjectNode toJsonTree() {
        return JSON.valueToTree(this);
    }

    /** Reads a configuration written by {@link #toJsonTree()}; missing keys take the defaults. */
    public static RunConfig fromJsonTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the run configuration must be a JSON object");
        }
        ObjectNode tree = DEFAULTS.toJsonTree();
        tree.setAll((ObjectNode) node);
        try {
            return JSON.treeToValue(tree, RunConfig.class);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("invalid run configuration: " + ex.getOriginalMessage(), ex);
        }
    }

    /** The layer widths as "100-100" (how runs and grid tables show them); "none" for no hidden layer. */
    public String hiddenLabel() {
        if (hidden.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (int h : hidden) {
            sb.append(sb.isEmpty() ? "" : "-").append(h);
        }
        return sb.toString();
    }
}
