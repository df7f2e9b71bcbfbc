package dev.nabla.data.format;

import dev.nabla.data.InvalidDataException;
import dev.nabla.data.TabularDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Comma-separated feature rows with a header line: every column is a numeric feature except one, the
 * label. The label column is chosen by name, or else is the column named {@code label} (any case), or
 * else the last column. Fields may be wrapped in double quotes but may not contain commas; blank lines
 * are skipped.
 *
 * <p>Labels are class indices {@code 0, 1, ...} when every label is a non-negative integer (the classes
 * are then {@code 0..max}); otherwise they are names, and the classes are the distinct names in sorted
 * order. Pass the training set's {@link TabularDataset#classNames()} when reading its test set so both
 * use the same indices.
 */
public final class CsvFormat {
    private CsvFormat() {}

    /** Reads {@code file} with the default label column and classes inferred from the file. */
    public static TabularDataset read(Path file) {
        return read(file, null, null);
    }

    /**
     * Reads {@code file}.
     *
     * @param labelColumn the label column's header name, or null for {@code label} or the last column
     * @param classNames the classes to map labels to, or null to infer them from this file
     */
    public static TabularDataset read(Path file, String labelColumn, List<String> classNames) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString(), file.getFileName().toString(), labelColumn, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static TabularDataset parse(BufferedReader reader, String source, String name, String labelColumn,
            List<String> classNames) throws IOException {
        String line;
        int lineNo = 0;
        String[] header = null;
        while (header == null && (line = reader.readLine()) != null) {
            lineNo++;
            if (!line.isBlank()) {
                header = split(line);
            }
        }
        if (header == null) {
            throw new InvalidDataException(source + ": the file is empty; expected a header line naming the columns");
        }
        if (header.length < 2) {
            throw new InvalidDataException(source + ": the header has " + header.length + " column ("
                    + String.join(", ", header) + "); expected at least one feature column and a label column");
        }
        int label = labelIndex(header, labelColumn, source);
        int features = header.length - 1;
        float[] x = new float[1024 * features];
        List<String> rawLabels = new ArrayList<>();
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line);
            if (fields.length != header.length) {
                throw new InvalidDataException(source + " line " + lineNo + ": " + fields.length + " field"
                        + (fields.length == 1 ? "" : "s") + ", but the header has " + header.length + " ("
                        + String.join(", ", header) + ")");
            }
            int row = rawLabels.size();
            if ((long) (row + 1) * features > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
            }
            for (int c = 0, f = 0; c < fields.length; c++) {
                if (c == label) {
                    continue;
                }
                x[row * features + f++] = number(fields[c], source, lineNo, header, c);
            }
            if (fields[label].isEmpty()) {
                throw new InvalidDataException(source + " line " + lineNo + ": the label column '" + header[label]
                        + "' is empty");
            }
            rawLabels.add(fields[label]);
        }
        if (rawLabels.isEmpty()) {
            throw new InvalidDataException(source + ": no data rows after the header");
        }
        List<String> classes = classNames != null ? List.copyOf(classNames) : inferClasses(rawLabels);
        int[] y = new int[rawLabels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classIndex(rawLabels.get(i), classes, source, header[label]);
        }
        return new TabularDataset(name, Arrays.copyOf(x, y.length * features), y, features, classes);
    }

    private static int labelIndex(String[] header, String labelColumn, String source) {
        if (labelColumn != null) {
            for (int c = 0; c < header.length; c++) {
                if (header[c].equals(labelColumn)) {
                    return c;
                }
            }
            for (int c = 0; c < header.length; c++) {
                if (header[c].equalsIgnoreCase(labelColumn)) {
                    return c;
                }
            }
            throw new InvalidDataException(source + ": no column named '" + labelColumn + "' for the label; the"
                    + " header has " + String.join(", ", header));
        }
        for (int c = 0; c < header.length; c++) {
            if (header[c].equalsIgnoreCase("label")) {
                return c;
            }
        }
        return header.length - 1;
    }

    private static float number(String field, String source, int lineNo, String[] header, int column) {
        try {
            float v = Float.parseFloat(field);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the line and column
        }
        throw new InvalidDataException(source + " line " + lineNo + ", column '" + header[column] + "' ("
                + (column + 1) + " of " + header.length + "): expected a finite number, found '" + field + "'");
    }

    private static List<String> inferClasses(List<String> labels) {
        int max = -1;
        for (String s : labels) {
            int v = nonNegativeInt(s);
            if (v < 0) {
                return List.copyOf(new TreeSet<>(labels));
            }
            max = Math.max(max, v);
        }
        List<String> classes = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            classes.add(Integer.toString(k));
        }
        return classes;
    }

    private static int classIndex(String label, List<String> classes, String source, String column) {
        int k = classes.indexOf(label);
        if (k >= 0) {
            return k;
        }
        int v = nonNegativeInt(label);
        if (v >= 0 && v < classes.size()) {
            return v;
        }
        throw new InvalidDataException(source + ": label '" + label + "' in column '" + column + "' is not one of"
                + " the " + classes.size() + " classes " + classes);
    }

    private static int nonNegativeInt(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    private static String[] split(String line) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].strip();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1).strip();
            }
            fields[i] = f;
        }
        return fields;
    }
}
