package dev.nabla.data;

import java.util.Arrays;
import java.util.List;

/**
 * Images kept as uint8 bytes ({@code N·C·H·W} of them, one byte per pixel and channel, in NCHW order),
 * with one label each. Holding bytes rather than floats keeps CIFAR-10's 50,000 training images at
 * 150 MB instead of 600 MB; {@link #readSample} converts one image to floats 0..255 when a batch needs it.
 */
public final class ImageDataset extends LabelledSamples {
    private final byte[] pixels;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Wraps {@code pixels} (not copied: the caller hands it over) of {@code labels.length} images of shape
     * {@code [channels, height, width]}.
     *
     * @throws InvalidDataException if the array length does not match the shape and count, or a label is
     *     not a valid class index
     */
    public ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width,
            List<String> classNames) {
        super(name, labels, classNames);
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got [" + channels + ", "
                    + height + ", " + width + "]");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new InvalidDataException(name + ": " + labels.length + " images of [" + channels + ", " + height
                    + ", " + width + "] need " + expected + " bytes, got " + pixels.length);
        }
        this.pixels = pixels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    public int[] sampleShape() {
        return new int[] {channels, height, width};
    }

    @Override
    public int sampleSize() {
        return channels * height * width;
    }





    @Override
    public void readSample(int index, float[] dst, int offset) {
        int n = sampleSize();
        int from = index * n;
        for (int i = 0; i < n; i++) {
            dst[offset + i] = pixels[from + i] & 0xFF;
        }
    }

    @Override
    public boolean isEightBit() {
        return true;
    }

    @Override
    public void readSample(int index, float[][] tables, float[] dst, int offset) {
        int perChannel = height * width;
        int from = index * sampleSize();
        for (int c = 0; c < channels; c++) {
            float[] table = tables[c];
            int src = from + c * perChannel;
            int out = offset + c * perChannel;
            for (int i = 0; i < perChannel; i++) {
                dst[out + i] = table[pixels[src + i] & 0xFF];
            }
        }
    }

    /** The raw value (0..255) of one pixel: channel {@code c}, row {@code y}, column {@code x} of image {@code index}. */
    public int pixel(int index, int c, int y, int x) {
        return pixels[((index * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** Sum of all raw pixel values of image {@code index}: a cheap fingerprint for tests and checks. */
    public long pixelSum(int index) {
        int n = sampleSize();
        long sum = 0;
        for (int i = index * n, end = i + n; i < end; i++) {
            sum += pixels[i] & 0xFF;
        }
        return sum;
    }

    @Override
    public String toString() {
        return "ImageDataset(" + name() + ", " + size() + " images of " + Arrays.toString(sampleShape())
                + ", " + numClasses() + " classes)";
    }
}
