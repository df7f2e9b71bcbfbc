package dev.nabla.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Recognises gzip by its magic bytes, not by the file name, so a renamed or unpacked file still reads. */
public final class Compression {
    private static final int BUFFER = 1 << 16;

    private Compression() {}

    /** {@code in}, decompressed if it starts with the gzip magic bytes {@code 1f 8b}, and buffered. */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        if (isGzip(buffered)) {
            return new BufferedInputStream(new GzipCompressorInputStream(buffered, true), BUFFER);
        }
        return buffered;
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }
}
