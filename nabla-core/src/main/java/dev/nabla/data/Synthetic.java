package dev.nabla.data;

import dev.nabla.tensor.Rng;
import java.util.List;

/**
 * The synthetic two-class dataset of seed 003 ({@code synth}): points {@code x ~ N(0, I₂)} labelled 1 when
 * the quadratic form {@code xᵀQx} exceeds 0.6, with {@code Q = [[1, −0.05], [1, 0.4]]}, else 0. The
 * boundary is an ellipse, so a linear model cannot separate the classes but a small MLP can.
 *
 * <p>One {@link Rng} seeded with {@code seed} draws the training points first, then the test points,
 * each as (x₀, x₁) in that order. Labels are computed from the stored float32 coordinates, so the
 * features and labels a model sees always agree.
 */
public final class Synthetic {
    /** The seed's defaults: a training and a test set the size of MNIST's. */
    public static final int DEFAULT_TRAIN = 60_000;
    public static final int DEFAULT_TEST = 10_000;
    public static final long DEFAULT_SEED = 0;

    private static final double THRESHOLD = 0.6;
    private static final double Q00 = 1;
    private static final double Q01 = -0.05;
    private static final double Q10 = 1;
    private static final double Q11 = 0.4;
    private static final List<String> CLASSES = List.of("0", "1");

    private Synthetic() {}

    /** The label of point (x0, x1): 1 if {@code xᵀQx > 0.6}, else 0. */
    public static int label(double x0, double x1) {
        double q = x0 * (Q00 * x0 + Q01 * x1) + x1 * (Q10 * x0 + Q11 * x1);
        return q > THRESHOLD ? 1 : 0;
    }

    /** A training set of {@code trainSize} and a test set of {@code testSize} points, drawn with {@code seed}. */
    public static TrainTest generate(int trainSize, int testSize, long seed) {
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("synth sizes must be non-negative, got train " + trainSize
                    + " and test " + testSize);
        }
        Rng rng = new Rng(seed);
        return new TrainTest(draw("synth/train", trainSize, rng), draw("synth/test", testSize, rng));
    }

    private static TabularDataset draw(String name, int n, Rng rng) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) rng.nextGaussian();
            x[2 * i + 1] = (float) rng.nextGaussian();
            y[i] = label(x[2 * i], x[2 * i + 1]);
        }
        return new TabularDataset(name, x, y, 2, CLASSES);
    }
}
