package dev.nabla.kernel;

/**
 * A matrix that is read, not stored: element (r, c) is {@code data[rowOffsets[r] + colOffsets[c]]}.
 *
 * <p>It lets a convolution give the GEMM its input as the im2col matrix without writing that matrix
 * out ("implicit GEMM"). With the input planes copied into zero-bordered padded planes, row
 * r = (channel, window cell) is the offset of the channel's plane plus the cell's offset in the window,
 * and column c = (image, output pixel) the offset of the image plus the pixel's window corner (see
 * {@link Im2col#matrix}). The GEMM packs its right operand block by block into cache-sized panels
 * anyway, and packing from here instead of from a written-out column matrix saves writing and
 * re-reading that matrix, which for the seeds' 8×8 to 2×2 layers is 2–9 MB per product, more than L2.
 *
 * <p>The packed panels hold the same values as a packed copy of the stored matrix, so a product gives
 * the same bits either way.
 */
final class IndexedMatrix {
    final float[] data;
    final int[] rowOffsets;
    final int rows;
    final int[] colOffsets;
    final int cols;

    /**
     * Uses the first {@code rows} entries of {@code rowOffsets} and the first {@code cols} of
     * {@code colOffsets} (the tables may be longer, so that buffers can be reused). The tables are read,
     * not copied.
     *
     * @throws IllegalArgumentException when a table is shorter than its count or an element lies outside data
     */
    IndexedMatrix(float[] data, int[] rowOffsets, int rows, int[] colOffsets, int cols) {
        if (rows < 0 || cols < 0 || rowOffsets.length < rows || colOffsets.length < cols) {
            throw new IllegalArgumentException("indexed matrix [" + rows + "x" + cols + "]: offset tables of "
                    + rowOffsets.length + " rows and " + colOffsets.length + " columns are too short");
        }
        this.data = data;
        this.rowOffsets = rowOffsets;
        this.rows = rows;
        this.colOffsets = colOffsets;
        this.cols = cols;
        if (rows > 0 && cols > 0) {
            long first = (long) min(rowOffsets, rows) + min(colOffsets, cols);
            long last = (long) max(rowOffsets, rows) + max(colOffsets, cols);
            if (first < 0 || last >= data.length) {
                throw new IllegalArgumentException("indexed matrix [" + rows + "x" + cols + "] reads elements "
                        + first + " to " + last + ", but the array has " + data.length);
            }
        }
    }

    float get(int r, int c) {
        return data[rowOffsets[r] + colOffsets[c]];
    }

    /** The matrix written out row-major as [rows × cols], for kernels that only take stored matrices. */
    float[] toArray() {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = get(r, c);
            }
        }
        return out;
    }

    private static int min(int[] a, int n) {
        int m = a[0];
        for (int i = 1; i < n; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    private static int max(int[] a, int n) {
        int m = a[0];
        for (int i = 1; i < n; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }
}
