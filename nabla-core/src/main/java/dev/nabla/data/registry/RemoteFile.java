package dev.nabla.data.registry;

/**
 * One file of a dataset as its publisher distributes it.
 *
 * @param fileName the file's name, as in the official URL and on disk (e.g. {@code train-images-idx3-ubyte.gz})
 * @param sha256 SHA-256 of the file exactly as published (hex)
 * @param contentSha256 SHA-256 of the decompressed content of a {@code .gz} file, or null if none is known;
 *     it accepts a copy that was recompressed (as Debian's Fashion-MNIST package is) or unpacked
 * @param size the published size in bytes, or -1 if unknown
 */
public record RemoteFile(String fileName, String sha256, String contentSha256, long size) {

    /** The file name without {@code .gz}: the name of the unpacked file. */
    public String unpackedName() {
        return fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }
}
