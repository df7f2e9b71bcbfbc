package dev.nabla.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes small data files in the exact published formats, for tests. */
public final class TestFiles {
    private TestFiles() {}

    /** An IDX image file: magic 0x00000803, count, rows, cols, then the pixels. */
    public static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    /** An IDX label file: magic 0x00000801, count, then one byte per label. */
    public static byte[] idxLabels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    /** Pixels whose value identifies image, row and column: (31·i + 7·y + x) mod 256. */
    public static byte[] patternPixels(int count, int channels, int rows, int cols) {
        byte[] p = new byte[count * channels * rows * cols];
        int k = 0;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        p[k++] = (byte) (31 * i + 53 * c + 7 * y + x);
                    }
                }
            }
        }
        return p;
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /**
     * CIFAR records: {@code labels[i]} label bytes (1 for CIFAR-10, 2 for CIFAR-100: coarse then fine)
     * followed by image i's 3072 pixels from {@link #patternPixels}.
     */
    public static byte[] cifarRecords(int[][] labels, int firstImage) {
        byte[] pixels = patternPixels(firstImage + labels.length, 3, 32, 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) {
            for (int l : labels[i]) {
                out.write(l);
            }
            out.write(pixels, (firstImage + i) * 3072, 3072);
        }
        return out.toByteArray();
    }

    /** A .tar.gz holding {@code entries} (path inside the archive to content), written with a real tar writer. */
    public static void tarGz(Path file, Map<String, byte[]> entries) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }
}
