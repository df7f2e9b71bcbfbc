package dev.nabla.cli;

import dev.nabla.data.registry.Datasets;
import dev.nabla.data.registry.ProgressListener;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option of the commands that read datasets by name, as {@code nabla train} has it. */
final class DataDirOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Look for datasets in DIR first (then $NABLA_DATA, ~/.nabla/data, /usr/share/datasets);"
                    + " downloads go there.")
    Path dir;

    /** The registry, searching {@code --data} first and reporting to {@code progress}. */
    Datasets datasets(ProgressListener progress) {
        return builder(progress).build();
    }

    /** As {@link #datasets}, for further options. */
    Datasets.Builder builder(ProgressListener progress) {
        return Datasets.builder().dataDir(dir).progress(progress);
    }
}
