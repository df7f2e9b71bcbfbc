package dev.nabla.tensor;

import java.util.Locale;

/**
 * Formats tensors the way PyTorch prints them: {@code tensor([[ 1.5000, -2.0000], ...])}, integers as
 * {@code 1.}, scientific notation when magnitudes span more than 10³ (or exceed 10⁸ or fall below 10⁻⁴),
 * right-aligned columns, rows wrapped at 80 characters and large tensors summarised with "...".
 */
final class TensorFormatter {
    private static final int LINE_WIDTH = 80;
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormatter() {}

    static String format(Tensor t) {
        String suffix = suffix(t);
        String prefix = "tensor(";
        if (t.numel == 0) {
            return prefix + "[]" + (t.dim() > 1 ? ", size=" + Shape.str(t.shape) : "") + suffix + ")";
        }
        boolean summarize = t.numel > SUMMARIZE_ABOVE;
        Style style = Style.of(t, summarize);
        StringBuilder sb = new StringBuilder(prefix);
        if (t.dim() == 0) {
            sb.append(style.format(t.getFlat(0)).strip());
        } else {
            appendDim(sb, t, style, 0, 0, prefix.length(), summarize);
        }
        return sb.append(suffix).append(')').toString();
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

    private static void appendDim(StringBuilder sb, Tensor t, Style style, int axis, int base, int indent,
            boolean summarize) {
        int n = t.shape[axis];
        int stride = 1;
        for (int i = axis + 1; i < t.shape.length; i++) {
            stride *= t.shape[i];
        }
        sb.append('[');
        boolean cut = summarize && n > 2 * EDGE_ITEMS;
        if (axis == t.shape.length - 1) {
            int perLine = Math.max(1, (LINE_WIDTH - indent - 1) / (style.width + 2));
            int written = 0;
            for (int i = 0; i < n; i++) {
                if (cut && i == EDGE_ITEMS) {
                    sb.append("..., ");
                    i = n - EDGE_ITEMS;
                }
                if (written > 0 && written % perLine == 0) {
                    sb.append('\n').append(" ".repeat(indent + 1));
                }
                sb.append(style.format(t.getFlat(base + i)));
                written++;
                if (i < n - 1) {
                    sb.append(", ");
                }
            }
        } else {
            String sep = ",\n".repeat(t.shape.length - 1 - axis) + " ".repeat(indent + 1);
            for (int i = 0; i < n; i++) {
                if (cut && i == EDGE_ITEMS) {
                    sb.append("...").append(sep);
                    i = n - EDGE_ITEMS;
                }
                appendDim(sb, t, style, axis + 1, base + i * stride, indent + 1, summarize);
                if (i < n - 1) {
                    sb.append(sep);
                }
            }
        }
        sb.append(']');
    }

    /** How every element of one tensor is printed, chosen from all of its (shown) values. */
    private record Style(boolean intMode, boolean sciMode, int width) {
        static Style of(Tensor t, boolean summarize) {
            boolean allInts = true;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (int i = 0; i < t.numel; i++) {
                double v = t.getFlat(i);
                if (!Double.isFinite(v)) {
                    continue;
                }
                allInts &= v == Math.rint(v);
                double a = Math.abs(v);
                if (a > 0) {
                    maxAbs = Math.max(maxAbs, a);
                    minAbs = Math.min(minAbs, a);
                }
            }
            boolean sci = allInts
                    ? maxAbs > 1e8
                    : maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
            Style probe = new Style(allInts, sci, 0);
            int width = 0;
            for (int i = 0; i < t.numel; i++) {
                width = Math.max(width, probe.raw(t.getFlat(i)).length());
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
                String s = String.format(Locale.ROOT, "%.4e", v);
                int e = s.indexOf('e');
                String exp = s.substring(e + 1);
                char sign = exp.charAt(0) == '-' ? '-' : '+';
                String digits = exp.replaceFirst("^[+-]", "");
                if (digits.length() < 2) {
                    digits = "0" + digits;
                }
                return s.substring(0, e) + "e" + sign + digits;
            }
            if (intMode) {
                return String.format(Locale.ROOT, "%.0f.", v);
            }
            return String.format(Locale.ROOT, "%.4f", v);
        }

        String format(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
