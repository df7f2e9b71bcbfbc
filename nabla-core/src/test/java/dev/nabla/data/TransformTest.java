package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.nabla.data.transform.RandomCrop;
import dev.nabla.data.transform.RandomHorizontalFlip;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformTest {
    private static final int[] SHAPE = {2, 3, 4};

    /** Value 100·c + 10·y + x at channel c, row y, column x. */
    private static float[] image() {
        float[] v = new float[24];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    v[(c * 3 + y) * 4 + x] = 100 * c + 10 * y + x;
                }
            }
        }
        return v;
    }

    @Test
    void scaleToUnit() {
        float[] x = {0, 51, 255, 7};
        new ScaleToUnit().apply(x, 1, new int[] {2}, 0, 0);
        assertThat(x).containsExactly(0f, 0.2f, 1f, 7f);
    }

    @Test
    void standardizeFitsPerChannelStatisticsOnTheGivenSplit() {
        // Two images [2, 1, 2]: channel 0 holds {0, 2, 4, 6}, channel 1 holds {10, 10, 10, 10}.
        byte[] pixels = {0, 2, 10, 10, 4, 6, 10, 10};
        ImageDataset d = new ImageDataset("s", pixels, new int[] {0, 0}, 2, 1, 2, List.of("x"));
        Standardize s = Standardize.fit(d);
        assertThat(s.mean()).containsExactly(3.0, 10.0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(5), offset(1e-12));
        assertThat(s.std()[1]).isEqualTo(1.0);
        Standardize scaled = Standardize.fit(d, new ScaleToUnit());
        assertThat(scaled.mean()[0]).isCloseTo(3.0 / 255, offset(1e-9));
        float[] x = {6, 0, 10, 12};
        s.apply(x, 0, new int[] {2, 1, 2}, 0, 0);
        assertThat(x[0]).isCloseTo((float) (3 / Math.sqrt(5)), offset(1e-6f));
        assertThat(x[1]).isCloseTo((float) (-3 / Math.sqrt(5)), offset(1e-6f));
        assertThat(x[2]).isZero();
        assertThat(x[3]).isEqualTo(2f);
    }

    @Test
    void standardizeRefusesMismatchedChannelsAndRandomFits() {
        Standardize s = new Standardize(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        assertThatThrownBy(() -> s.apply(new float[784], 0, new int[] {1, 28, 28}, 0, 0))
                .hasMessageContaining("statistics for 3 channels but the sample has shape [1, 28, 28]");
        ImageDataset d = new ImageDataset("s", new byte[4], new int[] {0}, 1, 2, 2, List.of("x"));
        assertThatThrownBy(() -> Standardize.fit(d, new RandomHorizontalFlip(1)))
                .hasMessageContaining("random augmentation");
        assertThatThrownBy(() -> new Standardize(new double[] {0}, new double[] {0}))
                .hasMessageContaining("std must be finite and positive");
    }

    @Test
    void flipMirrorsRowsAndIsDeterministicPerEpochAndSample() {
        RandomHorizontalFlip flip = new RandomHorizontalFlip(11);
        int flipped = 0;
        for (int index = 0; index < 200; index++) {
            float[] x = image();
            flip.apply(x, 0, SHAPE, 4, index);
            boolean f = flip.flips(4, index);
            assertThat(new RandomHorizontalFlip(11).flips(4, index)).isEqualTo(f);
            float[] expected = image();
            if (f) {
                flipped++;
                for (int r = 0; r < 6; r++) {
                    for (int c = 0; c < 4; c++) {
                        expected[r * 4 + c] = image()[r * 4 + 3 - c];
                    }
                }
            }
            assertThat(x).containsExactly(expected);
        }
        assertThat(flipped).isBetween(70, 130);
        boolean anyEpochDiffers = false;
        for (int index = 0; index < 20; index++) {
            anyEpochDiffers |= flip.flips(0, index) != flip.flips(1, index);
        }
        assertThat(anyEpochDiffers).isTrue();
    }

    @Test
    void cropShiftsAndFillsWithZeros() {
        RandomCrop crop = new RandomCrop(1, 5);
        boolean sawShift = false;
        for (int index = 0; index < 50; index++) {
            float[] x = image();
            crop.apply(x, 0, SHAPE, 0, index);
            float[] again = image();
            new RandomCrop(1, 5).apply(again, 0, SHAPE, 0, index);
            assertThat(again).containsExactly(x);
            // Every output value is 0 or the input at a position shifted by the same (dy, dx) in [-1, 1]².
            int dy = Integer.MIN_VALUE;
            int dx = Integer.MIN_VALUE;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int xx = 0; xx < 4; xx++) {
                        float v = x[(c * 3 + y) * 4 + xx];
                        if (v == 0 && !(c == 0 && y == 0 && xx == 0)) {
                            continue;
                        }
                        int sy = (int) (v - 100 * c) / 10;
                        int sx = (int) (v - 100 * c) % 10;
                        if (dy == Integer.MIN_VALUE && v != 0) {
                            dy = sy - y;
                            dx = sx - xx;
                        }
                        if (v != 0) {
                            assertThat(sy - y).isEqualTo(dy);
                            assertThat(sx - xx).isEqualTo(dx);
                        }
                    }
                }
            }
            assertThat(dy).isBetween(-1, 1);
            assertThat(dx).isBetween(-1, 1);
            sawShift |= dy != 0 || dx != 0;
        }
        assertThat(sawShift).isTrue();
        assertThatThrownBy(() -> crop.apply(new float[4], 0, new int[] {4}, 0, 0))
                .hasMessageContaining("needs image samples of shape [C, H, W], got [4]");
    }
}
