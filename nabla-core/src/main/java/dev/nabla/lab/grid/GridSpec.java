package dev.nabla.lab.grid;

import dev.nabla.lab.Bundled;
import dev.nabla.lab.Recipes;
import dev.nabla.lab.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A grid search read from YAML: a base configuration, axes whose Cartesian product gives the
 * configurations, and how many times to repeat each with a different seed.
 *
 * <pre>{@code
 * description: a short title                     # optional
 * base: {recipe: mnist-sigmoid, dataset: synth, hidden: [8], max_steps: 300}   # any train option
 * axes: {lr: [0.01, 0.1], optimizer: [sgd, adam], hidden: [[100], [100, 100]]}
 * points: [{hidden: [64], epochs: 10}, ...]     # optional explicit configurations, crossed with the axes
 * repeats: 2                                     # optional, default 1: seeds base seed + 0 .. repeats-1
 * sample: 20                                     # optional: a random subset of the configurations
 * sample_seed: 0                                 # optional, the subset's seed
 * metric: test_acc                               # what to rank by (default test_acc)
 * group_by: optimizer                            # optional: the axis of the bar chart
 * }</pre>
 *
 * <p>Option names are the train flags without dashes; underscores and dashes are both accepted. Layers
 * apply in order: the defaults, the recipe, {@code base}, a point, then the axes. Every value is checked
 * against {@link RunConfig} when the spec is read, so an unknown key or a bad value is an error naming
 * its line before any run starts. {@code test_acc} and the other short metric names mean the final
 * model's ({@code last_test_acc}); {@code best_test_acc} is the best evaluation during the run.
 */
public final class GridSpec {
    /** The top-level keys of a spec. */
    public static final List<String> KEYS = List.of("description", "base", "axes", "points", "repeats", "sample",
            "sample_seed", "metric", "group_by");

    /** The metrics of a run's summary.json a grid can rank by. */
    public static final List<String> METRICS = List.of("last_test_acc", "best_test_acc", "last_test_loss",
            "best_test_loss", "last_train_acc", "best_train_acc", "last_train_loss", "best_train_loss",
            "final_test_acc", "final_test_loss", "train_seconds");

    private final String text;
    private final String source;
    private final String description;
    private final Map<String, Object> base;
    private final Map<String, List<Object>> axes;
    private final List<Map<String, Object>> points;
    private final int repeats;
    private final int sample;
    private final long sampleSeed;
    private final String metric;
    private final String groupBy;
    private final List<GridPoint> runs;

