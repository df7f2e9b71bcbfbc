package dev.nabla.data.format;

import dev.nabla.data.ImageDataset;
import dev.nabla.data.InvalidDataException;
import dev.nabla.data.Labels;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The IDX format of the MNIST family (MNIST, Fashion-MNIST, KMNIST), gzip-compressed or raw.
 *
 * <p>A file is a big-endian header, then the data. The header is a magic number {@code 00 00 TT DD}
 * ({@code TT} the element type, {@code 08} for unsigned bytes; {@code DD} the number of dimensions),
 * then {@code DD} 32-bit sizes. Label files have one dimension (count, magic {@code 0x00000801}); image
 * files have three (count, rows, columns, magic {@code 0x00000803}), pixels row-major.
 */
public final class IdxFormat {
    public static final int LABELS_MAGIC = 0x00000801;
    public static final int IMAGES_MAGIC = 0x00000803;

    private IdxFormat() {}

    /** Images of an IDX image file: {@code count} images of {@code rows×cols} bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads one value from an (already decompressed) stream; {@code source} names it in messages. */
    private interface StreamReader<T> {
        T read(InputStream in, String source) throws IOException;
    }

    /** Reads the images and labels of one split into an image dataset of shape {@code [1, rows, cols]}. */
    public static ImageDataset read(String name, Path images, Path labels, List<String> classNames) {
        Images im = readImages(images);
        int[] lb = readLabels(labels);
        Labels.requireSameCount(im.count(), images.toString(), lb.length, labels.toString());
        Labels.requireInRange(lb, classNames.size(), labels.toString());
        return new ImageDataset(name, im.pixels(), lb, 1, im.rows(), im.cols(), classNames);
    }

    /**
     * The magic number at the start of {@code file} (decompressed if it is gzip): {@link #IMAGES_MAGIC} or
     * {@link #LABELS_MAGIC} for IDX files; -1 when the file is shorter than 4 bytes.
     */
    public static int magic(Path file) {
        return readFile(file, (in, source) -> {
            byte[] head = in.readNBytes(4);
            return head.length < 4 ? -1 : readInt(head, 0);
        });
    }

    /** Reads an image file, gzip-compressed or raw. */
    public static Images readImages(Path file) {
        return readFile(file, IdxFormat::readImages);
    }

    /** The header of an image file, [count, rows, columns], without reading the pixels. */
    public static int[] readImageHeader(Path file) {
        return readFile(file, (in, source) -> readHeader(in, source, IMAGES_MAGIC, "images"));
    }

    /** Reads a label file, gzip-compressed or raw. */
    public static int[] readLabels(Path file) {
        return readFile(file, IdxFormat::readLabels);
    }

    /**
     * Reads an (already decompressed) image file from {@code in}; {@code source} names it in messages. A
     * stream that ends with an {@link EOFException}, as a decompressor's does on truncated data, is a
     * truncated file.
     */
    public static Images readImages(InputStream in, String source) throws IOException {
        try {
            int[] dims = readHeader(in, source, IMAGES_MAGIC, "images");
            long bytes = (long) dims[0] * dims[1] * dims[2];
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new InvalidDataException(source + ": header announces " + dims[0] + " images of " + dims[1]
                        + "×" + dims[2] + ", " + bytes + " bytes, more than one Java array can hold");
            }
            byte[] pixels = readBody(in, source, (int) bytes, dims[0] + " images of " + dims[1] + "×" + dims[2]);
            return new Images(dims[0], dims[1], dims[2], pixels);
        } catch (EOFException e) {
            throw truncated(source, "images", e);
        }
    }

    /**
     * Reads an (already decompressed) label file from {@code in}; {@code source} names it in messages. A
     * stream that ends with an {@link EOFException} is a truncated file.
     */
    public static int[] readLabels(InputStream in, String source) throws IOException {
        try {
            int[] dims = readHeader(in, source, LABELS_MAGIC, "labels");
            byte[] raw = readBody(in, source, dims[0], dims[0] + " labels");
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (EOFException e) {
            throw truncated(source, "labels", e);
        }
    }

    /** Reads {@code file}, decompressed if it is gzip, with {@code reader}. */
    private static <T> T readFile(Path file, StreamReader<T> reader) {
        try (InputStream in = Compression.decompressed(Files.newInputStream(file), file.toString())) {
            return reader.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // Compression.decompressed reports its own truncation with the byte counts; this covers other decompressors.
    private static InvalidDataException truncated(String source, String what, EOFException e) {
        return new InvalidDataException(source + ": truncated: the data ends before the end of the IDX " + what
                + " (the decompressor reports " + e + "): the file is incomplete (an interrupted download or copy?)", e);
    }

    private static int[] readHeader(InputStream in, String source, int expectedMagic, String what)
            throws IOException {
        int dimensions = expectedMagic & 0xFF;
        int headerBytes = 4 + 4 * dimensions;
        byte[] header = in.readNBytes(headerBytes);
        if (header.length < 4) {
            throw new InvalidDataException(source + ": file ends after " + header.length + " bytes, before the"
                    + " 4-byte IDX magic number (expected " + hex(expectedMagic) + " for " + what + ")");
        }
        int magic = readInt(header, 0);
        if (magic != expectedMagic) {
            throw new InvalidDataException(source + ": wrong magic number " + hex(magic) + ", expected "
                    + hex(expectedMagic) + " (IDX " + what + ": unsigned bytes, " + dimensions + " dimension"
                    + (dimensions == 1 ? "" : "s") + ")" + magicHint(magic, expectedMagic));
        }
        if (header.length < headerBytes) {
            throw new InvalidDataException(source + ": truncated: file ends after " + header.length + " bytes,"
                    + " inside the " + headerBytes + "-byte IDX header");
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = readInt(header, 4 + 4 * d);
            if (dims[d] < 0) {
                throw new InvalidDataException(source + ": header size " + d + " is negative (" + dims[d]
                        + "): the file is corrupt");
            }
        }
        return dims;
    }

    private static String magicHint(int magic, int expected) {
        if (magic == LABELS_MAGIC || magic == IMAGES_MAGIC) {
            return ". This is an IDX " + (magic == LABELS_MAGIC ? "label" : "image") + " file: are the image and"
                    + " label files swapped?";
        }
        if ((magic >>> 16) == 0 && ((magic >>> 8) & 0xFF) != 0x08) {
            return ". The element type is 0x" + Integer.toHexString((magic >>> 8) & 0xFF) + ", but only unsigned"
                    + " bytes (0x08) are supported";
        }
        return ". The file is not in IDX format";
    }

    private static byte[] readBody(InputStream in, String source, int length, String what) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new InvalidDataException(source + ": truncated: the header announces " + what + " (" + length
                    + " bytes after the header) but the file ends after " + read + " of them");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new InvalidDataException(source + ": " + extra + " unexpected bytes after the " + what
                    + " that the header announces: the file is corrupt or not this dataset's");
        }
        return body;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
