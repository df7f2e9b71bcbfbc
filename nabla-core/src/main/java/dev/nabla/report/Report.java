package dev.nabla.report;

import dev.nabla.lab.RunConfig;
import dev.nabla.lab.RunFolder;
import dev.nabla.lab.RunOutputs;
import dev.nabla.lab.grid.GridAggregate;
import dev.nabla.lab.grid.GridResults;
import dev.nabla.lab.grid.GridResults.Row;
import dev.nabla.lab.grid.GridRunner;
import dev.nabla.lab.grid.GridSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One report over runs and grids, to paste into a write-up: for grids, the ranked configuration table
 * and the grid's figures; for runs, a table of their configurations and results, then each run's
 * best/last table (seed 002's) and learning curves. Markdown links the images relative to the report's
 * folder; HTML embeds them, so the file stands alone.
 *
 * <pre>{@code
 * String md = Report.of(List.of(Path.of("runs/sgd"), Path.of("grids-out/quick"))).markdown(Path.of("report.md"));
 * }</pre>
 */
public final class Report {
    /** A piece of the report: Markdown text, or an image file. */
    private sealed interface Block permits Text, Image {}

    private record Text(String markdown) implements Block {}

    private record Image(Path file, String alt) implements Block {}

    private final List<Block> blocks = new ArrayList<>();

    private Report() {}

    /**
     * The report of run folders and grid folders (those with a grid.yaml), in the order given.
     *
     * @throws IllegalArgumentException for a folder that is neither, or a run that has not finished
     */
    public static Report of(List<Path> dirs) throws IOException {
        Report r = new Report();
        r.text("# Report\n");
        List<RunFolder> runs = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isRegularFile(dir.resolve(GridRunner.SPEC))) {
                r.grid(dir);
            } else {
                RunFolder run = RunFolder.open(dir);
                if (!run.isFinished()) {
                    throw new IllegalArgumentException(dir + " has not finished (it has no " + RunOutputs.SUMMARY_JSON
                            + "): report finished runs");
                }
                runs.add(run);
            }
        }
        if (!runs.isEmpty()) {
            r.runs(runs);
        }
        return r;
    }

    private void text(String markdown) {
        blocks.add(new Text(markdown));
    }

    private void grid(Path dir) throws IOException {
        GridSpec spec = GridSpec.parse(Files.readString(dir.resolve(GridRunner.SPEC)), dir.resolve(GridRunner.SPEC).toString());
        List<Row> rows = GridResults.collect(spec, dir);
        List<GridAggregate.Group> groups = GridAggregate.of(rows);
        text(GridReport.markdown(spec, groups, rows.size(), null).replaceFirst("^# ", "## "));
        boolean missing = GridReport.plotNames(spec).stream()
                .anyMatch(png -> !Files.isRegularFile(dir.resolve(GridReport.PLOTS).resolve(png)));
        if (missing && !rows.isEmpty()) {
            // A grid stopped before its end has no figures yet: draw them from the runs finished so far.
            GridReport.writePlots(dir, spec, rows);
        }
        for (String png : GridReport.plotNames(spec)) {
            Path file = dir.resolve(GridReport.PLOTS).resolve(png);
            if (Files.isRegularFile(file)) {
                blocks.add(new Image(file, png));
            }
        }
        if (!groups.isEmpty()) {
            // The best configuration's first run, as a single run is reported: best/last table and curves.
            Row best = GridAggregate.ranked(groups, spec.metric(), spec.higherIsBetter()).get(0).rows().get(0);
            runDetails(RunFolder.open(GridResults.runDir(dir, best.point())), "### Best run: ");
        }
    }

    private void runs(List<RunFolder> runs) throws IOException {
        StringBuilder sb = new StringBuilder("## Runs\n\n| Run | Model | Layers | Activation | Optimizer | LR | Batch size"
                + " | Length | Seed | Dataset | Best test acc | Last test acc | Last test loss |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunFolder run : runs) {
            RunConfig c = run.config();
            Map<String, Object> s = run.summary();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s | %d | %s | %.4f | %.4f | %.4f |%n",
                    run.name(), c.model(), GridReport.layers(c), c.activation(),
                    c.optimizer(), GridSpec.label("lr", c.lr()), c.batchSize(), GridReport.length(c),
                    c.seed(), Path.of(c.dataset()).getFileName(), num(s, "best_test_acc"), num(s, "last_test_acc"),
                    num(s, "last_test_loss")));
        }
        text(sb.toString());
        for (RunFolder run : runs) {
            runDetails(run, "### ");
        }
    }

    /** A run's best/last table (its summary.md) and learning curves. */
    private void runDetails(RunFolder run, String heading) throws IOException {
        String md = RunOutputs.summaryMarkdown(run.name(), run.config(), run.history(), run.summary());
        text(md.replaceFirst("^# ", heading));
        Path curves = run.dir().resolve(RunOutputs.CURVES);
        if (Files.isRegularFile(curves)) {
            blocks.add(new Image(curves, run.name() + " learning curves"));
        }
    }

    private static double num(Map<String, Object> s, String key) {
        return s.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The report as Markdown, images linked relative to the folder of {@code out}. */
    public String markdown(Path out) {
        Path base = out.toAbsolutePath().normalize().getParent();
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks) {
            if (b instanceof Text t) {
                sb.append(t.markdown()).append('\n');
            } else if (b instanceof Image i) {
                String link = base.relativize(i.file().toAbsolutePath().normalize()).toString().replace('\\', '/');
                sb.append("![").append(i.alt()).append("](").append(link).append(")\n\n");
            }
        }
        return sb.toString();
    }

    /** The report as one HTML file with the images embedded (data: URIs). */
    public String html() throws IOException {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>nabla report</title>\n"
                + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                + "th{background:#f3f3f3}img{max-width:100%}</style></head><body>\n");
        for (Block b : blocks) {
            if (b instanceof Text t) {
                html(sb, t.markdown());
            } else if (b instanceof Image i) {
                sb.append("<p><img alt=\"").append(escape(i.alt())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(i.file()))).append("\"></p>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    /** The Markdown this class writes (headings, tables, paragraphs, bold) as HTML. */
    private static void html(StringBuilder sb, String markdown) {
        boolean inTable = false;
        boolean header = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                if (line.matches("\\|(-+\\|)+")) {
                    continue;
                }
                if (!inTable) {
                    sb.append("<table>\n");
                    inTable = true;
                    header = true;
                }
                String tag = header ? "th" : "td";
                sb.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                for (String c : cells) {
                    sb.append('<').append(tag).append('>').append(inline(c.strip())).append("</").append(tag).append('>');
                }
                sb.append("</tr>\n");
                header = false;
                continue;
            }
            if (inTable) {
                sb.append("</table>\n");
                inTable = false;
            }
            int level = 0;
            while (level < line.length() && line.charAt(level) == '#') {
                level++;
            }
            if (level > 0 && line.length() > level && line.charAt(level) == ' ') {
                sb.append("<h").append(level).append('>').append(inline(line.substring(level + 1))).append("</h")
                        .append(level).append(">\n");
            } else if (!line.isBlank()) {
                sb.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        if (inTable) {
            sb.append("</table>\n");
        }
    }

    private static String inline(String s) {
        return escape(s).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