    private GridSpec(String text, String source, YamlNode root) {
        this.text = text;
        this.source = source;
        if (!root.isMap()) {
            throw error(root, "a grid spec is a mapping with the keys " + String.join(", ", KEYS));
        }
        Map<String, YamlNode> top = root.map();
        for (Map.Entry<String, YamlNode> e : top.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw error(e.getValue(), "unknown key '" + e.getKey() + "' (valid: " + String.join(", ", KEYS) + ")");
            }
        }
        description = top.containsKey("description") ? String.valueOf(top.get("description").value()) : null;
        YamlNode baseNode = top.get("base");
        if (baseNode != null && baseNode.value() instanceof String recipe) {
            baseNode = new YamlNode(Map.of("recipe", new YamlNode(recipe, baseNode.line())), baseNode.line());
        }
        base = baseNode == null ? Map.of() : options(baseNode, "base");
        RunConfig start = validated(List.of(base), baseNode);
        points = new ArrayList<>();
        YamlNode pointsNode = top.get("points");
        if (pointsNode != null) {
            if (!pointsNode.isList() || pointsNode.list().isEmpty()) {
                throw error(pointsNode, "points must be a non-empty list of mappings of option: value");
            }
            for (YamlNode p : pointsNode.list()) {
                Map<String, Object> point = options(p, "each point");
                validated(List.of(base, point), p);
                points.add(point);
            }
        }
        axes = new LinkedHashMap<>();
        YamlNode axesNode = top.get("axes");
        if (axesNode != null) {
            if (!axesNode.isMap()) {
                throw error(axesNode, "axes must be a mapping of option: [values]");
            }
            for (Map.Entry<String, YamlNode> axis : axesNode.map().entrySet()) {
                String key = axis.getKey();
                YamlNode values = axis.getValue();
                if (!RunConfig.keys().contains(key)) {
                    throw error(values, message(() -> start.with(Map.of(key, ""))));
                }
                if (!values.isList() || values.list().isEmpty()) {
                    throw error(values, "axis '" + key + "' must be a non-empty list of values, such as [0.01, 0.1]");
                }
                List<Object> list = new ArrayList<>();
                for (YamlNode v : values.list()) {
                    Object value = v.plain();
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put(key, value);
                    try {
                        start.with(one);
                        if (key.equals("recipe")) {
                            Recipes.load(String.valueOf(value));
                        }
                    } catch (IllegalArgumentException ex) {
                        throw error(v, "axis '" + key + "': " + ex.getMessage());
                    }
                    list.add(value);
                }
                // Not List.copyOf: a value may be null (e.g. eps: [null, 1.0e-8], null meaning the default).
                axes.put(key, Collections.unmodifiableList(list));
            }
        }
        repeats = positive(top.get("repeats"), "repeats", 1);
        int product = Math.max(1, points.size()) * axes.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
        sample = positive(top.get("sample"), "sample", product);
        if (sample > product) {
            throw error(top.get("sample"), "sample is " + sample + " but the grid has only " + product
                    + " configurations");
        }
        sampleSeed = top.containsKey("sample_seed") ? positive(top.get("sample_seed"), "sample_seed", 0) : 0;
        metric = metricName(top.get("metric"));
        groupBy = top.containsKey("group_by") ? String.valueOf(top.get("group_by").value()) : null;
        if (groupBy != null && !columns().contains(RunConfig.normalizeKey(groupBy))) {
            throw error(top.get("group_by"), "group_by must be one of the varied options " + columns());
        }
        runs = enumerate(product);
    }

    /**
     * Reads a spec from text.
     *
     * @param source how errors name the file, e.g. "grids/quick.yaml"
     * @throws IllegalArgumentException for malformed YAML, an unknown key or a bad value, naming the line
     */
    public static GridSpec parse(String text, String source) {
        return new GridSpec(text, source, YamlNode.parse(text, source));
    }

    /**
     * Starts a spec in code; {@link Builder#build()} writes it as YAML (what the grid folder keeps as
     * grid.yaml) and reads it back, so it is checked exactly as a file is.
     *
     * <pre>{@code
     * GridSpec spec = GridSpec.builder().base(Map.of("dataset", "synth", "max_steps", 300))
     *         .axis("lr", 0.01, 0.1).axis("optimizer", "sgd", "adam").repeats(3).metric("test_acc").build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a spec from the same keys as the YAML. */
    public static final class Builder {
        private final Map<String, Object> root = new LinkedHashMap<>();
        private final Map<String, Object> axes = new LinkedHashMap<>();

        private Builder() {}

        public Builder description(String description) {
            root.put("description", description);
            return this;
        }

        /** Options every run shares (any train option, and "recipe"). */
        public Builder base(Map<String, ?> options) {
            root.put("base", new LinkedHashMap<>(options));
            return this;
        }

        /** An axis: one option and its values. */
        public Builder axis(String option, Object... values) {
            axes.put(option, List.of(values));
            return this;
        }

        /** Explicit configurations, crossed with the axes. */
        public Builder points(List<Map<String, ?>> points) {
            root.put("points", List.copyOf(points));
            return this;
        }

        public Builder repeats(int repeats) {
            root.put("repeats", repeats);
            return this;
        }

        public Builder sample(int configurations, int seed) {
            root.put("sample", configurations);
            root.put("sample_seed", seed);
            return this;
        }

        public Builder metric(String metric) {
            root.put("metric", metric);
            return this;
        }

        public Builder groupBy(String axis) {
            root.put("group_by", axis);
            return this;
        }

        /** @throws IllegalArgumentException as {@link #parse} does for a file */
        public GridSpec build() {
            Map<String, Object> all = new LinkedHashMap<>(root);
            if (!axes.isEmpty()) {
                all.put("axes", axes);
            }
            return parse(YamlNode.write(all), "spec");
        }
    }

    /** A spec file, or a bundled spec by name (see {@link #names()}). */
    public static GridSpec load(String nameOrFile) {
        Path file = Path.of(nameOrFile);
        try {
            if (Files.isRegularFile(file)) {
                return parse(Files.readString(file), nameOrFile);
            }
            try (InputStream in = Bundled.open("grids", nameOrFile)) {
                if (in == null) {
                    throw new IllegalArgumentException("unknown grid spec '" + nameOrFile + "': not a file, and the"
                            + " bundled specs are " + String.join(", ", names()));
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "grids/" + nameOrFile + ".yaml");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read grid spec " + nameOrFile + ": " + e.getMessage(), e);
        }
    }

    /** The bundled specs (grids/ in the repository), by name. */
    public static List<String> names() {
        return Bundled.names("grids");
    }

    private Map<String, Object> options(YamlNode node, String what) {
        if (!node.isMap()) {
            throw error(node, what + " must be a mapping of option: value");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) node.plain();
        return plain;
    }

    /** The configuration of the layers, or an error naming the line of the offending option. */
    private RunConfig validated(List<Map<String, Object>> layers, YamlNode where) {
        try {
            return configOf(layers);
        } catch (IllegalArgumentException e) {
            Map<String, Object> last = layers.get(layers.size() - 1);
            RunConfig before = layers.size() == 1 ? RunConfig.defaults() : configOf(layers.subList(0, layers.size() - 1));
            for (Map.Entry<String, Object> o : last.entrySet()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put(o.getKey(), o.getValue());
                String m = o.getKey().equals("recipe") ? message(() -> Recipes.load(String.valueOf(o.getValue())))
                        : message(() -> before.with(one));
                if (m != null) {
                    throw error(where.map().get(o.getKey()), m);
                }
            }
            throw error(where, e.getMessage());
        }
    }

    /** Defaults, then the last recipe named in the layers, then each layer in order. */
    static RunConfig configOf(List<Map<String, Object>> layers) {
        String recipe = null;
        for (Map<String, Object> layer : layers) {
            if (layer.get("recipe") != null) {
                recipe = String.valueOf(layer.get("recipe"));
            }
        }
        RunConfig c = recipe == null ? RunConfig.defaults() : RunConfig.defaults().with(Recipes.load(recipe));
        for (Map<String, Object> layer : layers) {
            c = c.with(layer);
        }
        return c;
    }

    private static String message(Runnable r) {
        try {
            r.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private int positive(YamlNode node, String key, int absent) {
        if (node == null) {
            return absent;
        }
        if (!(node.value() instanceof Integer n) || n < (key.equals("sample_seed") ? 0 : 1)) {
            throw error(node, key + " must be a whole number" + (key.equals("sample_seed") ? "" : " of at least 1")
                    + ", got " + node.value());
        }
        return n;
    }

    private String metricName(YamlNode node) {
        if (node == null) {
            return "last_test_acc";
        }
        String m = RunConfig.normalizeKey(String.valueOf(node.value()));
        String full = METRICS.contains(m) ? m : METRICS.contains("last_" + m) ? "last_" + m : null;
        if (full == null) {
            throw error(node, "unknown metric '" + node.value() + "' (valid: test_acc, test_loss, train_acc, train_loss"
                    + " for the final model's, or " + String.join(", ", METRICS) + ")");
        }
        return full;
    }

    private IllegalArgumentException error(YamlNode at, String message) {
        return new IllegalArgumentException(source + " line " + at.line() + ": " + message);
    }

    private List<GridPoint> enumerate(int product) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < product; i++) {
            chosen.add(i);
        }
        if (sample < product) {
            Collections.shuffle(chosen, new Random(sampleSeed));
            chosen = new ArrayList<>(chosen.subList(0, sample));
            Collections.sort(chosen);
        }
        List<String> axisNames = new ArrayList<>(axes.keySet());
        int width = Math.max(4, String.valueOf(chosen.size() - 1).length());
        List<GridPoint> out = new ArrayList<>();
        for (int c = 0; c < chosen.size(); c++) {
            // Mixed radix, the last axis fastest (as itertools.product), points slowest.
            int rest = chosen.get(c);
            Map<String, Object> axisValues = new LinkedHashMap<>();
            for (int a = axisNames.size() - 1; a >= 0; a--) {
                List<Object> values = axes.get(axisNames.get(a));
                axisValues.put(axisNames.get(a), values.get(rest % values.size()));
                rest /= values.size();
            }
            Map<String, Object> point = points.isEmpty() ? Map.of() : points.get(rest);
            Map<String, Object> ordered = new LinkedHashMap<>();
            axisNames.forEach(k -> ordered.put(k, axisValues.get(k)));
            RunConfig config;
            try {
                config = configOf(List.of(base, point, ordered));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": configuration " + c + " is invalid: " + e.getMessage(), e);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (String key : columns()) {
                Object v = ordered.containsKey(key) ? ordered.get(key)
                        : point.containsKey(key) ? point.get(key) : configValue(config, key);
                labels.put(key, label(key, v));
            }
            for (int r = 0; r < repeats; r++) {
                String id = String.format(Locale.ROOT, "%0" + width + "d-%s", c, safe(GridPoint.label(labels)))
                        + (repeats > 1 ? ",r" + r : "");
                RunConfig rc = config.with(Map.of("seed", config.seed() + r, "name", id));
                out.add(new GridPoint(c, r, id, Collections.unmodifiableMap(labels), rc));
            }
        }
        return List.copyOf(out);
    }

    /** An option's value in a configuration (for a point that does not set an option others set). */
    private static Object configValue(RunConfig config, String key) {
        if (key.equals("hidden")) {
            return config.hidden();
        }
        JsonNode n = config.toJsonTree().get(key);
        return n == null || n.isNull() ? null : n.isNumber() ? n.numberValue() : n.isBoolean() ? n.booleanValue()
                : n.asString();
    }

    /** A value as tables and folder names show it: 100-100 for layers, 0.002 or 2e-4 for numbers. */
    public static String label(String key, Object v) {
        if (v == null) {
            return "none";
        }
        if (key.equals("hidden")) {
            return RunConfig.defaults().with(Map.of("hidden", v)).hiddenLabel();
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            list.forEach(x -> sb.append(sb.isEmpty() ? "" : "-").append(label(key, x)));
            return sb.toString();
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            BigDecimal d = new BigDecimal(v.toString()).stripTrailingZeros();
            double abs = Math.abs(d.doubleValue());
            if (abs == 0 || (abs >= 1e-3 && abs < 1e7)) {
                return d.toPlainString();
            }
            // 2e-4, 2.5e-4: BigDecimal.toString writes 0.0002 down to 1e-6.
            String digits = d.unscaledValue().abs().toString();
            int exponent = d.precision() - 1 - d.scale();
            return (d.signum() < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
                    + "e" + exponent;
        }
        return v.toString();
    }

    /** Folder names keep letters, digits and . _ = , + -; anything else becomes _, and long names are cut. */
    private static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._=,+-]", "_");
        return out.length() > 120 ? out.substring(0, 120) : out;
    }

    /** The varied options: the points' keys, then the axes, in the order given. */
    public List<String> columns() {
        Set<String> cols = new LinkedHashSet<>();
        points.forEach(p -> cols.addAll(p.keySet()));
        cols.addAll(axes.keySet());
        return List.copyOf(cols);
    }

    /** Every run, configuration by configuration, repeats adjacent. */
    public List<GridPoint> runs() {
        return runs;
    }

    public int configurations() {
        return runs.size() / repeats;
    }

    public int repeats() {
        return repeats;
    }

    /** The summary.json key runs are ranked by. */
    public String metric() {
        return metric;
    }

    /** Whether a higher value of the metric is better (accuracies), else lower (losses, time). */
    public boolean higherIsBetter() {
        return metric.endsWith("_acc");
    }

    /** The axis the bar chart groups by: the spec's group_by, else optimizer if varied, else the first. */
    public String groupBy() {
        List<String> cols = columns();
        if (groupBy != null) {
            return RunConfig.normalizeKey(groupBy);
        }
        return cols.contains("optimizer") ? "optimizer" : cols.isEmpty() ? null : cols.get(0);
    }

    public String description() {
        return description;
    }

    /** The spec's text as read (copied into the grid folder). */
    public String text() {
        return text;
    }

    public String source() {
        return source;
    }
}
