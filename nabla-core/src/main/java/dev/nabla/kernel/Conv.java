package dev.nabla.kernel;

/**
 * Single-precision 2-D convolution (cross-correlation, as PyTorch) as im2col + GEMM.
 *
 * <p>Shapes: x [N, C_in, H, W], w [C_out, C_in, kh, kw] read as the matrix [C_out, K] with
 * K = C_in·kh·kw, b [C_out], y [N, C_out, H_out, W_out]; P = H_out·W_out pixels per image. The batch is
 * processed in chunks of G images; for each chunk, col [K, G·P] is the {@link Im2col} matrix and
 * <pre>
 *   forward   Y [C_out, G·P]  = W · col              y[n, o, p] = Y[o, n·P + p] + b[o]
 *   backward  db[o]          += Σ_{n,p} dy[n, o, p]
 *             dW [C_out, K]  += dY · colᵀ            dY [C_out, G·P] is dy with the same layout as Y
 *             dcol [K, G·P]   = Wᵀ · dY              dx += col2im(dcol)
 * </pre>
 * Each product reads its operands transposed where needed, so no transpose is materialised, and W (or
 * Wᵀ) is packed for the GEMM once per call and reused by every chunk ({@link PackedA}). Two ways
 * to lay out Y and dY, by plane size:
 * <ul>
 *   <li>Large planes (P ≥ {@link #DIRECT_MIN_PIXELS}, the first 32×32 layer): one GEMM per image,
 *       which writes y[n] = Y's columns of image n as [C_out, P] in place and reads dy[n] the same way,
 *       so y and dy are never permuted.</li>
 *   <li>Smaller planes (16×16 down to 2×2): one GEMM per chunk over all its images, since 32 products of
 *       256 or 4 columns run below the GEMM's speed; Y and dY then go through a scratch matrix
 *       [C_out, G·P] and one permutation each way.</li>
 * </ul>
 * On those smaller planes, whenever a plane's rows are not block copies (below 16×16, or strided), the
 * forward and weight-gradient products do not get a written-out col: they read it in place from a padded
 * copy of the chunk's images through offset tables ({@link Im2col#matrix}), and the GEMM gathers its
 * packed panels from there. That skips writing and re-reading a col of 2–9 MB on the seeds' 8×8 to 2×2
 * layers; W2 measured 0.96–0.97× and W2i 0.88–0.95× the time of the written-out col
 * (bench/results/implicit-2026-12-04). The input gradient still goes through a column matrix and
 * col2im, but on these layers as dcolᵀ = dYᵀ·W ({@link Im2col#col2imTransposed}): W is then the GEMM's
 * right operand, packed block by block into cache, instead of Wᵀ packed whole on every call (9 MB for a
 * 512-channel layer); same bits, W2 0.93–1.01×.
 * On the smallest of those planes (4×4 and below with a 3×3 window and padding 1), where a third or more
 * of the column matrix is padding, the forward product runs one product per window tap over only the
 * pixels where that tap is inside the input ({@link TapConv}); see there for what it measured.
 * A chunk holds whole images, at least {@link #MIN_COLUMNS} output pixels and otherwise about
 * {@link #CHUNK_CELLS} column cells, so that col stays in cache between im2col and the GEMMs. The
 * column matrix is recomputed in backward instead of being kept from forward: one more im2col, cheap next
 * to the GEMMs, and no per-layer state between the passes.
 *
 * <p>Inference epilogues: forward can apply a following layer's per-channel op ({@link ChannelOp}, an
 * eval-mode BatchNorm and ReLU) to each block of y right after writing it, and can hand each finished
 * block (whole images, from a per-thread scratch) to a sink ({@link ImageBlockSink}, max pooling) instead
 * of writing y at all; the blocks are read while still in cache.
 *
 * <p>Threads: when the chunks divide evenly among the threads, or are many ({@link #splitsChunks}), each
 * thread takes whole chunks in forward, each with its own im2col and product (run on that thread alone),
 * instead of every product being split; likewise dX in backward, except on the in-place layers, whose
 * per-thread dcolᵀ would not fit in L2. dW and db accumulate over the chunks in order and keep splitting
 * each product. The one-GEMM-per-image layer splits its images among the threads. Measured in
 * bench/README.md: forward over the seeds' layers at batch 32 45.4–47.7 → 42.7–44.0 ms, W2i 357–379 →
 * 354–358 ms, W2 within its noise.
 *
 * <p>Scratch: col and Y live in per-thread buffers that grow to the largest layer and are reused, so a
 * training step allocates only its outputs. Each thread uses its own, within one call: the caller, and a
 * worker while it runs one of the call's chunk tasks. Packed W is the caller's, read by all.
 *
 * <p>Determinism: im2col/col2im are split by plane (see {@link Im2col}), the permutations, bias and
 * bias-gradient sums by output channel, each in a fixed order; chunks and images follow each other in
 * index order; so results are bit-identical for any thread count, given a deterministic GEMM.
 */
