package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks analytic gradients against float64 central differences, as {@code torch.autograd.gradcheck}.
 *
 * <p>For an output y = f(x₁, …, xₙ), the check draws a fixed random weighting v (shape of y) and compares,
 * for every checked element x of every input, the analytic ∂(Σ v·y)/∂x from backward with
 * (L(x + eps) − L(x − eps)) / (2·eps). An element passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
 * The defaults are PyTorch's: eps = 1e-6, atol = 1e-5, rtol = 1e-3.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(rng, 3, 4).to(DType.FLOAT64).detach().requiresGrad(true);
 * GradCheck.Report r = GradCheck.check(() -> x.exp().sum(1), x);
 * if (!r.passed()) throw new AssertionError(r);
 * }</pre>
 *
 * <p>f must be deterministic (seed any dropout inside it) and the inputs must be float64 leaves that
 * require grad; f reads them, and the check perturbs them in place and restores them.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances, and how many elements of each tensor to check (0 = all). */
    public record Options(double eps, double atol, double rtol, int samplesPerTensor, long seed) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3, 0, 1234);

        public Options withSamples(int samples) {
            return new Options(eps, atol, rtol, samples, seed);
        }

        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, atol, rtol, samplesPerTensor, seed);
        }
    }

    /** The comparison for one element. */
    public record Element(String tensor, int index, double analytic, double numeric, double absError,
            boolean passed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s[%d]: analytic %.8g, numeric %.8g, |diff| %.3g", tensor, index,
                    analytic, numeric, absError);
        }
    }

    /** The worst element of one tensor, with its relative error. */
    public record TensorResult(String name, int[] shape, int checked, Element worst, double worstRelError,
            boolean passed) {}

    /** The outcome: per tensor, the worst element, and whether everything passed. */
    public record Report(List<TensorResult> tensors, Options options) {
        public boolean passed() {
            return tensors.stream().allMatch(TensorResult::passed);
        }

        /** The worst element over all tensors, by error relative to the tolerance. */
        public Element worst() {
            Element worst = null;
            double score = -1;
            for (TensorResult t : tensors) {
                if (t.worst() == null) {
                    continue;
                }
                double s = score(t.worst().absError(), t.worst().numeric(), options);
                if (s > score) {
                    score = s;
                    worst = t.worst();
                }
            }
            return worst;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(passed() ? "gradcheck passed" : "gradcheck FAILED");
            sb.append(String.format(Locale.ROOT, " (eps %.0e, atol %.0e, rtol %.0e)%n", options.eps(),
                    options.atol(), options.rtol()));
            for (TensorResult t : tensors) {
                sb.append(String.format(Locale.ROOT, "  %-28s %-16s checked %6d  worst rel. error %.3e  %s%n",
                        t.name(), Shape.str(t.shape()), t.checked(), t.worstRelError(), t.passed() ? "ok" : "FAIL"));
                if (!t.passed()) {
                    sb.append("    worst: ").append(t.worst()).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /** Checks f against every input, named "input 0", "input 1", ... with the default options. */
    public static Report check(Supplier<Tensor> f, Tensor... inputs) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            named.put("input " + i, inputs[i]);
        }
        return check(f, named, Options.DEFAULT);
    }

    /** Checks f against named tensors (e.g. a module's parameters and its input). */
    public static Report check(Supplier<Tensor> f, Map<String, Tensor> wrt, Options options) {
        wrt.forEach((name, t) -> {
            if (t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck needs float64 tensors, but " + name + " is "
                        + t.dtype() + ": convert with .to(DType.FLOAT64) (modules: module.to(DType.FLOAT64))");
            }
            if (!t.requiresGrad() || !t.isLeaf()) {
                throw new IllegalArgumentException("GradCheck: " + name + " must be a leaf with requiresGrad(true)");
            }
        });
        Map<String, Tensor> previous = new LinkedHashMap<>();
        wrt.forEach((name, t) -> {
            previous.put(name, t.grad());
            t.zeroGrad();
        });
        try {
            Tensor y = f.get();
            Tensor weights = randomWeights(y, options.seed());
            y.mul(weights).sum().backward();
            List<TensorResult> results = new ArrayList<>();
            Rng sampler = new Rng(options.seed() + 1);
            for (Map.Entry<String, Tensor> e : wrt.entrySet()) {
                results.add(checkTensor(f, weights, e.getKey(), e.getValue(), options, sampler));
            }
            return new Report(results, options);
        } finally {
            wrt.forEach((name, t) -> t.setGrad(previous.get(name)));
        }
    }

    private static Tensor randomWeights(Tensor y, long seed) {
        Rng rng = new Rng(seed);
        Tensor v = Tensor.zeros(DType.FLOAT64, y.shape());
        for (int i = 0; i < v.numel(); i++) {
            v.setFlat(i, rng.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static TensorResult checkTensor(Supplier<Tensor> f, Tensor weights, String name, Tensor t,
            Options o, Rng sampler) {
        Tensor analytic = t.grad();
        int n = t.numel();
        int[] indices = elementsToCheck(n, o.samplesPerTensor(), sampler);
        Element worst = null;
        double worstScore = -1;
        double worstRel = 0;
        boolean passed = true;
        for (int i : indices) {
            double numeric = centralDifference(f, weights, t, i, o.eps());
            double a = analytic == null ? 0 : analytic.getFlat(i);
            double err = Math.abs(a - numeric);
            boolean ok = err <= o.atol() + o.rtol() * Math.abs(numeric);
            passed &= ok;
            double score = score(err, numeric, o);
            if (score > worstScore) {
                worstScore = score;
                worst = new Element(name, i, a, numeric, err, ok);
                // 0/0 when both gradients are 0; a NaN error stays NaN in the report.
                worstRel = err == 0 ? 0 : err / Math.max(Math.abs(numeric), Math.abs(a));
            }
        }
        return new TensorResult(name, t.shape(), indices.length, worst, worstRel, passed);
    }

    /**
     * How far an element is outside the tolerance (above 1 fails). A NaN error (a NaN analytic or
     * numeric gradient) scores +∞, so such an element is always reported as the worst.
     */
    private static double score(double err, double numeric, Options o) {
        double s = err / (o.atol() + o.rtol() * Math.abs(numeric));
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
    }

    private static int[] elementsToCheck(int n, int samples, Rng sampler) {
        if (samples <= 0 || samples >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = sampler.permutation(n);
        return java.util.Arrays.copyOf(perm, samples);
    }

    private static double centralDifference(Supplier<Tensor> f, Tensor weights, Tensor t, int i, double eps) {
        double x = t.getFlat(i);
        try (NoGrad ignored = NoGrad.enter()) {
            t.setFlat(i, x + eps);
            double plus = weighted(f.get(), weights);
            t.setFlat(i, x - eps);
            double minus = weighted(f.get(), weights);
            return (plus - minus) / (2 * eps);
        } finally {
            t.setFlat(i, x);
        }
    }

    private static double weighted(Tensor y, Tensor weights) {
        double s = 0;
        for (int k = 0; k < y.numel(); k++) {
            s += y.getFlat(k) * weights.getFlat(k);
        }
        return s;
    }
}
