package dev.nabla.kernel;

/**
 * The geometry of a 2-D sliding window over an NCHW batch, shared by convolution and pooling.
 *
 * <p>Input [N, C, H, W]; a window of kh×kw cells steps by (sh, sw) over the input padded with ph rows
 * above and below and pw columns left and right. Output cell (oh, ow) sees input rows
 * {@code oh·sh − ph + i} for i in [0, kh) and columns {@code ow·sw − pw + j} for j in [0, kw); cells
 * outside [0, H)×[0, W) are padding. The output has H_out = ⌊(H + 2·ph − kh) / sh⌋ + 1 rows and
 * W_out = ⌊(W + 2·pw − kw) / sw⌋ + 1 columns, as PyTorch's default (floor) mode.
 *
 * <p>All index arithmetic of im2col, col2im and pooling lives here, so that the float32 and float64
 * paths and the different kernels agree on which cells a window covers.
 */
public final class Window2d {
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final int outH;
    private final int outW;

    /**
     * @throws IllegalArgumentException when a size is not positive, a padding is negative, or the
     *     padded input is smaller than the window (callers check first to name their layer)
     */
    public Window2d(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        if (n < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("Window2d: invalid geometry: input [" + n + ", " + c + ", " + h + ", "
                    + w + "], kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding " + ph + "x" + pw);
        }
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.outH = outputSize(h, kh, sh, ph);
        this.outW = outputSize(w, kw, sw, pw);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("Window2d: a " + kh + "x" + kw + " window does not fit the input "
                    + h + "x" + w + " padded by " + ph + "x" + pw);
        }
    }

    /**
     * Output length along one axis: ⌊(in + 2·pad − kernel) / stride⌋ + 1, or a value below 1 when the
     * padded input is shorter than the kernel.
     */
    public static int outputSize(int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    public int batch() {
        return n;
    }

    public int channels() {
        return c;
    }

    public int inH() {
        return h;
    }

    public int inW() {
        return w;
    }

    public int kernelH() {
        return kh;
    }

    public int kernelW() {
        return kw;
    }

    public int strideH() {
        return sh;
    }

    public int strideW() {
        return sw;
    }

    public int padH() {
        return ph;
    }

    public int padW() {
        return pw;
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    /** H·W: the size of one input plane. */
    public int inPlane() {
        return h * w;
    }

    /** H_out·W_out: the size of one output plane. */
    public int outPlane() {
        return outH * outW;
    }

    /** kh·kw: cells per window. */
    public int windowSize() {
        return kh * kw;
    }

    /** The same window over a different batch size (a chunk of the batch). */
    Window2d withBatch(int batch) {
        return batch == n ? this : new Window2d(batch, c, h, w, kh, kw, sh, sw, ph, pw);
    }

    /** First input row of output row {@code oh}'s window, clipped to the input. */
    int rowStart(int oh) {
        return Math.max(0, oh * sh - ph);
    }

    /** One past the last input row of output row {@code oh}'s window, clipped to the input. */
    int rowEnd(int oh) {
        return Math.min(h, oh * sh - ph + kh);
    }

    /** First input column of output column {@code ow}'s window, clipped to the input. */
    int colStart(int ow) {
        return Math.max(0, ow * sw - pw);
    }

    /** One past the last input column of output column {@code ow}'s window, clipped to the input. */
    int colEnd(int ow) {
        return Math.min(w, ow * sw - pw + kw);
    }

    /** The input row that kernel row {@code ki} of output row {@code oh} reads; outside [0, H) is padding. */
    int inputRow(int oh, int ki) {
        return oh * sh - ph + ki;
    }

    /** The first output column whose kernel column {@code kj} reads inside the input (iw ≥ 0). */
    int firstValidOutCol(int kj) {
        return Math.min(outW, Math.max(0, Math.ceilDiv(pw - kj, sw)));
    }

    /** One past the last output column whose kernel column {@code kj} reads inside the input (iw < W). */
    int endValidOutCol(int kj) {
        return Math.max(firstValidOutCol(kj), Math.min(outW, Math.floorDiv(w - 1 + pw - kj, sw) + 1));
    }

    /** The input column that kernel column {@code kj} of output column {@code ow} reads. */
    int inputCol(int ow, int kj) {
        return ow * sw - pw + kj;
    }

    @Override
    public String toString() {
        return "Window2d[input [" + n + ", " + c + ", " + h + ", " + w + "], kernel " + kh + "x" + kw + ", stride "
                + sh + "x" + sw + ", padding " + ph + "x" + pw + ", output " + outH + "x" + outW + "]";
    }
}
