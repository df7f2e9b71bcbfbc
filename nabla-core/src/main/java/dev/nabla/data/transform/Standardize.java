package dev.nabla.data.transform;

import dev.nabla.data.Dataset;
import java.util.Arrays;

/**
 * Standardises each channel: {@code x[c, ...] = (x[c, ...] − mean[c]) / std[c]}, in float32 like
 * torchvision's {@code Normalize}. A channel is the first axis of the sample ({@code C} of {@code [C, H, W]},
 * or each feature of a {@code [D]} row).
 *
 * <p>Fit the statistics on the training split only ({@link #fit}), never on validation or test data, and
 * record {@link #mean()} and {@link #std()} with the run: evaluating a saved model needs the same values.
 */
public final class Standardize implements PointwiseTransform {
    private final double[] mean;
    private final double[] std;
    private final float[] meanF;
    private final float[] stdF;

    /** Uses given per-channel statistics, e.g. read back from a run's configuration. */
    public Standardize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Standardize needs one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("Standardize channel " + c + ": std must be finite and positive"
                        + " and mean finite, got mean " + mean[c] + ", std " + std[c]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.meanF = new float[mean.length];
        this.stdF = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            meanF[c] = (float) mean[c];
            stdF[c] = (float) std[c];
        }
    }

    /**
     * Per-channel mean and (population) standard deviation of {@code train}, measured on the values the
     * loader will have at this point of the pipeline, i.e. after the deterministic transforms
     * {@code before} (typically {@link ScaleToUnit}). A channel that is constant gets std 1, so it maps to
     * 0 instead of dividing by zero.
     */
    public static Standardize fit(Dataset train, Transform... before) {
        for (Transform t : before) {
            if (t.isRandom()) {
                throw new IllegalArgumentException("Standardize.fit: " + t + " is random augmentation; fit the"
                        + " statistics on un-augmented data and pass only deterministic transforms");
            }
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("Standardize.fit: " + train.name() + " is empty");
        }
        int[] shape = train.sampleShape();
        int channels = shape[0];
        int perChannel = train.sampleSize() / channels;
        float[] x = new float[train.sampleSize()];
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        for (int i = 0; i < train.size(); i++) {
            train.readSample(i, x, 0);
            for (Transform t : before) {
                t.apply(x, 0, shape, 0, i);
            }
            for (int c = 0; c < channels; c++) {
                double s = 0;
                double s2 = 0;
                for (int j = c * perChannel, end = j + perChannel; j < end; j++) {
                    s += x[j];
                    s2 += (double) x[j] * x[j];
                }
                sum[c] += s;
                sumSq[c] += s2;
            }
        }
        double count = (double) train.size() * perChannel;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count;
            double var = Math.max(0, sumSq[c] / count - mean[c] * mean[c]);
            std[c] = var > 0 ? Math.sqrt(var) : 1;
        }
        return new Standardize(mean, std);
    }

    /** The per-channel means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviations (a copy). */
    public double[] std() {
        return std.clone();
    }

    @Override
    public float map(float v, int channel) {
        return (v - meanF[channel]) / stdF[channel];
    }

    @Override
    public void requireFits(int[] shape) {
        if (shape[0] != mean.length) {
            throw new IllegalArgumentException("Standardize holds statistics for " + mean.length + " channels but"
                    + " the sample has shape " + Arrays.toString(shape) + ": fit it on the dataset being loaded");
        }
    }

    @Override
    public void apply(float[] x, int offset, int[] shape, int epoch, int index) {
        requireFits(shape);
        int perChannel = ScaleToUnit.numel(shape) / shape[0];
        for (int c = 0; c < mean.length; c++) {
            float m = meanF[c];
            float sd = stdF[c];
            for (int i = offset + c * perChannel, end = i + perChannel; i < end; i++) {
                x[i] = (x[i] - m) / sd;
            }
        }
    }

    @Override
    public String toString() {
        return "Standardize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