public final class Conv {
    /** Target column-matrix size per chunk, in floats (1 MB: one core's L2 cache). */
    static final int CHUNK_CELLS = 1 << 18;

    /** A chunk's GEMM gets at least this many columns (output pixels), however large col becomes. */
    static final int MIN_COLUMNS = 512;

    /**
     * Planes at least this large get one GEMM per image, straight into y and out of dy. Measured on the
     * seeds' CNN (batch 32): per-image products save 13% on the 32×32 layer, lose 3% on the 16×16 one
     * (256 columns are too few for the GEMM) and 50% on the 8×8 ones.
     */
    static final int DIRECT_MIN_PIXELS = 1024;

    /** Channels below this many cells of work are not worth a task of their own. */
    private static final int GRAIN_CELLS = 1 << 14;

    private static final ThreadLocal<Buffers> SCRATCH = ThreadLocal.withInitial(Buffers::new);

    private Conv() {}

    /**
     * Images per chunk for this geometry (see the class comment); depends only on the shapes, never on the
     * thread count. Public for benchmarks that time the GEMMs alone.
     */
    public static int imagesPerChunk(Window2d g) {
        long perImage = (long) g.channels() * g.windowSize() * g.outPlane();
        long byCells = Math.max(1, CHUNK_CELLS / perImage);
        long byColumns = (MIN_COLUMNS + g.outPlane() - 1) / g.outPlane();
        return (int) Math.min(g.batch(), Math.max(byCells, byColumns));
    }

    /**
     * True when the products read the column matrix in place from the padded input ({@link Im2col#implicit})
     * instead of from a written-out copy: planes that are not block copies, below the one-GEMM-per-image size.
     */
    static boolean implicit(Window2d g) {
        return !perImage(g) && Im2col.implicit(g);
    }

    /**
     * True when the forward product runs one product per window tap over the pixels where the tap is
     * inside the input ({@link TapConv}): implicit planes that are mostly padding at their borders.
     */
    static boolean tapwise(Window2d g) {
        return implicit(g) && TapConv.suits(g);
    }

    /** True when this geometry runs one GEMM per image (see the class comment). Public for benchmarks. */
    public static boolean perImage(Window2d g) {
        return g.outPlane() >= DIRECT_MIN_PIXELS;
    }

    /**
     * y = conv(x, w) + b, written to y from {@code yOff} (every element is overwritten).
     *
     * @param b the bias, or null for none
     */
    public static void forward(Window2d g, int cOut, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
            float[] y, int yOff) {
        forward(g, cOut, x, xOff, w, wOff, b, bOff, y, yOff, null);
    }

    /**
     * y = after(conv(x, w) + b): as {@link #forward(Window2d, int, float[], int, float[], int, float[], int,
     * float[], int)}, then {@code after} on each block of y as soon as the block is written (the bias
     * included), so that the block is transformed while it is still in cache.
     *
     * @param after the transform, or null for none
     */
    public static void forward(Window2d g, int cOut, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
            float[] y, int yOff, ChannelOp after) {
        forward(g, cOut, x, xOff, w, wOff, b, bOff, y, yOff, after, null);
    }

