package dev.nabla.report;

/**
 * One line of a chart: y against x, optionally with a standard deviation per point (drawn as error
 * bars, for mean ± std over repeated runs).
 */
public record Series(String name, double[] x, double[] y, double[] std) {
    public Series {
        if (x.length != y.length || (std != null && std.length != y.length)) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points, y has "
                    + y.length + (std == null ? "" : ", std has " + std.length));
        }
    }

    /** A series without error bars. */
    public Series(String name, double[] x, double[] y) {
        this(name, x, y, null);
    }
}
