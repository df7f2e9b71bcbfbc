package dev.nabla.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Locale;

/** Assertions on tensors that print the worst element when they fail. */
public final class TensorAssert {
    private TensorAssert() {}

    /**
     * Same shape and every element within {@code atol + rtol·|expected|}; NaN matches only NaN, and an
     * infinity only the same infinity.
     */
    public static void assertClose(Tensor actual, Tensor expected, double rtol, double atol, String what) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.numel(); i++) {
            double a = actual.getFlat(i);
            double e = expected.getFlat(i);
            double excess;
            if (Double.isNaN(a) || Double.isNaN(e)) {
                excess = Double.isNaN(a) == Double.isNaN(e) ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(a) || Double.isInfinite(e)) {
                excess = a == e ? 0 : Double.POSITIVE_INFINITY;
            } else {
                excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
            }
            if (excess > worstExcess) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            fail(String.format(Locale.ROOT, "%s %s: element %d is %.9g, expected %.9g (rtol %.1e, atol %.1e)",
                    what, Shape.str(expected.shape()), worst, actual.getFlat(worst), expected.getFlat(worst),
                    rtol, atol));
        }
    }

    /** Bit-for-bit equality, for determinism tests. */
    public static void assertBitIdentical(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        for (int i = 0; i < expected.numel(); i++) {
            if (Double.doubleToRawLongBits(actual.getFlat(i)) != Double.doubleToRawLongBits(expected.getFlat(i))) {
                fail(what + ": element " + i + " differs: " + actual.getFlat(i) + " vs " + expected.getFlat(i));
            }
        }
    }

    /** Fails with the full report unless the gradient check passed. */
    public static void assertGradCheck(GradCheck.Report report, String what) {
        if (!report.passed()) {
            fail(what + ": " + report);
        }
    }
}