    /**
     * As {@link #forward(Window2d, int, float[], int, float[], int, float[], int, float[], int, ChannelOp)},
     * but with the output handed to {@code sink} block by block (whole images, from a per-thread scratch)
     * instead of written to y, which is then not used (may be null).
     */
    public static void forward(Window2d g, int cOut, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
            ChannelOp after, ImageBlockSink sink) {
        forward(g, cOut, x, xOff, w, wOff, b, bOff, null, 0, after, sink);
    }

    private static void forward(Window2d g, int cOut, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
            float[] y, int yOff, ChannelOp after, ImageBlockSink sink) {
        int k = g.channels() * g.windowSize();
        int p = g.outPlane();
        int chunk = imagesPerChunk(g);
        boolean byTaps = tapwise(g);
        PackedA weights = byTaps ? null : SCRATCH.get().pack(false, cOut, k, w, wOff);
        TapConv.Weights tapWeights = byTaps ? SCRATCH.get().taps(g, cOut, w, wOff) : null;
        int chunks = Parallel.chunks(g.batch(), chunk);
        Parallel.Range body = (q0, q1) -> {
            Buffers s = SCRATCH.get();
            for (int n0 = q0 * chunk; n0 < Math.min(g.batch(), q1 * chunk); n0 += chunk) {
                int count = Math.min(chunk, g.batch() - n0);
                int cols = count * p;
                if (perImage(g)) {
                    float[] col = s.col(k * cols);
                    Im2col.im2col(g, x, xOff, n0, count, col, cols);
                    int first = n0;
                    // The images' products are too small to split well: the threads take whole images.
                    Parallel.range(count, 1, (i0, i1) -> {
                        for (int i = i0; i < i1; i++) {
                            if (sink == null) {
                                Gemm.sgemm(weights, false, p, 1f, col, i * p, cols, 0f, y, yOff + (first + i) * cOut * p,
                                        p);
                                finish(p, cOut, first + i, b, bOff, y, yOff, after);
                            } else {
                                float[] block = SCRATCH.get().block(cOut * p);
                                Gemm.sgemm(weights, false, p, 1f, col, i * p, cols, 0f, block, 0, p);
                                finish(p, cOut, 0, b, bOff, block, 0, after);
                                sink.accept(block, 0, first + i, 1);
                            }
                        }
                    });
                    continue;
                }
                float[] out = s.out(cOut * cols);
                if (byTaps) {
                    TapConv.product(g, cOut, tapWeights, s.columns(g, x, xOff, n0, count), count, out);
                } else if (implicit(g)) {
                    Gemm.sgemm(weights, false, cols, 1f, s.columns(g, x, xOff, n0, count), 0f, out, 0, cols);
                } else {
                    float[] col = s.col(k * cols);
                    Im2col.im2col(g, x, xOff, n0, count, col, cols);
                    Gemm.sgemm(weights, false, cols, 1f, col, 0, cols, 0f, out, 0, cols);
                }
                if (sink == null) {
                    unpermute(p, cOut, n0, count, out, b, bOff, y, yOff, after);
                } else {
                    float[] block = s.block(cOut * cols);
                    unpermute(p, cOut, 0, count, out, b, bOff, block, 0, after);
                    sink.accept(block, 0, n0, count);
                }
            }
        };
        if (splitsChunks(chunks)) {
            Parallel.range(chunks, 1, body);
        } else {
            body.run(0, chunks);
        }
    }

    /**
     * Whether the threads take whole chunks, each with its own products, rather than share every product:
     * when the chunks divide evenly among the threads, or are many. Every output element is computed the
     * same way either way (the GEMM gives the same bits on any number of threads).
     */
    static boolean splitsChunks(int chunks) {
        int t = Kernels.threads();
        return t > 1 && chunks >= t && (chunks % t == 0 || chunks >= 4 * t);
    }

