package dev.nabla.train;

import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The evaluations of a run in order, with the best and last values that the seeds report ("best" is the
 * highest accuracy or lowest loss over the run, "last" the final evaluation).
 */
public final class History {
    private final List<Evaluation> rows = new ArrayList<>();

    /** Appends an evaluation. */
    public void add(Evaluation e) {
        rows.add(e);
    }

    /** All evaluations, oldest first. */
    public List<Evaluation> rows() {
        return Collections.unmodifiableList(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The final evaluation. */
    public Evaluation last() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("no evaluation yet");
        }
        return rows.get(rows.size() - 1);
    }

    /** The evaluation with the highest test accuracy (the earliest on ties). */
    public Evaluation bestByTestAccuracy() {
        return best(Evaluation::testAcc, true);
    }

    /** The evaluation where {@code metric} is highest (or lowest), the earliest on ties; NaN never wins. */
    public Evaluation best(ToDoubleFunction<Evaluation> metric, boolean higherIsBetter) {
        Evaluation best = null;
        for (Evaluation e : rows) {
            double v = metric.applyAsDouble(e);
            if (Double.isNaN(v)) {
                continue;
            }
            if (best == null || (higherIsBetter ? v > metric.applyAsDouble(best) : v < metric.applyAsDouble(best))) {
                best = e;
            }
        }
        return best == null ? last() : best;
    }

    /**
     * Reads a {@code metrics.csv} written by {@link #writeCsv}.
     *
     * @throws IllegalArgumentException naming the file and line when the header or a row is malformed
     */
    public static History readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals(Evaluation.CSV_HEADER)) {
            throw new IllegalArgumentException(file + " is not a metrics file: its first line must be "
                    + Evaluation.CSV_HEADER);
        }
        History h = new History();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                h.add(Evaluation.fromCsv(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return h;
    }

    /** Writes {@code metrics.csv} atomically. */
    public void writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(Evaluation.CSV_HEADER).append('\n');
        for (Evaluation e : rows) {
            sb.append(e.toCsv()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
