package dev.nabla.data.registry;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a dataset's files were found.
 *
 * @param folder the folder that was searched and holds them
 * @param layout which form of the dataset is there
 * @param files each needed file's catalog name (e.g. {@code train-images-idx3-ubyte.gz}, {@code data_batch_1.bin},
 *     {@code cifar-10-binary.tar.gz}) mapped to the actual path, which may be the unpacked file
 */
public record Location(Path folder, Layout layout, Map<String, Path> files) {

    /** The form a dataset takes on disk. */
    public enum Layout {
        /** The four IDX files, each {@code .gz} or unpacked. */
        IDX_FILES,
        /** The official CIFAR {@code .tar.gz}, read without unpacking. */
        ARCHIVE,
        /** The batch files of an unpacked CIFAR archive. */
        EXTRACTED
    }

    public Location {
        files = Map.copyOf(files);
    }
}
