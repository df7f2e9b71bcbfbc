package dev.nabla.cli;

import dev.nabla.data.registry.DatasetSpec;
import dev.nabla.data.registry.DatasetStatus;
import dev.nabla.data.registry.Datasets;
import dev.nabla.data.registry.Location;
import dev.nabla.data.registry.ProgressListener;
import dev.nabla.data.registry.VerifyReport;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nabla data}: the datasets nabla knows by name, where they are on this machine, whether their
 * files are intact, and downloading them. A shell over {@link Datasets}.
 */
@Command(name = "data", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "The datasets nabla knows by name: which are on this machine and where, what they hold, whether their"
                    + " files match the published checksums, and downloading them.",
            "",
            "A dataset is looked for in --data DIR (DIR/NAME, then DIR), $NABLA_DATA/NAME, ~/.nabla/data/NAME and"
                    + " /usr/share/datasets/NAME (Debian's dataset packages), in that order.",
            ""},
        subcommands = {DataCommand.ListCommand.class, DataCommand.InfoCommand.class, DataCommand.VerifyCommand.class,
            DataCommand.DownloadCommand.class},
        footer = {"", "Examples:",
            "  nabla data list",
            "  nabla data info fashion-mnist",
            "  nabla data verify",
            "  nabla data download mnist --data ~/datasets"})
final class DataCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(main.out);
        return 0;
    }

    /** What every {@code nabla data} subcommand has: the {@code --data} option and the output streams. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        DataCommand data;

        @Mixin
        DataDirOption dir;

        PrintStream out() {
            return data.main.out;
        }

        /** The registry, notes printed as plain lines. */
        Datasets datasets() {
            return dir.datasets(ProgressListener.lines(data.main.err));
        }
    }

    /** {@code nabla data list}: one line per dataset. */
    @Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
            description = "A table of the datasets: whether each is here (ready, unchecked, invalid, incomplete,"
                    + " not found or generated) and where.")
    static final class ListCommand extends Subcommand {
        @Override
        public Integer call() {
            List<DatasetStatus> all = datasets().list();
            int nameWidth = all.stream().mapToInt(s -> s.name().length()).max().orElse(4);
            String row = "%-" + nameWidth + "s  %-10s  %s%n";
            out().printf(Locale.ROOT, row, "NAME", "STATE", "LOCATION / TITLE");
            for (DatasetStatus s : all) {
                String where = s.location() != null ? s.location().folder().toString() : s.title();
                out().printf(Locale.ROOT, row, s.name(), state(s.state()), where);
                if (!s.detail().isEmpty()) {
                    out().printf(Locale.ROOT, row, "", "", "  " + s.detail());
                }
            }
            if (all.stream().anyMatch(s -> s.state() == DatasetStatus.State.NOT_FOUND)) {
                data.main.err.println("Get a missing dataset with: nabla data download NAME (or see nabla data info"
                        + " NAME for other ways)");
            }
            return 0;
        }

        private static String state(DatasetStatus.State state) {
            return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** {@code nabla data info NAME}: everything known about one dataset. */
    @Command(name = "info", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Counts, sample shape, classes, the published files with their URLs and SHA-256, where"
                    + " nabla looks for the dataset and where it found it.")
    static final class InfoCommand extends Subcommand {
        @Parameters(paramLabel = "NAME", description = "A dataset name (see nabla data list).")
        String name;

        @Override
        public Integer call() {
            Datasets datasets = datasets();
            out().println(datasets.info(name));
            DatasetSpec spec = datasets.catalog().get(name);
            if (spec.debianPackage() != null) {
                out().println("  debian:   apt-get install " + spec.debianPackage());
            }
            return 0;
        }
    }

    /** {@code nabla data verify [NAME]}: every file's checksum; exit 1 if one is wrong. */
    @Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Check every file of a dataset against its published SHA-256 and parse it all. Without"
                    + " NAME: every dataset found on this machine.",
                "Exit code 1 if any file is invalid."})
    static final class VerifyCommand extends Subcommand {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "A dataset name (default: all that are here).")
        String name;

        @Override
        public Integer call() {
            Datasets datasets = datasets();
            List<String> names = new ArrayList<>();
            if (name != null) {
                names.add(name);
            } else {
                for (DatasetSpec spec : datasets.catalog().all()) {
                    if (datasets.locate(spec.name()) != null) {
                        names.add(spec.name());
                    }
                }
                if (names.isEmpty()) {
                    out().println("No dataset is on this machine; nothing to verify (see nabla data list).");
                    return 0;
                }
            }
            boolean ok = true;
            for (String n : names) {
                VerifyReport report = datasets.verify(n);
                out().println(report);
                ok &= report.ok();
            }
            return ok ? 0 : ErrorReporting.FAILURE;
        }
    }

    /** {@code nabla data download NAME}: fetch and check a dataset's files. */
    @Command(name = "download", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {"Download a dataset's files (unless a valid copy is already here), each checked against its"
                    + " published SHA-256 before it is kept. A failed or interrupted download leaves no partial file.",
                "Files go to --data DIR/NAME, else $NABLA_DATA/NAME, else ~/.nabla/data/NAME."})
    static final class DownloadCommand extends Subcommand {
        @Parameters(paramLabel = "NAME", description = "A dataset name (see nabla data list).")
        String name;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Download from URL/NAME/FILE instead of the official URLs (also: $NABLA_DATA_MIRROR).")
        List<URI> mirrors;

        @Override
        public Integer call() {
            try (DownloadProgress progress = new DownloadProgress(data.main.err, Terminal.interactive())) {
                Datasets.Builder b = dir.builder(progress);
                if (mirrors != null) {
                    b.mirrors(mirrors);
                }
                Location location = b.build().download(name);
                out().println(name + " is ready in " + location.folder());
            }
            return 0;
        }
    }
}
