package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Parameter initialisers, as {@code torch.nn.init}: each fills a tensor in place from an explicit
 * {@link Rng} (elements in row-major order) and returns it. Filling happens without recording, so
 * parameters that require grad can be re-initialised at any time.
 *
 * <p>Fans follow PyTorch: for a weight of shape [out, in] fan_in = in and fan_out = out; for a
 * convolution weight [out, in, kh, kw] both are multiplied by the receptive field kh·kw.
 *
 * <pre>{@code
 * Init.kaimingNormal(linear.weight(), rng, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU);
 * Init.zeros(linear.bias());
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan scales the variance: FAN_IN keeps forward activations' variance, FAN_OUT backward gradients'. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The nonlinearity that follows a layer, for {@link #gain}; as {@code torch.nn.init.calculate_gain}. */
    public enum Nonlinearity {
        /** Identity, and any convolution: gain 1. */
        LINEAR,
        /** gain 1. */
        SIGMOID,
        /** gain 5/3. */
        TANH,
        /** gain √2. */
        RELU,
        /** gain √(2 / (1 + slope²)), slope the negative slope (0.01 when the parameter is NaN). */
        LEAKY_RELU,
        /** gain 3/4. */
        SELU;

        /** The recommended gain; {@code param} is LEAKY_RELU's negative slope and ignored otherwise. */
        public double gain(double param) {
            return switch (this) {
                case LINEAR, SIGMOID -> 1.0;
                case TANH -> 5.0 / 3.0;
                case RELU -> Math.sqrt(2.0);
                case LEAKY_RELU -> {
                    double slope = Double.isNaN(param) ? 0.01 : param;
                    yield Math.sqrt(2.0 / (1 + slope * slope));
                }
                case SELU -> 0.75;
            };
        }
    }

    /** fan_in and fan_out of a weight. */
    public record Fans(int fanIn, int fanOut) {}

    /**
     * The fans of a weight of shape [out, in, k...]: fan_in = in·Πk, fan_out = out·Πk.
     *
     * @throws IllegalArgumentException for fewer than 2 dimensions (a bias has no fan_out)
     */
    public static Fans fans(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Init: fan_in and fan_out cannot be computed for a tensor of shape "
                    + Shape.str(shape) + " (fewer than 2 dimensions); a bias is initialised from its layer's"
                    + " weight fan_in instead");
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    /** Fills {@code t} with U(low, high); returns it. */
    public static Tensor uniform(Tensor t, Rng rng, double low, double high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("Init.uniform: low " + low + " must not exceed high " + high);
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < t.numel(); i++) {
                t.setFlat(i, low + (high - low) * rng.nextDouble());
            }
        }
        return t;
    }

    /** Fills {@code t} with N(mean, std²); returns it. The seeds' weights are {@code normal(w, rng, 0, 1e-4)}. */
    public static Tensor normal(Tensor t, Rng rng, double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("Init.normal: std must be non-negative, got " + std);
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < t.numel(); i++) {
                t.setFlat(i, mean + std * rng.nextGaussian());
            }
        }
        return t;
    }

    /** Fills {@code t} with {@code value}; returns it. */
    public static Tensor constant(Tensor t, double value) {
        try (NoGrad ignored = NoGrad.enter()) {
            t.fill(value);
        }
        return t;
    }

    /** Fills {@code t} with zeros; returns it. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Fills {@code t} with ones; returns it. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** Glorot/Xavier uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, Rng rng, double gain) {
        Fans f = fans(t.shape());
        double bound = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform(t, rng, -bound, bound);
    }

    /** Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, Rng rng, double gain) {
        Fans f = fans(t.shape());
        return normal(t, rng, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())));
    }

    /**
     * He/Kaiming uniform: U(−b, b) with b = √3·gain/√fan, where gain = {@code nonlinearity.gain(a)} and
     * fan is fan_in or fan_out by {@code mode}. {@code a} is the negative slope for LEAKY_RELU.
     */
    public static Tensor kaimingUniform(Tensor t, Rng rng, double a, FanMode mode, Nonlinearity nonlinearity) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, rng, -bound, bound);
    }

    /** He/Kaiming normal: N(0, std²) with std = gain/√fan (see {@link #kaimingUniform}). */
    public static Tensor kaimingNormal(Tensor t, Rng rng, double a, FanMode mode, Nonlinearity nonlinearity) {
        return normal(t, rng, 0, kaimingStd(t, a, mode, nonlinearity));
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        Fans f = fans(t.shape());
        int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
        if (fan == 0) {
            throw new IllegalArgumentException("Init: cannot initialise a tensor of shape " + Shape.str(t.shape())
                    + " with Kaiming's scheme: its " + mode.name().toLowerCase(java.util.Locale.ROOT) + " is 0");
        }
        return nonlinearity.gain(a) / Math.sqrt(fan);
    }

    /**
     * PyTorch's default for Linear and Conv layers: weight = Kaiming uniform with a = √5 (leaky-ReLU gain,
     * fan_in), which is U(−1/√fan_in, 1/√fan_in), then bias = U(−1/√fan_in, 1/√fan_in). The weight is
     * drawn first. {@code bias} may be null.
     */
    public static void pytorchDefault(Tensor weight, Tensor bias, Rng rng) {
        kaimingUniform(weight, rng, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        if (bias != null) {
            int fanIn = fans(weight.shape()).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform(bias, rng, -bound, bound);
        }
    }
}
