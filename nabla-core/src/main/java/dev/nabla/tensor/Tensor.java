package dev.nabla.tensor;

import dev.nabla.autograd.Graph;
import dev.nabla.autograd.NoGrad;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * An N-dimensional array of float32 (or float64, for gradient checks) over a contiguous row-major
 * array, with PyTorch's autograd: a tensor created with {@link #requiresGrad(boolean) requiresGrad(true)}
 * records the ops applied to it, and {@link #backward()} accumulates dL/dx into {@link #grad()}.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * Tensor w = Tensor.randn(rng, 3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, -1, 0.5f}, 1, 3);
 * Tensor loss = x.matmul(w).pow(2).sum();
 * loss.backward();
 * System.out.println(w.grad());
 * }</pre>
 *
 * <p>Storage is always contiguous: {@link #reshape} and row {@link #narrow narrowing} return views that
 * share the array, while {@link #permute} and {@link #transpose} copy. Ops broadcast like NumPy, and
 * shape errors name the op and both shapes.
 */
public final class Tensor {
    // Storage is replaceable only through setData, for parameters (Module.to, flat parameter buffers).
    DType dtype;
    float[] f;
    double[] d;
    int offset;
    final int[] shape;
    final int numel;

    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private Node gradFn;

    Tensor(DType dtype, float[] f, double[] d, int offset, int[] shape) {
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
        this.shape = shape;
        this.numel = Shape.numel(shape);
    }

    // ---------------------------------------------------------------- creation

    static Tensor empty(DType dtype, int... shape) {
        int n = Shape.numel(shape);
        return dtype == DType.FLOAT32
                ? new Tensor(dtype, Workspace.floats(n), null, 0, shape.clone())
                : new Tensor(dtype, null, new double[n], 0, shape.clone());
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    /** A tensor of zeros of the given dtype. */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape);
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /** A tensor of ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    /** A tensor of the given dtype filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        return empty(dtype, shape).fill(value);
    }

    /**
     * A tensor whose contents are unspecified: a float32 array recycled by the open {@link Workspace} is
     * not zero-filled first. For kernels that write every element of their output before anything reads
     * it (a convolution's or a normalisation's output); anything that accumulates needs {@link #zeros}.
     */
    public static Tensor unfilled(DType dtype, int... shape) {
        int n = Shape.numel(shape);
        return dtype == DType.FLOAT32
                ? new Tensor(dtype, Workspace.floats(n, false), null, 0, shape.clone())
                : new Tensor(dtype, null, new double[n], 0, shape.clone());
    }

    /** Zeros with the shape and dtype of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return empty(t.dtype, t.shape);
    }

    /** A float32 scalar (shape []). */
    public static Tensor scalar(double value) {
        return full(value);
    }

    /** 0, 1, ..., n-1 as float32. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, ... up to (excluding) end, as float32, like {@code torch.arange}. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = zeros(n);
        for (int i = 0; i < n; i++) {
            t.f[i] = (float) (start + i * step);
        }
        return t;
    }

    /** A float32 tensor holding a copy of {@code values}, reshaped to {@code shape} (default: 1-D). */
    public static Tensor of(float[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        checkLength(values.length, s);
        return new Tensor(DType.FLOAT32, values.clone(), null, 0, s.clone());
    }

    /** A float64 tensor holding a copy of {@code values}, reshaped to {@code shape} (default: 1-D). */
    public static Tensor of(double[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        checkLength(values.length, s);
        return new Tensor(DType.FLOAT64, null, values.clone(), 0, s.clone());
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(DType.FLOAT32, data, null, 0, new int[] {rows.length, cols});
    }

    /** Wraps {@code data} without copying: the tensor and the array share storage. */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.FLOAT32, data, null, 0, shape.clone());
    }

    /** Wraps {@code data} without copying, as float64. */
    public static Tensor wrap(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.FLOAT64, null, data, 0, shape.clone());
    }

    private static void checkLength(int length, int[] shape) {
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException("Tensor.of: " + length + " values do not fill shape "
                    + Shape.str(shape) + " (" + Shape.numel(shape) + " elements)");
        }
    }

    /** Uniform in [0, 1), float32. */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0, 1, shape);
    }

    /** Uniform in [low, high), float32. */
    public static Tensor uniform(Rng rng, double low, double high, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.numel; i++) {
            t.f[i] = (float) (low + (high - low) * rng.nextDouble());
        }
        return t;
    }

    /** Standard normal, float32. */
    public static Tensor randn(Rng rng, int... shape) {
        return normal(rng, 0, 1, shape);
    }

    /** Normal with the given mean and standard deviation, float32. */
    public static Tensor normal(Rng rng, double mean, double std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.numel; i++) {
            t.f[i] = (float) (mean + std * rng.nextGaussian());
        }
        return t;
    }

    /** One-hot rows: {@code out[i, labels[i]] = 1}, shape [N, classes], float32. */
    public static Tensor oneHot(int[] labels, int classes) {
        Tensor t = zeros(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at position " + i
                        + " is outside [0, " + classes + ")");
            }
            t.f[i * classes + labels[i]] = 1f;
        }
        return t;
    }

    /** Concatenates along an existing axis; all other sizes must match. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return new MovementOps.Concat(axis).apply(tensors);
    }

    /** Concatenates a list along an existing axis. */
    public static Tensor concat(int axis, List<Tensor> tensors) {
        return concat(axis, tensors.toArray(new Tensor[0]));
    }

    /** Stacks equally shaped tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int a = Shape.axis("stack", axis, tensors[0].dim() + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + Shape.str(tensors[i].shape)
                        + " but tensor 0 has " + Shape.str(tensors[0].shape));
            }
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    // ---------------------------------------------------------------- properties and data

    /** The sizes of the dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dimension; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shape.axis("size", axis, shape.length)];
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return numel;
    }

    public DType dtype() {
        return dtype;
    }

    /**
     * The backing float array, shared, not copied: element {@code i} (row-major) is at
     * {@code floatData()[offset() + i]}. For kernels, layers and optimizers.
     *
     * @throws IllegalStateException for a float64 tensor
     */
    public float[] floatData() {
        if (f == null) {
            throw new IllegalStateException("floatData(): this tensor is " + dtype + "; use doubleData()");
        }
        return f;
    }

    /** The backing double array of a float64 tensor, shared; see {@link #floatData()}. */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("doubleData(): this tensor is " + dtype + "; use floatData()");
        }
        return d;
    }

    /** Where element 0 sits in the backing array. */
    public int offset() {
        return offset;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel != 1) {
            throw new IllegalStateException("item(): only a one-element tensor has an item, this one has shape "
                    + Shape.str(shape));
        }
        return (float) getFlat(0);
    }

    /** The element at a multi-index (negative indices not accepted). */
    public float get(int... index) {
        return (float) getFlat(flatIndex(index));
    }

    /** Element {@code i} in row-major order, in double precision whatever the dtype. */
    public double getFlat(int i) {
        return f != null ? f[offset + i] : d[offset + i];
    }

    /** Sets element {@code i} in row-major order. */
    public void setFlat(int i, double value) {
        if (f != null) {
            f[offset + i] = (float) value;
        } else {
            d[offset + i] = value;
        }
    }

    /** Sets the element at a multi-index. */
    public void set(double value, int... index) {
        checkInPlace("set");
        setFlat(flatIndex(index), value);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates, the tensor has shape " + Shape.str(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Shape.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** A float32 copy of the elements in row-major order. */
    public float[] toFloatArray() {
        float[] out = new float[numel];
        for (int i = 0; i < numel; i++) {
            out[i] = (float) getFlat(i);
        }
        return out;
    }

    /** A float64 copy of the elements in row-major order. */
    public double[] toDoubleArray() {
        double[] out = new double[numel];
        for (int i = 0; i < numel; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /** A copy that owns its storage; not part of any graph. */
    public Tensor copy() {
        Tensor out = empty(dtype, shape);
        if (f != null) {
            System.arraycopy(f, offset, out.f, 0, numel);
        } else {
            System.arraycopy(d, offset, out.d, 0, numel);
        }
        return out;
    }

    /** This tensor converted to another dtype; differentiable (the gradient is converted back). */
    public Tensor to(DType target) {
        return target == dtype ? this : new ElementwiseOps.Cast(target).apply(this);
    }

    /** True when every element is within {@code atol + rtol·|other|} of {@code other}'s, and shapes match. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < numel; i++) {
            double a = getFlat(i);
            double b = other.getFlat(i);
            boolean same = a == b || (Double.isNaN(a) && Double.isNaN(b));
            if (!same && !(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- autograd

    /** True when ops on this tensor are recorded for backward. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor (a parameter, an input) as requiring a gradient; returns this.
     *
     * @throws IllegalStateException on a tensor computed by a recorded op
     */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad(" + flag + "): only leaf tensors can change it; this one"
                    + " was computed by " + gradFn.name() + ". Use detach() to get a leaf.");
        }
        this.requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient, or null before the first backward (or after {@link #zeroGrad()}). */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && (!Arrays.equals(g.shape, shape) || g.dtype != dtype)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + Shape.str(g.shape) + " (" + g.dtype
                    + ") for a tensor of shape " + Shape.str(shape) + " (" + dtype + ")");
        }
        this.grad = g;
    }

    /** Clears the gradient: the only reset, since backward accumulates. */
    public void zeroGrad() {
        this.grad = null;
    }

    /** The node that computed this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** True for tensors not computed by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Asks backward to keep this intermediate tensor's gradient in {@link #grad()} too. */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    /** True after {@link #retainGrad()}. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /**
     * Adds {@code g} into {@link #grad()} (creating it on first use). Called by the autograd engine; a
     * gradient never aliases the tensor it came from.
     */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            try (NoGrad ignored = NoGrad.enter()) {
                grad.addInPlace(g, 1.0);
            }
        }
    }

    /** Sets the (absent) gradient to {@code g} itself; see {@link Workspace#adoptAsGrad}. */
    void adoptGrad(Tensor g) {
        grad = g;
    }

    /** A view of this tensor's storage produced by {@code node}; used when an op is recorded. */
    public Tensor withGradFn(Node node) {
        Tensor t = new Tensor(dtype, f, d, offset, shape);
        t.gradFn = node;
        t.requiresGrad = true;
        return t;
    }

    /**
     * Points this leaf at {@code source}'s storage and dtype (same shape), as {@code param.data = ...} in
     * PyTorch: how a module converts its parameters to float64 or moves them into one flat buffer. The
     * gradient is cleared.
     *
     * @throws IllegalStateException on a tensor computed by a recorded op
     */
    public void setData(Tensor source) {
        if (gradFn != null) {
            throw new IllegalStateException("setData: only leaf tensors can change their storage; this one was"
                    + " computed by " + gradFn.name());
        }
        if (!Arrays.equals(source.shape, shape)) {
            throw new IllegalArgumentException("setData: source shape " + Shape.str(source.shape)
                    + " differs from " + Shape.str(shape));
        }
        this.dtype = source.dtype;
        this.f = source.f;
        this.d = source.d;
        this.offset = source.offset;
        this.grad = null;
    }

    /** A leaf that shares storage with this tensor but is cut from the graph. */
    public Tensor detach() {
        return new Tensor(dtype, f, d, offset, shape);
    }

    /** Backpropagates from this scalar: every leaf that requires grad accumulates dL/dleaf. */
    public void backward() {
        Graph.backward(this, null, false);
    }

    /** Backpropagates with dL/d(this) = {@code gradient} (same shape as this tensor). */
    public void backward(Tensor gradient) {
        Graph.backward(this, gradient, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be traversed again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Graph.backward(this, gradient, retainGraph);
    }

    // ---------------------------------------------------------------- in-place updates (not recorded)

    private void checkInPlace(String op) {
        if (requiresGrad && NoGrad.isGradEnabled()) {
            throw new IllegalStateException(op + ": in-place change of a tensor that requires grad; do it inside"
                    + " a NoGrad scope (as optimizers do) or on a detached copy");
        }
    }

    /** Sets every element to {@code value}; returns this. */
    public Tensor fill(double value) {
        checkInPlace("fill");
        if (f != null) {
            Arrays.fill(f, offset, offset + numel, (float) value);
        } else {
            Arrays.fill(d, offset, offset + numel, value);
        }
        return this;
    }

    /** Copies {@code src}'s elements (same shape) into this tensor; returns this. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        if (!Arrays.equals(shape, src.shape)) {
            throw new IllegalArgumentException("copyFrom: source shape " + Shape.str(src.shape)
                    + " differs from " + Shape.str(shape));
        }
        if (f != null && src.f != null) {
            System.arraycopy(src.f, src.offset, f, offset, numel);
        } else if (d != null && src.d != null) {
            System.arraycopy(src.d, src.offset, d, offset, numel);
        } else {
            for (int i = 0; i < numel; i++) {
                setFlat(i, src.getFlat(i));
            }
        }
        return this;
    }

    /** {@code this += alpha·other} elementwise (same shape); returns this. */
    public Tensor addInPlace(Tensor other, double alpha) {
        checkInPlace("addInPlace");
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("addInPlace: shapes " + Shape.str(shape) + " and "
                    + Shape.str(other.shape) + " differ");
        }
        Compute.sameDType("addInPlace", this, other);
        if (f != null) {
            float a = (float) alpha;
            for (int i = 0; i < numel; i++) {
                f[offset + i] += a * other.f[other.offset + i];
            }
        } else {
            for (int i = 0; i < numel; i++) {
                d[offset + i] += alpha * other.d[other.offset + i];
            }
        }
        return this;
    }

    /** {@code this *= factor}; returns this. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace");
        for (int i = 0; i < numel; i++) {
            setFlat(i, getFlat(i) * factor);
        }
        return this;
    }

    // ---------------------------------------------------------------- elementwise ops (broadcasting)

    public Tensor add(Tensor other) {
        return new ElementwiseOps.Add().apply(this, other);
    }

    public Tensor add(double value) {
        return add(scalarLike(value));
    }

    public Tensor sub(Tensor other) {
        return new ElementwiseOps.Sub().apply(this, other);
    }

    public Tensor sub(double value) {
        return sub(scalarLike(value));
    }

    public Tensor mul(Tensor other) {
        return new ElementwiseOps.Mul().apply(this, other);
    }

    public Tensor mul(double value) {
        return mul(scalarLike(value));
    }

    public Tensor div(Tensor other) {
        return new ElementwiseOps.Div().apply(this, other);
    }

    public Tensor div(double value) {
        return div(scalarLike(value));
    }

    /** Elementwise power with a constant exponent. */
    public Tensor pow(double exponent) {
        return new ElementwiseOps.PowScalar(exponent).apply(this);
    }

    /** Elementwise power with a tensor of exponents (broadcasting). */
    public Tensor pow(Tensor exponent) {
        return new ElementwiseOps.Pow().apply(this, exponent);
    }

    public Tensor neg() {
        return new ElementwiseOps.Neg().apply(this);
    }

    public Tensor exp() {
        return new ElementwiseOps.Exp().apply(this);
    }

    public Tensor log() {
        return new ElementwiseOps.Log().apply(this);
    }

    public Tensor sqrt() {
        return new ElementwiseOps.Sqrt().apply(this);
    }

    public Tensor abs() {
        return new ElementwiseOps.Abs().apply(this);
    }

    /** Limits every element to [min, max]; the gradient passes only where the input was inside. */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        return new ElementwiseOps.Clamp(min, max).apply(this);
    }

    /** Elementwise maximum; on ties the gradient is split evenly, as in PyTorch. */
    public Tensor maximum(Tensor other) {
        return new ElementwiseOps.Maximum().apply(this, other);
    }

    /** Elementwise minimum; on ties the gradient is split evenly. */
    public Tensor minimum(Tensor other) {
        return new ElementwiseOps.Minimum().apply(this, other);
    }

    /** 1 where equal, else 0 (not differentiable). */
    public Tensor eq(Tensor other) {
        return Compute.binary(BinaryOp.EQ, this, other);
    }

    public Tensor ne(Tensor other) {
        return Compute.binary(BinaryOp.NE, this, other);
    }

    public Tensor lt(Tensor other) {
        return Compute.binary(BinaryOp.LT, this, other);
    }

    public Tensor le(Tensor other) {
        return Compute.binary(BinaryOp.LE, this, other);
    }

    public Tensor gt(Tensor other) {
        return Compute.binary(BinaryOp.GT, this, other);
    }

    public Tensor ge(Tensor other) {
        return Compute.binary(BinaryOp.GE, this, other);
    }

    public Tensor eq(double v) {
        return eq(scalarLike(v));
    }

    public Tensor lt(double v) {
        return lt(scalarLike(v));
    }

    public Tensor gt(double v) {
        return gt(scalarLike(v));
    }

    public Tensor le(double v) {
        return le(scalarLike(v));
    }

    public Tensor ge(double v) {
        return ge(scalarLike(v));
    }

    /** Elementwise function without autograd, for code that needs raw values (activations use Functions). */
    public Tensor map(UnaryOp op) {
        return Compute.unary(op, this);
    }

    private Tensor scalarLike(double v) {
        return full(dtype, v);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, as a scalar. */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** Sum over one axis (dropped). */
    public Tensor sum(int axis) {
        return sum(new int[] {axis}, false);
    }

    /** Sum over the given axes (empty: all), keeping them as size 1 if {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return new ReduceOps.Sum(Shape.axesMask("sum", axes, dim()), keepDims).apply(this);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** Mean over one axis (dropped). */
    public Tensor mean(int axis) {
        return mean(new int[] {axis}, false);
    }

    /** Mean over the given axes (empty: all). */
    public Tensor mean(int[] axes, boolean keepDims) {
        int count = reducedCount("mean", axes);
        return sum(axes, keepDims).div(count);
    }

    /**
     * Variance over the given axes (empty: all): the mean squared deviation, divided by n − 1 when
     * {@code unbiased} (Bessel's correction, PyTorch's default) and by n otherwise.
     */
    public Tensor var(int[] axes, boolean unbiased, boolean keepDims) {
        int count = reducedCount("var", axes);
        Tensor centered = sub(mean(axes, true));
        return centered.mul(centered).sum(axes, keepDims).div(unbiased ? count - 1 : count);
    }

    private int reducedCount(String op, int[] axes) {
        boolean[] mask = Shape.axesMask(op, axes, dim());
        int count = 1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                count *= shape[i];
            }
        }
        return count;
    }

    /** Maximum of all elements, as a scalar; ties share the gradient evenly (see {@link #max(int[], boolean)}). */
    public Tensor max() {
        return max(new int[0], false);
    }

    /** Maximum along one axis; see {@link #max(int[], boolean)}. */
    public Tensor max(int axis, boolean keepDims) {
        return max(new int[] {axis}, keepDims);
    }

    /**
     * Maximum over the given axes (empty: all), keeping them as size 1 if {@code keepDims}, as
     * {@code torch.amax}. NaN wins. The gradient goes to the maximal element of each slice; when k
     * elements tie for the maximum, each gets 1/k of it, as PyTorch's {@code amax} and {@code max()}.
     *
     * @throws IllegalArgumentException if a reduced axis is empty
     */
    public Tensor max(int[] axes, boolean keepDims) {
        boolean[] mask = Shape.axesMask("max", axes, dim());
        requireNonEmpty("max", mask);
        return new ReduceOps.Max(mask, keepDims).apply(this);
    }

    /** Indices of the maxima along an axis, as int (first one on ties; NaN counts as the maximum). */
    public int[] argmax(int axis) {
        int a = Shape.axis("argmax", axis, dim());
        boolean[] mask = new boolean[dim()];
        mask[a] = true;
        requireNonEmpty("argmax", mask);
        int[] idx = new int[numel / shape[a]];
        Compute.argmax(this, a, idx);
        return idx;
    }

    /**
     * Indices of the maxima along an axis, as {@code torch.argmax(x, axis, keepdim)}: first one on ties,
     * NaN counts as the maximum. nabla has no integer dtype, so the indices come as exact whole numbers in
     * this tensor's dtype (float32 holds every index up to 2^24). Not differentiable.
     *
     * @throws IllegalArgumentException if the axis is empty, or longer than float32 counts exactly
     */
    public Tensor argmax(int axis, boolean keepDims) {
        int a = Shape.axis("argmax", axis, dim());
        if (dtype == DType.FLOAT32 && shape[a] > 1 << 24) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + Shape.str(shape) + " has "
                    + shape[a] + " positions, more than float32 counts exactly (2^24); use .to(DType.FLOAT64)"
                    + " or argmax(axis) for int indices");
        }
        int[] idx = argmax(axis);
        boolean[] mask = new boolean[dim()];
        mask[a] = true;
        Tensor out = empty(dtype, Shape.reduced(shape, mask, keepDims));
        for (int i = 0; i < idx.length; i++) {
            out.setFlat(i, idx[i]);
        }
        return out;
    }

    /**
     * Row-major index of the first maximum of all elements, as {@code torch.argmax(x)}; NaN counts as the
     * maximum.
     *
     * @throws IllegalArgumentException if the tensor is empty
     */
    public int argmax() {
        if (numel == 0) {
            throw new IllegalArgumentException("argmax: the tensor of shape " + Shape.str(shape)
                    + " is empty, so it has no maximum");
        }
        return reshape(-1).argmax(0)[0];
    }

    private void requireNonEmpty(String op, boolean[] mask) {
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && shape[i] == 0) {
                throw new IllegalArgumentException(op + ": axis " + i + " of shape " + Shape.str(shape)
                        + " is empty, so it has no maximum");
            }
        }
    }

    /**
     * log Σ exp(x) over the axes (empty: all), computed stably as m + log Σ exp(x − m) with m the maximum.
     * As in PyTorch, an infinite m is replaced by 0, so a slice of all −∞ gives −∞ (not NaN) and one that
     * holds +∞ gives +∞; an empty slice gives −∞.
     */
    public Tensor logsumexp(int[] axes, boolean keepDims) {
        boolean[] mask = Shape.axesMask("logsumexp", axes, dim());
        if (numel == 0) {
            return exp().sum(axes, keepDims).log();
        }
        Tensor m = Compute.max(this, mask, true);
        for (int i = 0; i < m.numel; i++) {
            if (Double.isInfinite(m.getFlat(i))) {
                m.setFlat(i, 0);
            }
        }
        Tensor out = sub(m).exp().sum(axes, true).log().add(m);
        return keepDims ? out : out.reshape(Shape.reduced(shape, mask, false));
    }

    // ---------------------------------------------------------------- shape and indexing

    /** Same elements, new shape (one size may be -1); a view, never a copy. */
    public Tensor reshape(int... newShape) {
        int[] s = Shape.inferReshape(shape, newShape);
        if (Arrays.equals(s, shape)) {
            return this;
        }
        return new MovementOps.Reshape(s).apply(this);
    }

    /** Alias of {@link #reshape}, as in PyTorch. */
    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    /** All dimensions from {@code startDim} on merged into one ([N, C, H, W] → [N, C·H·W] for 1). */
    public Tensor flatten(int startDim) {
        int s = Shape.axis("flatten", startDim, Math.max(1, dim()));
        int[] out = Arrays.copyOf(shape, s + 1);
        out[s] = -1;
        return reshape(out);
    }

    /** Into one dimension. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Inserts a size-1 axis at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        int a = Shape.axis("unsqueeze", axis, dim() + 1);
        int[] out = new int[dim() + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == a ? 1 : shape[j++];
        }
        return reshape(out);
    }

    /** Removes a size-1 axis. */
    public Tensor squeeze(int axis) {
        int a = Shape.axis("squeeze", axis, dim());
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shape.str(shape)
                    + " has size " + shape[a] + ", not 1");
        }
        int[] out = new int[dim() - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                out[j++] = shape[i];
            }
        }
        return reshape(out);
    }

    /** Reorders the axes: output axis i is input axis {@code perm[i]} (a copy). */
    public Tensor permute(int... perm) {
        if (perm.length != dim()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " has " + perm.length
                    + " axes, the tensor has shape " + Shape.str(shape));
        }
        int[] p = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = Shape.axis("permute", perm[i], dim());
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis " + perm[i] + " repeats in " + Arrays.toString(perm));
            }
            seen[p[i]] = true;
        }
        return new MovementOps.Permute(p).apply(this);
    }

    /** Swaps two axes (a copy). */
    public Tensor transpose(int axis0, int axis1) {
        int[] p = new int[dim()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        int a = Shape.axis("transpose", axis0, dim());
        int b = Shape.axis("transpose", axis1, dim());
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /** Matrix transpose of a 2-D tensor. */
    public Tensor t() {
        if (dim() != 2) {
            throw new IllegalArgumentException("t(): expects a 2-D tensor, got shape " + Shape.str(shape));
        }
        return transpose(0, 1);
    }

    /** The slice {@code [start, start+length)} along an axis; a view when the axis is 0. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shape.axis("narrow", axis, dim());
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is outside axis "
                    + axis + " of size " + shape[a] + " (shape " + Shape.str(shape) + ")");
        }
        return new MovementOps.Narrow(a, start, length).apply(this);
    }

    /** The rows {@code index[i]} along axis 0, in that order (a batch from a dataset, for example). */
    public Tensor indexSelect(int... index) {
        if (dim() == 0) {
            throw new IllegalArgumentException("indexSelect: a scalar has no rows");
        }
        for (int i : index) {
            if (i < 0 || i >= shape[0]) {
                throw new IndexOutOfBoundsException("indexSelect: row " + i + " is out of range for shape "
                        + Shape.str(shape));
            }
        }
        return new MovementOps.IndexSelect(index).apply(this);
    }

    /** This tensor broadcast to a larger shape (a copy); the gradient sums back. */
    public Tensor expand(int... target) {
        int[] out = Shape.broadcast("expand", shape, target);
        if (!Arrays.equals(out, target)) {
            throw new IllegalArgumentException("expand: shape " + Shape.str(shape) + " cannot be expanded to "
                    + Shape.str(target));
        }
        return add(zeros(dtype, target));
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product. 2-D: [M, K]·[K, N] = [M, N]. N-D: the last two axes multiply and the leading ones
     * broadcast as batch axes. A 1-D operand is treated as a row (left) or column (right) vector and the
     * added axis is removed from the result.
     */
    public Tensor matmul(Tensor other) {
        if (dim() == 0 || other.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got shapes "
                    + Shape.str(shape) + " and " + Shape.str(other.shape));
        }
        Tensor a = dim() == 1 ? unsqueeze(0) : this;
        Tensor b = other.dim() == 1 ? other.unsqueeze(1) : other;
        Tensor out = new MatMul().apply(a, b);
        if (dim() == 1) {
            out = out.squeeze(-2);
        }
        if (other.dim() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    // ---------------------------------------------------------------- printing

    /** Prints like PyTorch: {@code tensor([[1.0000, 2.0000], ...], requires_grad=True)}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
