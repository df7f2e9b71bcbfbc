package dev.nabla.data.registry;

import java.nio.file.Path;

/**
 * The checksum verdict on one local file.
 *
 * @param expected the published SHA-256 it was compared with (of the file, or of its content), or null
 * @param found the SHA-256 computed here (of the file, or of its content when that is what matched)
 */
public record FileCheck(Path path, Status status, String expected, String found) {

    /** What the checksum says. */
    public enum Status {
        /** Byte for byte the published file. */
        OFFICIAL,
        /** Compressed differently (or not at all), but the decompressed content is the published one. */
        SAME_CONTENT,
        /** Parsed, but no published checksum exists for this form of the file, so it is not checked. */
        NOT_PUBLISHED,
        /** Neither the file nor its content matches: corrupt, incomplete, or another dataset's. */
        MISMATCH
    }

    /** Whether the file can be trusted (or at least not refuted): anything but a mismatch. */
    public boolean ok() {
        return status != Status.MISMATCH;
    }

    @Override
    public String toString() {
        return switch (status) {
            case OFFICIAL -> path + ": OK, the published file (SHA-256 " + found + ")";
            case SAME_CONTENT -> path + ": OK, recompressed or unpacked, but its content is the published one"
                    + " (SHA-256 of the content " + found + ")";
            case NOT_PUBLISHED -> path + ": not checked, no published SHA-256 for this form of the file (found "
                    + found + "); the publisher's .gz would be checked";
            case MISMATCH -> path + ": CHECKSUM MISMATCH: expected SHA-256 " + expected + ", found " + found;
        };
    }
}
