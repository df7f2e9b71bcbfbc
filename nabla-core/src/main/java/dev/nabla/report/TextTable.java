package dev.nabla.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text cells printed two ways: aligned columns for a terminal, or Markdown for a report.
 *
 * <pre>{@code
 * TextTable t = new TextTable("layer", "params");
 * t.add("layers.0", "235,500");
 * System.out.print(t.text());      // aligned, with a rule under the header
 * System.out.print(t.markdown());  // | layer | params |
 * }</pre>
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Appends a row with one cell per column. */
    public TextTable add(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("TextTable: row " + Arrays.toString(cells) + " has " + cells.length
                    + " cells, the header " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    /** Columns padded to their widest cell, separated by " | ", with a rule under the header. */
    public String text() {
        int[] width = new int[header.size()];
        for (List<String> row : all()) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        sb.append(String.join("-+-", rule).stripTrailing()).append('\n');
        for (List<String> row : rows) {
            line(sb, row, width);
        }
        return sb.toString();
    }

    /** A GitHub-flavoured Markdown table ('|' inside a cell escaped). */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        mdLine(sb, header);
        sb.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            mdLine(sb, row);
        }
        return sb.toString();
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        List<String> padded = new ArrayList<>();
        for (int c = 0; c < width.length; c++) {
            padded.add(cells.get(c) + " ".repeat(width[c] - cells.get(c).length()));
        }
        sb.append(String.join(" | ", padded).stripTrailing()).append('\n');
    }

    private static void mdLine(StringBuilder sb, List<String> cells) {
        sb.append("|");
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }
}
