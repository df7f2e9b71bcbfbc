package dev.nabla.lab;

import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import dev.nabla.data.transform.Transform;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run does to a raw sample before the model sees it, as recorded in the {@code "preprocessing"}
 * object of its {@code config.json}: {@code x = (raw · scale − mean[c]) / std[c]} per channel c, then
 * flattened to one row per sample for an MLP. Evaluating or serving a trained model must apply exactly
 * these values (fitted on the run's training split), never statistics re-fitted on other data.
 *
 * @param scale 1/255 for images (pixels 0..255 to [0, 1]), 1 for feature rows
 * @param mean per-channel means subtracted after scaling; empty without standardisation
 * @param std per-channel standard deviations divided by after that
 * @param flatten whether batches are {@code [N, C·H·W]} rows rather than {@code [N, C, H, W]}
 */
public record Preprocessing(double scale, double[] mean, double[] std, boolean flatten) {
    private static final double IMAGE_SCALE = 1.0 / 255;

    public Preprocessing {
        if (scale != 1.0 && scale != IMAGE_SCALE) {
            throw new IllegalArgumentException("preprocessing scale must be 1 (feature rows) or 1/255 (8-bit pixels),"
                    + " got " + scale);
        }
        if (mean.length != std.length) {
            throw new IllegalArgumentException("preprocessing needs one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The deterministic transforms, in order: {@link ScaleToUnit} for pixels, then {@link Standardize}. */
    public List<Transform> transforms() {
        List<Transform> t = new ArrayList<>();
        if (scale != 1.0) {
            t.add(new ScaleToUnit());
        }
        if (mean.length > 0) {
            t.add(new Standardize(mean, std));
        }
        return t;
    }

    /** A loader over {@code set} in order (no shuffling, no augmentation), for evaluation. */
    public DataLoader loader(Dataset set, int batchSize) {
        return DataLoader.builder(set).batchSize(batchSize).flatten(flatten)
                .transforms(transforms().toArray(new Transform[0])).build();
    }

    /**
     * The model input for {@code n} raw samples of {@code sampleShape} stored one after another in
     * {@code raw}: {@code [n, C, H, W]}, or {@code [n, C·H·W]} when flattened. {@code raw} is not changed.
     */
    public Tensor apply(float[] raw, int n, int[] sampleShape) {
        int size = Shape.numel(sampleShape);
        if (raw.length != n * size) {
            throw new IllegalArgumentException(n + " samples of " + Shape.str(sampleShape) + " need " + n * size
                    + " values, got " + raw.length);
        }
        float[] x = raw.clone();
        List<Transform> transforms = transforms();
        for (int i = 0; i < n; i++) {
            for (Transform t : transforms) {
                t.apply(x, i * size, sampleShape, 0, i);
            }
        }
        if (flatten) {
            return Tensor.wrap(x, n, size);
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return Tensor.wrap(x, shape);
    }

    /** The {@code "preprocessing"} object of config.json, with the formula spelled out for readers. */
    public ObjectNode toJsonTree() {
        ObjectNode p = RunOutputs.JSON.createObjectNode();
        p.put("scale", scale);
        ArrayNode m = p.putArray("mean");
        for (double v : mean) {
            m.add(v);
        }
        ArrayNode s = p.putArray("std");
        for (double v : std) {
            s.add(v);
        }
        p.put("flatten", flatten);
        p.put("formula", "x = (raw * scale - mean[c]) / std[c] per channel c"
                + (flatten ? ", then flattened to one row per sample" : ", kept as [N, C, H, W]"));
        return p;
    }

    /**
     * Reads the object written by {@link #toJsonTree()}.
     *
     * @throws IllegalArgumentException when a key is missing or malformed
     */
    public static Preprocessing fromJsonTree(JsonNode p) {
        if (p == null || !p.isObject() || !p.has("scale") || !p.path("mean").isArray() || !p.path("std").isArray()
                || !p.has("flatten")) {
            throw new IllegalArgumentException("config.json has no valid \"preprocessing\" object (scale, mean, std,"
                    + " flatten)");
        }
        return new Preprocessing(p.get("scale").asDouble(), doubles(p.get("mean")), doubles(p.get("std")),
                p.get("flatten").asBoolean());
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.scale == scale && Arrays.equals(p.mean, mean)
                && Arrays.equals(p.std, std) && p.flatten == flatten;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale) * 31 * 31 + Arrays.hashCode(mean) * 31 + Arrays.hashCode(std)
                + Boolean.hashCode(flatten);
    }

    @Override
    public String toString() {
        return "Preprocessing(scale=" + scale + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + ", flatten=" + flatten + ")";
    }
}
