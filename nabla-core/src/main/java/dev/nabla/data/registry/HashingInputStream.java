package dev.nabla.data.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes the SHA-256 of every byte read through it, so a file is checked in the same pass that parses
 * it. Closing it first reads whatever the parser left (a tar archive's padding, say), so the digest
 * always covers the whole stream.
 */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest digest = newDigest();
    private long count;
    private String hex;

    HashingInputStream(InputStream in) {
        super(in);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads the rest of the stream so the digest is complete. */
    void drain() throws IOException {
        transferTo(OutputStream.nullOutputStream());
    }

    /** The SHA-256 (hex) of all bytes read; drains the stream first. */
    String sha256() throws IOException {
        if (hex == null) {
            drain();
            hex = hex(digest);
        }
        return hex;
    }

    /** Number of bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        try {
            sha256();
        } finally {
            super.close();
        }
    }
}
