package dev.nabla.kernel;

import java.util.Arrays;
import java.util.function.Supplier;

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
    /** Planes below this many cells of work are not worth a task of their own. */
    private static final int GRAIN_CELLS = 1 << 14;

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
    private final int[] tapOffsets;
    private final int[] pixelOffsets;

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
        // Computed here, not lazily, so that kernel tasks on other threads can read them without a race.
        this.tapOffsets = tapOffsets(paddedW());
        this.pixelOffsets = corners(paddedW(), 0, 0);
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

    /** Rows of the input plane padded above and below: H + 2·ph. */
    public int paddedH() {
        return h + 2 * ph;
    }

    /** Columns of the input plane padded left and right: W + 2·pw. */
    public int paddedW() {
        return w + 2 * pw;
    }

    /**
     * For window cell t = i·kw + j: its offset i·W_p + j in a padded plane from the window's top-left
     * corner. Shared, not copied: do not modify.
     */
    public int[] tapOffsets() {
        return tapOffsets;
    }

    /** For window cell t = i·kw + j: its offset i·rowStride + j from the window's top-left corner. */
    private int[] tapOffsets(int rowStride) {
        int[] t = new int[kh * kw];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                t[i * kw + j] = i * rowStride + j;
            }
        }
        return t;
    }

    /** For every output pixel: (oh·sh − rowShift)·rowStride + ow·sw − colShift. */
    private int[] corners(int rowStride, int rowShift, int colShift) {
        int[] o = new int[outH * outW];
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                o[oh * outW + ow] = (oh * sh - rowShift) * rowStride + ow * sw - colShift;
            }
        }
        return o;
    }

    /**
     * For output pixel p = oh·W_out + ow: the offset oh·sh·W_p + ow·sw of its window's top-left corner in
     * a padded plane. Window cell t of pixel p is at {@code tapOffsets()[t] + pixelOffsets()[p]}: every
     * window lies inside the padded plane, so no cell needs a bounds check. Shared, not copied: do not modify.
     */
    public int[] pixelOffsets() {
        return pixelOffsets;
    }

    /**
     * Copies an input plane (from {@code xPlane} in a float[] or double[]) into the interior of a padded
     * plane of the same type, leaving its border as it is.
     */
    public void pad(Object x, int xPlane, Object padded) {
        for (int r = 0; r < h; r++) {
            System.arraycopy(x, xPlane + r * w, padded, (r + ph) * paddedW() + pw, w);
        }
    }

    /**
     * Writes a whole padded plane at {@code padded[padOff …]}: the input plane at {@code x[xPlane …]} in
     * its interior and zeros around it. Every cell is written, so the buffer may hold anything before.
     */
    public void padPlane(float[] x, int xPlane, float[] padded, int padOff) {
        int wp = paddedW();
        int top = padOff + ph * wp;
        int bottom = padOff + (ph + h) * wp;
        int end = padOff + paddedH() * wp;
        // Plain loops: rows are a few cells long on the small planes this is for, shorter than a call.
        for (int q = padOff; q < top; q++) {
            padded[q] = 0f;
        }
        for (int r = 0; r < h; r++) {
            int row = top + r * wp;
            int src = xPlane + r * w;
            for (int j = 0; j < pw; j++) {
                padded[row + j] = 0f;
            }
            for (int j = 0; j < w; j++) {
                padded[row + pw + j] = x[src + j];
            }
            for (int j = pw + w; j < wp; j++) {
                padded[row + j] = 0f;
            }
        }
        for (int q = bottom; q < end; q++) {
            padded[q] = 0f;
        }
    }

    /**
     * For every output pixel p: the input cells its window covers, as indices into the unpadded plane, in
     * window order (row-major), padding left out. A window that covers only padding gets an empty list.
     */
    int[][] validCells() {
        int[][] cells = new int[outH * outW][];
        for (int q = 0; q < cells.length; q++) {
            int[] list = new int[kh * kw];
            int count = 0;
            for (int t = 0; t < list.length; t++) {
                int cell = unpad(tapOffsets[t] + pixelOffsets[q]);
                if (cell >= 0) {
                    list[count++] = cell;
                }
            }
            cells[q] = Arrays.copyOf(list, count);
        }
        return cells;
    }

    /**
     * For every window cell t = i·kw + j, the output pixels whose cell t lies inside the input (not in the
     * padding), in increasing order: all of them for a window's centre, fewer towards its corners when
     * the plane is small.
     */
    int[][] validPixels() {
        int[][] pixels = new int[kh * kw][];
        for (int t = 0; t < pixels.length; t++) {
            int[] list = new int[outH * outW];
            int count = 0;
            for (int q = 0; q < list.length; q++) {
                if (unpad(tapOffsets[t] + pixelOffsets[q]) >= 0) {
                    list[count++] = q;
                }
            }
            pixels[t] = Arrays.copyOf(list, count);
        }
        return pixels;
    }

    /** The index within the input plane of padded-plane cell q, or −1 when q is padding. */
    public int unpad(int q) {
        int r = q / paddedW() - ph;
        int col = q % paddedW() - pw;
        return r < 0 || r >= h || col < 0 || col >= w ? -1 : r * w + col;
    }

    /**
     * True when the output plane has the input's size at stride 1 ("same" padding, 2·p = k − 1): then
     * window cell (i, j) of every pixel reads the input shifted by (i − ph, j − pw), a pattern the
     * kernels copy in blocks.
     */
    public boolean sameSizeStride1() {
        return sh == 1 && sw == 1 && outH == h && outW == w;
    }

    /** Work on one (image, channel) plane, with a scratch object that belongs to the running task. */
    @FunctionalInterface
    interface PlaneBody<S> {
        void run(S scratch, int image, int channel);
    }

    /**
     * Runs body for every (image, channel) plane of {@code images} images (image i of them may stand for
     * image n0 + i of a chunk), split over the kernel threads by plane. Each task gets its own scratch
     * from the supplier. Kernels that write only into their own plane are deterministic for any thread
     * count this way.
     *
     * @param cellsPerPlane the work per plane, to size the tasks
     */
    <S> void forEachPlane(int images, int cellsPerPlane, Supplier<S> scratch, PlaneBody<S> body) {
        Parallel.range(images * c, Math.max(1, GRAIN_CELLS / Math.max(1, cellsPerPlane)), (from, to) -> {
            S s = scratch.get();
            for (int q = from; q < to; q++) {
                body.run(s, q / c, q % c);
            }
        });
    }

    /** Work on the planes [first, first + count) (plane = image·C + channel), with the task's scratch. */
    @FunctionalInterface
    interface PlaneGroupBody<S> {
        void run(S scratch, int first, int count);
    }

    /**
     * Runs body for every group of {@code size} consecutive planes of the batch (the last group may be
     * shorter), split over the kernel threads by group; each task gets its own scratch. As
     * {@link #forEachPlane}, kernels that write only into their own planes are deterministic this way.
     *
     * @param cellsPerPlane the work per plane, to size the tasks
     */
    <S> void forEachPlaneGroup(int size, int cellsPerPlane, Supplier<S> scratch, PlaneGroupBody<S> body) {
        int planes = n * c;
        int groups = (planes + size - 1) / size;
        Parallel.range(groups, Math.max(1, GRAIN_CELLS / Math.max(1, size * cellsPerPlane)), (from, to) -> {
            S s = scratch.get();
            for (int q = from; q < to; q++) {
                body.run(s, q * size, Math.min(size, planes - q * size));
            }
        });
    }

    @Override
    public String toString() {
        return "Window2d[input [" + n + ", " + c + ", " + h + ", " + w + "], kernel " + kh + "x" + kw + ", stride "
                + sh + "x" + sw + ", padding " + ph + "x" + pw + ", output " + outH + "x" + outW + "]";
    }
}
