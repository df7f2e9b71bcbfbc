package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nabla report}: one Markdown or HTML report of runs and grids. */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Write one report of run folders and grid folders: for a grid its ranked configuration table (mean ± std"
                    + " over repeats) and figures; for runs a table of their configurations and results, then each"
                    + " run's best/last table and learning curves.",
            "",
            "Markdown links the images relative to the report; --html embeds them in one self-contained file.",
            ""},
        footer = {"", "Examples:",
            "  nabla report runs/quick                      # a grid: report.md next to the images it links",
            "  nabla report runs/sgd runs/adam --html --out compare.html"})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "RUN_OR_GRID", description = "Run folders and grid folders.")
    List<Path> dirs;

    @Option(names = "--html", description = "Write self-contained HTML instead of Markdown.")
    boolean html;

    @Option(names = "--out", paramLabel = "FILE", description = "The report file (default: report.md, or report.html).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path file = out != null ? out : Path.of(html ? "report.html" : "report.md");
        Report report = Report.of(dirs);
        AtomicFiles.writeString(file, html ? report.html() : report.markdown(file));
        main.out.println("wrote " + file);
        return 0;
    }
}
