package dev.nabla.optim;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Building and checking the flat state dicts of optimizers and schedules. */
final class StateDicts {
    private StateDicts() {}

    /** Notes the keys that are missing from {@code actual} and the ones that should not be there. */
    static void checkNames(String prefix, Set<String> expected, Set<String> actual, List<String> problems) {
        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        TreeSet<String> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(expected);
        if (!missing.isEmpty()) {
            problems.add(prefix + "missing " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add(prefix + "unexpected " + unexpected + " (expected " + expected + ")");
        }
    }

    /**
     * Checks a schedule's state dict: exactly the keys of {@code expected}, each with its shape.
     *
     * @throws IllegalArgumentException naming every problem
     */
    static void check(String owner, Map<String, Tensor> state, Map<String, int[]> expected) {
        List<String> problems = new ArrayList<>();
        checkNames("", expected.keySet(), state.keySet(), problems);
        expected.forEach((k, shape) -> {
            Tensor t = state.get(k);
            if (t != null && !Arrays.equals(t.shape(), shape)) {
                problems.add(k + ": checkpoint has shape " + Shape.str(t.shape()) + ", expected " + Shape.str(shape));
            }
        });
        fail(owner, problems);
    }

    /** Throws the standard loading error if there are problems. */
    static void fail(String owner, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error loading state dict into " + owner + ": "
                    + String.join("; ", problems));
        }
    }

    static Tensor scalar(double v) {
        return Tensor.full(DType.FLOAT64, v);
    }

    static Tensor vector(double[] v) {
        return Tensor.of(v.clone(), v.length);
    }
}
