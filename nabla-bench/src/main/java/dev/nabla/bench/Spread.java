package dev.nabla.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The median of some figures and their range: how a figure measured several times is summarised. */
public record Spread(double median, double min, double max, int n) {
    /** The spread of {@code figures}, which must not be empty. */
    public static Spread of(Collection<Double> figures) {
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no figures");
        }
        List<Double> sorted = new ArrayList<>(figures);
        Collections.sort(sorted);
        return new Spread(medianOfSorted(sorted), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** The middle figure of a sorted, non-empty list, or the mean of the two middle ones when their number is even. */
    public static double medianOfSorted(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
