package dev.nabla.nn.layers;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.BatchNormKernel;
import dev.nabla.kernel.ChannelOp;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.Parallel;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.Blocks;
import dev.nabla.nn.FusesRelu;
import dev.nabla.nn.LayerMath;
import dev.nabla.nn.Module;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalisation over the channel axis (axis 1): the part that {@link BatchNorm1d} and
 * {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}.
 *
 * <p>For each channel c, over its M = N·L values in the batch (L = 1 for [N, C], L for [N, C, L], H·W
 * for [N, C, H, W]):
 * <pre>
 *   μ = (1/M)·Σ x            σ² = (1/M)·Σ (x − μ)²        (biased, used to normalise)
 *   x̂ = (x − μ)/√(σ² + eps)  y = γ·x̂ + β
 * </pre>
 * In training mode μ and σ² come from the batch, and the running statistics are updated as PyTorch does:
 * {@code running = (1 − m)·running + m·batch} with m = momentum (default 0.1), using the unbiased variance
 * σ²·M/(M − 1) for {@code running_var}; with momentum null, m = 1/num_batches_tracked, which makes the
 * running statistics the cumulative average over all batches seen. In evaluation mode μ and σ² are the
 * running statistics.
 *
 * <p>Parameters (when affine): {@code weight} γ [C], initialised to 1, and {@code bias} β [C], initialised
 * to 0. Buffers: {@code running_mean} [C] (0), {@code running_var} [C] (1), {@code num_batches_tracked}
 * [] (0): PyTorch's names, so state dicts load in PyTorch.
 *
 * <p>The computation is {@link NormImpl#FUSED} (the default) or {@link NormImpl#COMPOSED}; both update the
 * running statistics identically.
 */
public abstract class BatchNorm extends Module implements LayerMath, FusesRelu {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final NormImpl impl;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * @param momentum the running statistics' update factor in [0, 1], or null for a cumulative average
     * @param affine whether to learn γ and β
     */
    protected BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, NormImpl impl) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got "
                    + numFeatures);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
        }
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1] (or null"
                    + " for a cumulative average), got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.impl = impl;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(new int[0]));
    }

    /** Sets γ = 1, β = 0 and resets the running statistics. */
    public void resetParameters() {
        resetRunningStats();
        if (weight != null) {
            try (NoGrad ignored = NoGrad.enter()) {
                weight.fill(1);
                bias.fill(0);
            }
        }
    }

    /** running_mean = 0, running_var = 1, num_batches_tracked = 0. */
    public void resetRunningStats() {
        runningMean.fill(0);
        runningVar.fill(1);
        numBatchesTracked.fill(0);
    }

    /** Checks the input's rank and channel count, naming this layer. */
    protected abstract void checkInput(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, false);
    }

    /** With the fused implementation: the composed one has nothing to fuse into. */
    @Override
    public boolean fusesRelu() {
        return impl == NormImpl.FUSED;
    }

    /** ReLU(this(x)) in one op (see {@link BatchNormFunction}); with the composed implementation, two. */
    @Override
    public Tensor forwardWithRelu(Tensor x) {
        return forward(x, true);
    }

    /**
     * In evaluation mode, with the fused implementation and float32 statistics, for {@code channels} equal
     * to num_features: this layer (then a ReLU when {@code relu}) as an in-place op on output blocks of the
     * layer before, the same kernel with the same constants as {@link #forward}; otherwise null.
     */
    protected ChannelOp inferenceOp(int channels, boolean relu) {
        if (isTraining() || impl != NormImpl.FUSED || channels != numFeatures
                || runningMean.dtype() != DType.FLOAT32) {
            return null;
        }
        return new BatchNormFunction(eps, runningMean, runningVar, relu).inPlace(weight, bias);
    }

    private Tensor forward(Tensor x, boolean relu) {
        checkInput(x);
        InputCheck.sameDType(this, x, runningMean);
        int valuesPerChannel = x.numel() / numFeatures;
        if (isTraining() && valuesPerChannel <= 1) {
            throw new IllegalArgumentException(describe() + " got input " + Shape.str(x.shape()) + " in training mode:"
                    + " batch statistics need more than 1 value per channel — use a batch of at least 2, or call"
                    + " eval() to normalise with the running statistics");
        }
        if (impl == NormImpl.COMPOSED) {
            Tensor y = forwardComposed(x, valuesPerChannel);
            return relu ? new ReLU().forward(y) : y;
        }
        BatchNormFunction f = isTraining() ? new BatchNormFunction(eps, relu)
                : new BatchNormFunction(eps, runningMean, runningVar, relu);
        Tensor y = f.apply(x, weight, bias);
        if (isTraining()) {
            updateRunningStats(f.batchMean(), f.batchVariance(), valuesPerChannel);
        }
        return y;
    }

    /** The same normalisation from primitive ops; autograd derives its backward. */
    private Tensor forwardComposed(Tensor x, int valuesPerChannel) {
        int[] axes = new int[x.dim() - 1];
        int[] channelShape = new int[x.dim()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = numFeatures;
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != 1) {
                axes[j++] = i;
            }
        }
        Tensor xHat;
        if (isTraining()) {
            Tensor mean = x.mean(axes, true);
            Tensor centered = x.sub(mean);
            Tensor variance = centered.mul(centered).mean(axes, true);
            xHat = centered.div(variance.add(eps).sqrt());
            updateRunningStats(Blocks.toArray(mean.detach()), Blocks.toArray(variance.detach()), valuesPerChannel);
        } else {
            Tensor std = runningVar.reshape(channelShape).add(eps).sqrt();
            xHat = x.sub(runningMean.reshape(channelShape)).div(std);
        }
        return weight == null ? xHat : xHat.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
    }

    private void updateRunningStats(double[] batchMean, double[] batchVariance, int valuesPerChannel) {
        try (NoGrad ignored = NoGrad.enter()) {
            double tracked = numBatchesTracked.getFlat(0) + 1;
            numBatchesTracked.setFlat(0, tracked);
            double m = momentum == null ? 1 / tracked : momentum;
            double bessel = valuesPerChannel / (valuesPerChannel - 1.0);
            for (int c = 0; c < numFeatures; c++) {
                runningMean.setFlat(c, (1 - m) * runningMean.getFlat(c) + m * batchMean[c]);
                runningVar.setFlat(c, (1 - m) * runningVar.getFlat(c) + m * batchVariance[c] * bessel);
            }
        }
    }

    public int numFeatures() {
        return numFeatures;
    }

    public double eps() {
        return eps;
    }

    /** The update factor, or null for a cumulative average. */
    public Double momentum() {
        return momentum;
    }

    public NormImpl impl() {
        return impl;
    }

    /** The closed form of seed 001, per channel c over its M = N·H·W values (M = N for [N, C]). */
    @Override
    public String formula() {
        return """
                y  = γ·x̂ + β, x̂ = (X − μ)/√(σ² + eps)     X, y [N, C] or [N, C, H, W]; γ, β, μ, σ² [C]
                dX = (γ/(M·√(σ² + eps))) ⊙ (M·dY − Σ dY − x̂ ⊙ Σ (dY ⊙ x̂))   like X (sums over N, H, W)
                dγ = Σ (dY ⊙ x̂)                            [C]
                dβ = Σ dY                                   [C]""";
    }

    /** Per element: mean 1, variance 2, normalise 2, scale and shift 2. */
    @Override
    public long forwardFlops(int[] in, int[] out) {
        return LayerMath.elementwise(out, 7);
    }

    /** Per element: Σ dY 1, Σ dY ⊙ x̂ 2, and dX's combination 5 when needed. */
    @Override
    public long backwardFlops(int[] in, int[] out, boolean inputGrad) {
        return LayerMath.elementwise(out, inputGrad ? 8 : 3);
    }

    /** γ [C], or null when not affine. */
    public Tensor weight() {
        return weight;
    }

    /** β [C], or null when not affine. */
    public Tensor bias() {
        return bias;
    }

    /** The buffer {@code running_mean} [C]. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The buffer {@code running_var} [C] (unbiased estimates). */
    public Tensor runningVar() {
        return runningVar;
    }

    /** How many training batches have updated the running statistics. */
    public long numBatchesTracked() {
        return (long) numBatchesTracked.getFlat(0);
    }

    /** "BatchNorm1d(100)": the name used at the start of error messages. */
    protected String describe() {
        return getClass().getSimpleName() + "(" + numFeatures + ")";
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.number(eps) + ", momentum=" + (momentum == null ? "null" : momentum)
                + ", affine=" + (weight != null) + (impl == NormImpl.COMPOSED ? ", composed" : "");
    }

    /**
     * The fused batch normalisation over axis 1, inputs (x, γ, β) with γ and β optionally null, as a Function
     * with the closed-form backward (seeds 001 and 002).
     *
     * <p>x is read as [N, C, L]. The channels are split into groups, one task each. For a group of g
     * channels, each sample's values form one contiguous run of g·L positions; every loop streams these
     * runs, sample by sample, through double scratch of one run. Per-channel sums are taken per position
     * first (vectorised across positions) and folded into channels after, in a fixed order, so results do
     * not depend on the grouping or the thread count; parameters enter the loops expanded per position.
     *
     * <p>With {@code relu}, the function is ReLU(BatchNorm(x)) in one pass each way, with the bits of the
     * two ops one after the other: forward rounds γ·x̂ + β to the tensor's precision before taking
     * max(·, 0), as the ReLU would see it, and backward recomputes that output from x to mask dy as
     * {@code dy·sign(y)}, exactly the ReLU's backward. It saves the ReLU's output and gradient tensors and
     * a read and write of each (see {@link dev.nabla.nn.Sequential}, which fuses the pair).
     */
    public static final class BatchNormFunction extends Function {
        /** A group's values at most (N·g·L), so that the group stays in cache across its passes. */
        private static final int GROUP_BUDGET = 1 << 15;

        private final double eps;
        private final boolean batchStatistics;
        private final boolean relu;
        private double[] mean;
        private double[] variance;
        private double[] invStd;
        private double[] gamma;
        private double[] beta;
        /** Whether the output is rounded to float32 (the ReLU's mask is taken on the rounded value). */
        private boolean float32;
        /** The input, kept for backward, which recomputes x̂ from it rather than have forward write x̂ out. */
        private Tensor input;

        /** Training: normalises with the batch's own mean and biased variance. */
        public BatchNormFunction(double eps) {
            this(eps, false);
        }

        /** Training, followed by a ReLU when {@code relu}. */
        public BatchNormFunction(double eps, boolean relu) {
            this.eps = eps;
            this.batchStatistics = true;
            this.relu = relu;
        }

        /** Evaluation: normalises with fixed statistics [C], which are constants for backward. */
        public BatchNormFunction(double eps, Tensor mean, Tensor variance) {
            this(eps, mean, variance, false);
        }

        /** Evaluation, followed by a ReLU when {@code relu}. */
        public BatchNormFunction(double eps, Tensor mean, Tensor variance, boolean relu) {
            this.eps = eps;
            this.batchStatistics = false;
            this.relu = relu;
            this.mean = Blocks.toArray(mean);
            this.variance = Blocks.toArray(variance);
        }

        /** The group's constants per position, in scratch buffers 9–12 (see {@link BatchNormKernel}). */
        private BatchNormKernel.Positions positions(Layout d, int c0, int c1, GroupScratch g) {
            int run = (c1 - c0) * d.inner;
            return new BatchNormKernel.Positions(d.perPosition(mean, c0, c1, g.buffer(9, run)),
                    d.perPosition(invStd, c0, c1, g.buffer(10, run)), d.perPosition(gamma, 1, c0, c1, g.buffer(11, run)),
                    d.perPosition(beta, 0, c0, c1, g.buffer(12, run)), relu, float32);
        }

        private void accumulate(Tensor x, int at, int n, double[] sums) {
            if (float32) {
                BatchNormKernel.accumulate(x.floatData(), at, n, sums);
            } else {
                BatchNormKernel.accumulate(x.doubleData(), at, n, sums);
            }
        }

        private void accumulateSquares(Tensor x, int at, int n, double[] mean, double[] squares) {
            if (float32) {
                BatchNormKernel.accumulateSquares(x.floatData(), at, n, mean, squares);
            } else {
                BatchNormKernel.accumulateSquares(x.doubleData(), at, n, mean, squares);
            }
        }

        /** μ per channel, after forward. */
        public double[] batchMean() {
            return afterForward(mean, "batchMean").clone();
        }

        /** The biased σ² per channel, after forward. */
        public double[] batchVariance() {
            return afterForward(variance, "batchVariance").clone();
        }

        private double[] afterForward(double[] statistic, String accessor) {
            if (statistic == null) {
                throw new IllegalStateException(name() + "." + accessor + "() called before forward: the batch"
                        + " statistics do not exist yet");
            }
            return statistic;
        }

        /**
         * Evaluation only: the forward pass as an in-place op on float32 blocks of whole channels (see
         * {@link ChannelOp}), with γ and β (either may be null) as they are now.
         */
        ChannelOp inPlace(Tensor weight, Tensor bias) {
            if (batchStatistics) {
                throw new IllegalStateException(name() + ": only the evaluation form is a fixed per-channel op");
            }
            setAffine(weight, bias);
            invStd = new double[mean.length];
            setInvStd(0, mean.length);
            return (y, at, c0, c1, plane) -> {
                for (int c = c0; c < c1; c++) {
                    int from = at + (c - c0) * plane;
                    BatchNormKernel.normalizeChannel(y, from, plane, mean[c], invStd[c], gamma == null ? 1 : gamma[c],
                            beta == null ? 0 : beta[c], relu, y, from);
                }
            };
        }

        private void setAffine(Tensor weight, Tensor bias) {
            gamma = weight == null ? null : Blocks.toArray(weight);
            beta = bias == null ? null : Blocks.toArray(bias);
        }

        private void setInvStd(int c0, int c1) {
            for (int c = c0; c < c1; c++) {
                invStd[c] = 1 / Math.sqrt(variance[c] + eps);
            }
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor x = in[0];
            Layout d = Layout.of(x);
            setAffine(in[1], in[2]);
            float32 = x.dtype() == DType.FLOAT32;
            if (batchStatistics) {
                mean = new double[d.channels];
                variance = new double[d.channels];
            }
            invStd = new double[d.channels];
            Tensor y = Tensor.unfilled(x.dtype(), x.shape());
            d.forEachGroup((c0, c1) -> {
                int run = (c1 - c0) * d.inner;
                double m = d.valuesPerChannel();
                GroupScratch g = GroupScratch.get();
                if (batchStatistics) {
                    double[] sums = g.zeroed(1, run);
                    for (int s = 0; s < d.batch; s++) {
                        accumulate(x, d.at(x, s, c0), run, sums);
                    }
                    double[] channelSums = d.perChannel(sums, c0, c1, g.buffer(2, c1 - c0));
                    for (int c = c0; c < c1; c++) {
                        mean[c] = channelSums[c - c0] / m;
                    }
                    double[] mu = d.perPosition(mean, c0, c1, g.buffer(3, run));
                    double[] squares = g.zeroed(4, run);
                    for (int s = 0; s < d.batch; s++) {
                        accumulateSquares(x, d.at(x, s, c0), run, mu, squares);
                    }
                    double[] channelSquares = d.perChannel(squares, c0, c1, g.buffer(2, c1 - c0));
                    for (int c = c0; c < c1; c++) {
                        variance[c] = channelSquares[c - c0] / m;
                    }
                }
                setInvStd(c0, c1);
                BatchNormKernel.Positions p = positions(d, c0, c1, g);
                for (int s = 0; s < d.batch; s++) {
                    int at = d.at(x, s, c0);
                    if (float32) {
                        BatchNormKernel.normalize(x.floatData(), at, run, p, y.floatData(), d.at(y, s, c0));
                    } else {
                        BatchNormKernel.normalize(x.doubleData(), at, run, p, y.doubleData(), d.at(y, s, c0));
                    }
                }
            });
            boolean needed = ctx.needsInputGrad(0) || ctx.needsInputGrad(1) || ctx.needsInputGrad(2);
            input = needed ? x : null;
            return y;
        }

        /**
         * Given dy [N, C, ...] (x's shape), per channel c over its M values, with x, μ and
         * invStd = 1/√(σ² + eps) saved, and x̂ = (x − μ)·invStd recomputed in double precision:
         * <ul>
         *   <li>dβ = Σ dy, [C];
         *   <li>dγ = Σ dy·x̂, [C];
         *   <li>training (batch statistics, which depend on x):
         *       dx = (γ·invStd/M)·(M·dy − Σdy − x̂·Σ(dy·x̂)), [N, C, ...];
         *   <li>evaluation (fixed statistics): dx = γ·invStd·dy.
         * </ul>
         * The training form follows from x̂ = (x − μ)·invStd with ∂μ/∂x = 1/M and ∂σ²/∂x = 2(x − μ)/M: the
         * two extra terms remove the mean of dy and its projection on x̂. Σdy and Σdy·x̂ are dβ and dγ.
         */
        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = requireSaved(input, "input");
            Layout d = Layout.of(x);
            double[] dGamma = new double[d.channels];
            double[] dBeta = new double[d.channels];
            boolean wantDx = ctx.needsInputGrad(0);
            Tensor dx = wantDx ? Tensor.unfilled(x.dtype(), x.shape()) : null;
            d.forEachGroup((c0, c1) -> {
                int run = (c1 - c0) * d.inner;
                double m = d.valuesPerChannel();
                GroupScratch g = GroupScratch.get();
                double[] sumDy = g.zeroed(2, run);
                double[] sumDyXHat = g.zeroed(3, run);
                BatchNormKernel.Positions p = positions(d, c0, c1, g);
                for (int s = 0; s < d.batch; s++) {
                    int at = d.at(x, s, c0);
                    int dyAt = d.at(dy, s, c0);
                    if (float32) {
                        BatchNormKernel.gradientSums(dy.floatData(), dyAt, x.floatData(), at, run, p, sumDy, sumDyXHat);
                    } else {
                        BatchNormKernel.gradientSums(dy.doubleData(), dyAt, x.doubleData(), at, run, p, sumDy,
                                sumDyXHat);
                    }
                }
                d.perChannel(sumDy, c0, c1, g.buffer(4, c1 - c0));
                System.arraycopy(g.buffer(4, c1 - c0), 0, dBeta, c0, c1 - c0);
                d.perChannel(sumDyXHat, c0, c1, g.buffer(4, c1 - c0));
                System.arraycopy(g.buffer(4, c1 - c0), 0, dGamma, c0, c1 - c0);
                if (!wantDx) {
                    return;
                }
                double[] k = d.perPosition(gamma, 1, c0, c1, g.buffer(4, run));
                double[] meanDy = d.perPosition(dBeta, c0, c1, g.buffer(6, run));
                double[] meanDyXHat = d.perPosition(dGamma, c0, c1, g.buffer(7, run));
                double[] is = p.invStd();
                for (int j = 0; j < run; j++) {
                    k[j] *= is[j];
                    meanDy[j] = batchStatistics ? meanDy[j] / m : 0;
                    meanDyXHat[j] = batchStatistics ? meanDyXHat[j] / m : 0;
                }
                for (int s = 0; s < d.batch; s++) {
                    int at = d.at(x, s, c0);
                    int dyAt = d.at(dy, s, c0);
                    int dxAt = d.at(dx, s, c0);
                    if (float32) {
                        BatchNormKernel.inputGradient(dy.floatData(), dyAt, x.floatData(), at, run, p, k, meanDy,
                                meanDyXHat, dx.floatData(), dxAt);
                    } else {
                        BatchNormKernel.inputGradient(dy.doubleData(), dyAt, x.doubleData(), at, run, p, k, meanDy,
                                meanDyXHat, dx.doubleData(), dxAt);
                    }
                }
            });
            DType dtype = x.dtype();
            return new Tensor[] {
                dx,
                ctx.needsInputGrad(1) ? Blocks.fromArray(dtype, dGamma, d.channels) : null,
                ctx.needsInputGrad(2) ? Blocks.fromArray(dtype, dBeta, d.channels) : null,
            };
        }

        /** x read as [batch, channels, inner]; sample s's run of channels [c0, c1) is contiguous. */
        private record Layout(int batch, int channels, int inner) {
            static Layout of(Tensor x) {
                int n = x.size(0);
                int c = x.size(1);
                return new Layout(n, c, n * c == 0 ? 0 : x.numel() / (n * c));
            }

            int valuesPerChannel() {
                return batch * inner;
            }

            /** Runs {@code body} on groups of whole channels, in parallel; each channel is in one group. */
            void forEachGroup(GroupBody body) {
                int byBudget = GROUP_BUDGET / Math.max(1, valuesPerChannel());
                boolean large = (long) channels * valuesPerChannel() >= 2L * Blocks.PARALLEL_GRAIN;
                int byThreads = large ? Parallel.chunks(channels, Kernels.threads()) : channels;
                int group = Math.max(1, Math.min(byBudget, byThreads));
                Parallel.range(Parallel.chunks(channels, group), 1, (from, to) -> {
                    for (int g = from; g < to; g++) {
                        body.run(g * group, Math.min(channels, (g + 1) * group));
                    }
                });
            }

            /** Where sample s's values of channels c0… start in {@code t}'s array (t is contiguous). */
            int at(Tensor t, int s, int c0) {
                return t.offset() + (s * channels + c0) * inner;
            }

            /**
             * Per-position sums of channels [c0, c1) folded into per-channel sums, over each channel's inner
             * positions, into {@code out} (returned).
             */
            double[] perChannel(double[] perPosition, int c0, int c1, double[] out) {
                for (int k = 0; k < c1 - c0; k++) {
                    out[k] = Blocks.sum(perPosition, k * inner, (k + 1) * inner);
                }
                return out;
            }

            /** values[c] for the channels c in [c0, c1), repeated over each channel's inner positions, into out. */
            double[] perPosition(double[] values, int c0, int c1, double[] out) {
                for (int k = 0; k < c1 - c0; k++) {
                    java.util.Arrays.fill(out, k * inner, (k + 1) * inner, values[c0 + k]);
                }
                return out;
            }

            /** As {@link #perPosition(double[], int, int, double[])}, or {@code absent} everywhere when values is null. */
            double[] perPosition(double[] values, double absent, int c0, int c1, double[] out) {
                if (values != null) {
                    return perPosition(values, c0, c1, out);
                }
                java.util.Arrays.fill(out, 0, (c1 - c0) * inner, absent);
                return out;
            }
        }

        /**
         * A worker thread's buffers for the group loops: buffer i is reused by every group that thread runs,
         * so a pass allocates nothing once the buffers have grown to the largest group (GROUP_BUDGET values).
         * Arrays may be longer than asked for; the loops use their own lengths.
         */
        private static final class GroupScratch {
            private static final ThreadLocal<GroupScratch> PER_THREAD = ThreadLocal.withInitial(GroupScratch::new);
            private final double[][] buffers = new double[13][0];

            static GroupScratch get() {
                return PER_THREAD.get();
            }

            /** Buffer i with room for n values (contents unspecified). */
            double[] buffer(int i, int n) {
                if (buffers[i].length < n) {
                    buffers[i] = new double[n];
                }
                return buffers[i];
            }

            /** Buffer i with its first n values zero. */
            double[] zeroed(int i, int n) {
                double[] b = buffer(i, n);
                java.util.Arrays.fill(b, 0, n, 0.0);
                return b;
            }
        }

        @FunctionalInterface
        private interface GroupBody {
            void run(int c0, int c1);
        }
    }
}
