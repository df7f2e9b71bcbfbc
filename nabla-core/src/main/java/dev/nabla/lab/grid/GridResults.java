package dev.nabla.lab.grid;

import dev.nabla.io.AtomicFiles;
import dev.nabla.lab.RunFolder;
import dev.nabla.lab.RunOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The finished runs of a grid and its {@code results.csv}: one row per run, a column for each varied
 * option, {@code repeat} and {@code seed}, the metrics of the run's summary.json, and the run's folder.
 *
 * <p>The table is always rebuilt from the run folders: a run is in it exactly when its summary.json
 * exists (written atomically, last), and the file is replaced atomically. So however the grid process
 * dies, results.csv never loses a finished run nor holds one twice, and the next run of the grid
 * rebuilds it from the folders anyway.
 */
public final class GridResults {
    public static final String CSV = "results.csv";
    public static final String RUNS = "runs";

    /** A finished run and its summary.json. */
    public record Row(GridPoint point, Map<String, Object> summary) {
        /** A numeric metric, NaN when absent. */
        public double metric(String key) {
            return summary.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
        }
    }

    private GridResults() {}

    /** The folder of one run. */
    public static Path runDir(Path gridDir, GridPoint p) {
        return gridDir.resolve(RUNS).resolve(p.id());
    }

    /** The finished runs of the grid in {@code dir}, in the spec's order. */
    public static List<Row> collect(GridSpec spec, Path dir) {
        List<Row> rows = new ArrayList<>();
        for (GridPoint p : spec.runs()) {
            Path runDir = runDir(dir, p);
            if (Files.isRegularFile(runDir.resolve(RunOutputs.SUMMARY_JSON))) {
                rows.add(new Row(p, RunFolder.readSummary(runDir)));
            }
        }
        return rows;
    }

    /** The summary keys present in the rows, in the order the runs write them. */
    public static List<String> metricKeys(List<Row> rows) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.summary().keySet()));
        return List.copyOf(keys);
    }

    /** The numeric summary keys (those the aggregation averages). */
    public static List<String> numericKeys(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (String k : metricKeys(rows)) {
            if (rows.stream().allMatch(r -> r.summary().get(k) == null || r.summary().get(k) instanceof Number)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Rewrites results.csv atomically from the rows. */
    public static void writeCsv(Path file, GridSpec spec, List<Row> rows) throws IOException {
        List<String> metrics = metricKeys(rows);
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(spec.columns());
        header.add("repeat");
        header.add("seed");
        header.addAll(metrics);
        header.add("run");
        line(sb, header);
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(r.point().values().values());
            cells.add(String.valueOf(r.point().repeat()));
            cells.add(String.valueOf(r.point().runConfig().seed()));
            for (String m : metrics) {
                Object v = r.summary().get(m);
                cells.add(v == null ? "" : v.toString());
            }
            cells.add(RUNS + "/" + r.point().id());
            line(sb, cells);
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Reads a CSV written by {@link #writeCsv} (or any simple CSV) as header → cell maps. */
    public static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Map<String, String>> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = cells(lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
            List<String> cells = cells(l);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            out.add(row);
        }
        return out;
    }

    static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            sb.append(i == 0 ? "" : ",").append(c);
        }
        sb.append('\n');
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
