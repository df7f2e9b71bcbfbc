package dev.nabla.data.format;

import dev.nabla.data.InvalidDataException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The decompressed content of gzip data (concatenated members too) that reports a stream cut short as a
 * truncated file. The decoder only throws a bare {@link EOFException} when the data ends before the gzip
 * stream does; this stream throws an {@link InvalidDataException} instead, naming the file and how far it
 * got, because a download or copy that stopped early is what such a file almost always is.
 */
final class GunzipStream extends InputStream {
    private final GzipCompressorInputStream gzip;
    private final String source;

    private GunzipStream(GzipCompressorInputStream gzip, String source) {
        this.gzip = gzip;
        this.source = source;
    }

    /**
     * Starts decoding {@code in}; {@code source} names it in messages.
     *
     * @throws IOException if {@code in} is not gzip data
     * @throws InvalidDataException if it ends inside the gzip header
     */
    static InputStream open(InputStream in, String source) throws IOException {
        try {
            return new GunzipStream(new GzipCompressorInputStream(in, true), source);
        } catch (EOFException e) {
            throw new InvalidDataException(source + ": truncated: the file ends inside the gzip header, before any"
                    + " compressed data: the file is incomplete (an interrupted download or copy?)", e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return gzip.read();
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return gzip.read(b, off, len);
        } catch (EOFException e) {
            throw truncated(e);
        }
    }

    @Override
    public void close() throws IOException {
        gzip.close();
    }

    private InvalidDataException truncated(EOFException e) {
        return new InvalidDataException(source + ": truncated: the gzip stream ends early (expected more compressed"
                + " data, then the 8-byte CRC-32 and length trailer; found the end of the file after "
                + gzip.getCompressedCount() + " compressed bytes, " + gzip.getUncompressedCount() + " bytes unpacked):"
                + " the file is incomplete (an interrupted download or copy?)", e);
    }
}
