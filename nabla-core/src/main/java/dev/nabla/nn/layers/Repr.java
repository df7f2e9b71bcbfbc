package dev.nabla.nn.layers;

/** Numbers in {@code toString()} written as PyTorch prints them ({@code eps=1e-05}, {@code momentum=0.1}). */
final class Repr {
    private Repr() {}

    /** Python's repr of a float: "0.1", "1e-05", "1.0". */
    static String number(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
