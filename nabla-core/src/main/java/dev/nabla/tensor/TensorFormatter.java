package dev.nabla.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats tensors exactly the way PyTorch prints them: {@code tensor([[ 1.5000, -2.0000], ...])}, whole
 * numbers as {@code 1.}, scientific notation when the magnitudes span more than 10³ (or exceed 10⁸, or
 * fall below 10⁻⁴ for fractions), right-aligned columns, rows wrapped at 80 characters and tensors of
 * more than 1000 elements summarised to their first and last three items per dimension.
 */
final class TensorFormatter {
    private static final int LINE_WIDTH = 80;
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    private TensorFormatter() {}

    static String format(Tensor t) {
        String suffix = suffix(t);
        if (t.numel == 0) {
            // PyTorch shows the shape of an empty tensor of two or more dimensions as a tuple: size=(0, 3).
            String size = Shape.str(t.shape);
            String tuple = "(" + size.substring(1, size.length() - 1) + ")";
            return PREFIX + "[]" + (t.dim() > 1 ? ", size=" + tuple : "") + suffix + ")";
        }
        boolean summarize = t.numel > SUMMARIZE_ABOVE;
        Style style = Style.of(shownValues(t, summarize));
        String body = t.dim() == 0
                ? style.raw(t.getFlat(0))
                : block(t, style, 0, 0, PREFIX.length(), summarize);
        return PREFIX + body + suffix + ")";
    }

    private static String suffix(Tensor t) {
        StringBuilder sb = new StringBuilder();
        if (t.dtype == DType.FLOAT64) {
            sb.append(", dtype=float64");
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.toString();
    }

    /** The indices along one axis that are printed. */
    private static int[] shownIndices(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE_ITEMS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] edge = new int[2 * EDGE_ITEMS];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            edge[i] = i;
            edge[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
        }
        return edge;
    }

    /** The values that will be printed; the number style is chosen from these alone, as PyTorch does. */
    private static List<Double> shownValues(Tensor t, boolean summarize) {
        List<Double> out = new ArrayList<>();
        collect(t, 0, 0, summarize, out);
        return out;
    }

    private static void collect(Tensor t, int axis, int base, boolean summarize, List<Double> out) {
        if (axis == t.dim()) {
            out.add(t.getFlat(base));
            return;
        }
        int stride = stride(t, axis);
        for (int i : shownIndices(t.shape[axis], summarize)) {
            collect(t, axis + 1, base + i * stride, summarize, out);
        }
    }

    private static int stride(Tensor t, int axis) {
        int s = 1;
        for (int i = axis + 1; i < t.dim(); i++) {
            s *= t.shape[i];
        }
        return s;
    }

    private static String block(Tensor t, Style style, int axis, int base, int indent, boolean summarize) {
        int n = t.shape[axis];
        int stride = stride(t, axis);
        boolean cut = summarize && n > 2 * EDGE_ITEMS;
        List<String> parts = new ArrayList<>();
        int[] shown = shownIndices(n, summarize);
        for (int k = 0; k < shown.length; k++) {
            if (cut && k == EDGE_ITEMS) {
                parts.add(axis == t.dim() - 1 ? " ..." : "...");
            }
            parts.add(axis == t.dim() - 1
                    ? style.padded(t.getFlat(base + shown[k]))
                    : block(t, style, axis + 1, base + shown[k] * stride, indent + 1, summarize));
        }
        if (axis < t.dim() - 1) {
            String sep = "," + "\n".repeat(t.dim() - 1 - axis) + " ".repeat(indent + 1);
            return "[" + String.join(sep, parts) + "]";
        }
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (style.width + 2));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += perLine) {
            lines.add(String.join(", ", parts.subList(i, Math.min(parts.size(), i + perLine))));
        }
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    /** How every element of one tensor is printed, chosen from all of its shown values. */
    private record Style(boolean intMode, boolean sciMode, int width) {
        static Style of(List<Double> values) {
            boolean allInts = true;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                allInts &= v == Math.ceil(v);
                double a = Math.abs(v);
                if (a > 0) {
                    maxAbs = Math.max(maxAbs, a);
                    minAbs = Math.min(minAbs, a);
                }
            }
            boolean spread = maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8);
            boolean sci = allInts ? spread : spread || (maxAbs > 0 && minAbs < 1e-4);
            Style probe = new Style(allInts, sci, 0);
            int width = 0;
            for (double v : values) {
                width = Math.max(width, probe.raw(v).length());
            }
            return new Style(allInts, sci, width);
        }

        String raw(double v) {
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            if (sciMode) {
                return String.format(Locale.ROOT, "%.4e", v);
            }
            return String.format(Locale.ROOT, intMode ? "%.0f." : "%.4f", v);
        }

        String padded(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
