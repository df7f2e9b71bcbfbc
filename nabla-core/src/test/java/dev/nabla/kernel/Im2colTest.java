package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The column matrix read in place ({@link Im2col#matrix}) against the one {@link Im2col#im2col} writes, and
 * col2im from the transposed matrix against col2im.
 */
class Im2colTest {

    @ParameterizedTest(name = "[{0}, {1}, {2}, {3}], kernel {4}x{5}, stride {6}x{7}, padding {8}x{9}")
    @CsvSource({
        "5, 3, 8, 8, 3, 3, 1, 1, 1, 1",     // the seeds' 8x8 layers
        "4, 2, 2, 2, 3, 3, 1, 1, 1, 1",     // 2x2 planes: most cells are padding
        "3, 2, 11, 10, 3, 3, 2, 2, 1, 1",   // stride 2
        "3, 3, 7, 9, 4, 2, 1, 3, 0, 2",     // non-square kernel, stride and padding
        "2, 4, 6, 6, 1, 1, 1, 1, 0, 0",     // 1x1 kernel
    })
    void matrixReadsTheCellsIm2colWrites(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        Window2d g = new Window2d(n, c, h, w, kh, kw, sh, sw, ph, pw);
        int xOff = 3;
        float[] x = new float[xOff + n * c * h * w];
        SplittableRandom r = new SplittableRandom(n * 31L + h);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int n0 = 1;
        int count = n - 1;
        int rows = c * kh * kw;
        int cols = count * g.outPlane();
        float[] col = new float[rows * cols];
        Im2col.im2col(g, x, xOff, n0, count, col, cols);

        // Garbage in the buffers: every padded cell and every table entry in use must be written.
        float[] padded = new float[Im2col.paddedSize(g, count)];
        Arrays.fill(padded, Float.NaN);
        int[] rowTable = new int[rows + 4];
        int[] colTable = new int[cols + 4];
        Arrays.fill(rowTable, -1);
        Arrays.fill(colTable, -1);
        Im2col.pad(g, x, xOff, n0, count, padded);
        IndexedMatrix m = Im2col.matrix(g, count, padded, rowTable, colTable);

        assertThat(m.rows).isEqualTo(rows);
        assertThat(m.cols).isEqualTo(cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertThat(m.get(i, j)).as("row %d, column %d", i, j).isEqualTo(col[i * cols + j]);
            }
        }
        assertThat(m.toArray()).containsExactly(col);
    }

    @ParameterizedTest(name = "[{0}, {1}, {2}, {3}], kernel {4}x{5}, stride {6}x{7}, padding {8}x{9}")
    @CsvSource({
        "3, 3, 8, 8, 3, 3, 1, 1, 1, 1",
        "3, 2, 11, 10, 3, 3, 2, 2, 1, 1",
        "2, 3, 7, 9, 4, 2, 1, 3, 0, 2",
    })
    void col2imFromTheTransposeGivesTheSameBits(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw) {
        Window2d g = new Window2d(n, c, h, w, kh, kw, sh, sw, ph, pw);
        int rows = c * kh * kw;
        int cols = (n - 1) * g.outPlane();
        int ld = rows + 3;
        SplittableRandom r = new SplittableRandom(rows + 7L * cols);
        float[] col = new float[rows * cols];
        float[] colT = new float[cols * ld];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                col[i * cols + j] = (float) r.nextGaussian();
                colT[j * ld + i] = col[i * cols + j];
            }
        }
        float[] dx = new float[n * c * h * w];
        float[] dxT = dx.clone();
        Im2col.col2im(g, col, cols, 1, n - 1, dx, 0);
        Im2col.col2imTransposed(g, colT, ld, 1, n - 1, dxT, 0);
        assertThat(dxT).containsExactly(dx);
        assertThatThrownBy(() -> Im2col.col2imTransposed(g, colT, rows - 1, 1, n - 1, dxT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold");
    }

    @org.junit.jupiter.api.Test
    void paddedSizeRejectsChunksBeyondAnArray() {
        Window2d g = new Window2d(1, 512, 2048, 2048, 3, 3, 1, 1, 1, 1);
        assertThatThrownBy(() -> Im2col.paddedSize(g, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed an array");
    }
}
