package dev.nabla.cli;

import dev.nabla.lab.RunFolder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --run DIR} option of the commands that use a trained run. */
final class RunDirOption {
    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run folder (from nabla train).")
    Path dir;

    /** The run, checked to be a run folder. */
    RunFolder open() {
        return RunFolder.open(dir);
    }
}
