package dev.nabla.data.format;

import dev.nabla.data.InvalidDataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Recognises gzip by its magic bytes, not by the file name, so a renamed or unpacked file still reads. */
public final class Compression {
    private static final int BUFFER = 1 << 16;

    private Compression() {}

    /**
     * {@code in}, decompressed if it starts with the gzip magic bytes {@code 1f 8b}, and buffered;
     * {@code source} names it in messages.
     *
     * @throws InvalidDataException (also from its reads) when the gzip stream is truncated
     */
    public static InputStream decompressed(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        if (isGzip(buffered)) {
            return new BufferedInputStream(GunzipStream.open(buffered, source), BUFFER);
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