    /**
     * Gradients of {@link #forward} given dy (from {@code dyOff}). Each of dx, dw, db may be null when
     * that gradient is not needed. dx [N, C_in, H, W] is accumulated into ({@code dx += ...}, from offset
     * 0), so pass zeros; dw [C_out, K] and db [C_out] are overwritten.
     */
    public static void backward(Window2d g, int cOut, float[] x, int xOff, float[] w, int wOff, float[] dy, int dyOff,
            float[] dx, float[] dw, float[] db) {
        int k = g.channels() * g.windowSize();
        int chunk = imagesPerChunk(g);
        PackedA weightsT = dx == null || implicit(g) ? null : SCRATCH.get().pack(true, k, cOut, w, wOff);
        double[] dbSum = db == null ? null : new double[cOut];
        int chunks = Parallel.chunks(g.batch(), chunk);
        // dX of a chunk lands in that chunk's images only, so when the threads can take whole chunks, dX gets
        // a pass of its own, split by chunks; dW and db accumulate over the chunks in order, in the first.
        // Not on the in-place layers: there each chunk's dcolᵀ is 2–5 MB, and one per thread overflowed L2
        // (the 256-channel 8×8 layer's backward went from 20–21 to 23–24 ms at batch 32).
        boolean dxApart = dx != null && !implicit(g) && splitsChunks(chunks);
        if (dw != null || dbSum != null || (dx != null && !dxApart)) {
            Buffers s = SCRATCH.get();
            for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
                int count = Math.min(chunk, g.batch() - n0);
                DyBlock d = DyBlock.of(s, g, cOut, n0, count, dy, dyOff);
                if (dbSum != null) {
                    sumRows(g.outPlane(), cOut, count, d.m, d.base, d.ld, d.imageStep, dbSum);
                }
                if (dw != null) {
                    weightGradient(s, g, cOut, x, xOff, n0, count, d, dw);
                }
                if (dx != null && !dxApart) {
                    inputGradient(s, g, cOut, w, wOff, weightsT, n0, count, d, dx);
                }
            }
        }
        if (dxApart) {
            Parallel.range(chunks, 1, (q0, q1) -> {
                Buffers s = SCRATCH.get();
                for (int n0 = q0 * chunk; n0 < Math.min(g.batch(), q1 * chunk); n0 += chunk) {
                    int count = Math.min(chunk, g.batch() - n0);
                    inputGradient(s, g, cOut, w, wOff, weightsT, n0, count, DyBlock.of(s, g, cOut, n0, count, dy, dyOff),
                            dx);
                }
            });
        }
        if (db != null) {
            for (int o = 0; o < cOut; o++) {
                db[o] = (float) dbSum[o];
            }
        }
    }

    /**
     * dY of the chunk of images [n0, n0 + count) as a matrix: image i's [C_out, P] block starts at
     * {@code base + i·imageStep}, rows {@code ld} apart. With one GEMM per image that is dy itself; otherwise
     * dy permuted into this thread's scratch as [C_out, count·P].
     */
    private record DyBlock(float[] m, int base, int ld, int imageStep) {
        static DyBlock of(Buffers s, Window2d g, int cOut, int n0, int count, float[] dy, int dyOff) {
            int p = g.outPlane();
            if (perImage(g)) {
                return new DyBlock(dy, dyOff + n0 * cOut * p, p, cOut * p);
            }
            float[] dyMat = s.out(cOut * count * p);
            permute(p, cOut, n0, count, dy, dyOff, dyMat);
            return new DyBlock(dyMat, 0, count * p, p);
        }
    }

    /** dW += dY·colᵀ for one chunk (dW = when the chunk is the first); see the class comment. */
    private static void weightGradient(Buffers s, Window2d g, int cOut, float[] x, int xOff, int n0, int count,
            DyBlock d, float[] dw) {
        int k = g.channels() * g.windowSize();
        int p = g.outPlane();
        int cols = count * p;
        if (implicit(g)) {
            Gemm.sgemm(false, true, cOut, k, cols, 1f, d.m, d.base, d.ld, s.columns(g, x, xOff, n0, count),
                    n0 == 0 ? 0f : 1f, dw, 0, k);
            return;
        }
        float[] col = s.col(k * cols);
        Im2col.im2col(g, x, xOff, n0, count, col, cols);
        // With one GEMM per chunk, "image" 0 stands for all the chunk's columns.
        boolean direct = perImage(g);
        int images = direct ? count : 1;
        int width = direct ? p : cols;
        for (int i = 0; i < images; i++) {
            float beta = n0 == 0 && i == 0 ? 0f : 1f;
            Gemm.sgemm(false, true, cOut, k, width, 1f, d.m, d.base + i * d.imageStep, d.ld, col, i * p, cols, beta,
                    dw, 0, k);
        }
    }

    /** dx += col2im(Wᵀ·dY) for one chunk; weightsT is Wᵀ packed (null on the in-place layers). */
    private static void inputGradient(Buffers s, Window2d g, int cOut, float[] w, int wOff, PackedA weightsT, int n0,
            int count, DyBlock d, float[] dx) {
        int k = g.channels() * g.windowSize();
        int p = g.outPlane();
        int cols = count * p;
        float[] col = s.col(k * cols);
        if (implicit(g)) {
            // dcolᵀ = dYᵀ·W: W is read as the GEMM's right operand, packed block by block into cache,
            // instead of Wᵀ packed whole (9 MB for a 512-channel layer) on every call.
            Gemm.sgemm(true, false, cols, k, cOut, 1f, d.m, d.base, d.ld, w, wOff, k, 0f, col, 0, k);
            Im2col.col2imTransposed(g, col, k, n0, count, dx, 0);
            return;
        }
        boolean direct = perImage(g);
        int images = direct ? count : 1;
        int width = direct ? p : cols;
        for (int i = 0; i < images; i++) {
            Gemm.sgemm(weightsT, false, width, 1f, d.m, d.base + i * d.imageStep, d.ld, 0f, col, i * p, cols);
        }
        Im2col.col2im(g, col, cols, n0, count, dx, 0);
    }

    /**
     * y[image, o, :] = after(y[image, o, :] + b[o]) for one image whose product is in y; split by channel o,
     * each task transforming the channels it has just biased.
     */
    private static void finish(int plane, int cOut, int image, float[] b, int bOff, float[] y, int yOff,
            ChannelOp after) {
        if (b == null && after == null) {
            return;
        }
        Parallel.range(cOut, Math.max(1, GRAIN_CELLS / plane), (from, to) -> {
            int first = yOff + (image * cOut + from) * plane;
            if (b != null) {
                for (int o = from; o < to; o++) {
                    float bias = b[bOff + o];
                    for (int q = first + (o - from) * plane, end = q + plane; q < end; q++) {
                        y[q] += bias;
                    }
                }
            }
            if (after != null) {
                after.apply(y, first, from, to, plane);
            }
        });
    }

    /**
     * y[n0 + i, o, p] = after(out[o, i·P + p] + b[o]) for the chunk's images; split by channel o, each task
     * transforming, image by image, the channels it has just written.
     */
    private static void unpermute(int plane, int cOut, int n0, int count, float[] out, float[] b, int bOff,
            float[] y, int yOff, ChannelOp after) {
        int cols = count * plane;
        Parallel.range(cOut, Math.max(1, GRAIN_CELLS / cols), (from, to) -> {
            for (int o = from; o < to; o++) {
                float bias = b == null ? 0f : b[bOff + o];
                for (int i = 0; i < count; i++) {
                    int src = o * cols + i * plane;
                    int dst = yOff + ((n0 + i) * cOut + o) * plane;
                    for (int p = 0; p < plane; p++) {
                        y[dst + p] = out[src + p] + bias;
                    }
                }
            }
            if (after != null) {
                for (int i = 0; i < count; i++) {
                    after.apply(y, yOff + ((n0 + i) * cOut + from) * plane, from, to, plane);
                }
            }
        });
    }

    /** dyT[o, i·P + p] = dy[n0 + i, o, p] for the chunk's images; split by channel o. */
    private static void permute(int plane, int cOut, int n0, int count, float[] dy, int dyOff, float[] dyT) {
        int cols = count * plane;
        Parallel.range(cOut, Math.max(1, GRAIN_CELLS / cols), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(dy, dyOff + ((n0 + i) * cOut + o) * plane, dyT, o * cols + i * plane, plane);
                }
            }
        });
    }

    /**
     * dbSum[o] += Σ_i Σ_p dY[o, image i, p], where image i's row o starts at base + i·imageStep + o·ld;
     * split by channel o, images in order.
     */
    private static void sumRows(int plane, int cOut, int count, float[] m, int base, int ld, int imageStep,
            double[] dbSum) {
        Parallel.range(cOut, Math.max(1, GRAIN_CELLS / (count * plane)), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int i = 0; i < count; i++) {
                    dbSum[o] += sum(m, base + i * imageStep + o * ld, plane);
                }
            }
        });
    }

    /**
     * The sum of a[from, from + n) in double precision, in four interleaved partial sums (cells i ≡ 0..3
     * mod 4) combined in a fixed order: four times the throughput of one running sum, and the same result
     * for any thread count.
     */
    private static double sum(float[] a, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int end = from + n - 3; i < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < from + n; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The calling thread's scratch arrays, grown on demand and kept. */
    private static final class Buffers {
        private float[] col = new float[0];
        private float[] out = new float[0];
        private float[] block = new float[0];
        private float[] padded = new float[0];
        private int[] rowTable = new int[0];
        private int[] colTable = new int[0];
        /** W (forward) or Wᵀ (backward) packed once per call, for all of the call's chunks. */
        private PackedA packed;
        /** W by taps, packed once per call, for the tap-by-tap forward. */
        private final TapConv.Weights taps = new TapConv.Weights();

        /** op(W) as the GEMM's packed left operand; W [C_out, K] row-major at wOff. */
        PackedA pack(boolean transpose, int m, int k, float[] w, int wOff) {
            packed = Gemm.pack(transpose, m, k, w, wOff, transpose ? m : k, packed);
            return packed;
        }

        /** W [C_out, C_in, kh, kw] by taps, for {@link TapConv#product}. */
        TapConv.Weights taps(Window2d g, int cOut, float[] w, int wOff) {
            return taps.pack(g, cOut, w, wOff);
        }

        /**
         * The column matrix of images [n0, n0 + count) of x, read in place: the images are copied into
         * padded planes and described by offset tables, all in this thread's buffers.
         */
        IndexedMatrix columns(Window2d g, float[] x, int xOff, int n0, int count) {
            int size = Im2col.paddedSize(g, count);
            if (padded.length < size) {
                padded = new float[size];
            }
            int rows = g.channels() * g.windowSize();
            int cols = count * g.outPlane();
            if (rowTable.length < rows) {
                rowTable = new int[rows];
            }
            if (colTable.length < cols) {
                colTable = new int[cols];
            }
            Im2col.pad(g, x, xOff, n0, count, padded);
            return Im2col.matrix(g, count, padded, rowTable, colTable);
        }

        float[] col(int size) {
            if (col.length < size) {
                col = new float[size];
            }
            return col;
        }

        float[] out(int size) {
            if (out.length < size) {
                out = new float[size];
            }
            return out;
        }

        /** A block of finished output images, for a sink. */
        float[] block(int size) {
            if (block.length < size) {
                block = new float[size];
            }
            return block;
        }
    }
}
