package dev.nabla.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor ops: sizes, broadcasting, axis normalisation, messages. */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape; the empty shape (a scalar) has one. */
    public static int numel(int... shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("Invalid shape " + str(shape) + ": sizes must be non-negative");
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** "[2, 3]", the way shapes appear in every error message. */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] strides(int... shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /**
     * NumPy broadcasting: shapes are aligned at their last dimension; each pair of sizes must be equal or
     * one of them 1.
     *
     * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + " of the result: " + da + " vs " + db
                        + "; sizes must be equal or 1, aligned from the last dimension)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides for reading a tensor of {@code shape} as if it had the broadcast shape {@code target}:
     * broadcast dimensions get stride 0.
     */
    public static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - lead;
            st[i] = j < 0 || shape[j] == 1 ? 0 : own[j];
        }
        return st;
    }

    /** Resolves a possibly negative axis (-1 is the last) against a rank, or throws naming the op. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + " (valid: " + (-rank) + " to " + (rank - 1) + ")");
        }
        return a;
    }

    /** Resolves axes (empty means all), checks duplicates, and returns a sorted boolean mask. */
    public static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int ax : axes) {
            int a = axis(op, ax, rank);
            if (mask[a]) {
                throw new IllegalArgumentException(op + ": axis " + ax + " appears twice in " + Arrays.toString(axes));
            }
            mask[a] = true;
        }
        return mask;
    }

    /** Shape after reducing the masked axes, keeping them as size 1 or dropping them. */
    public static int[] reduced(int[] shape, boolean[] mask, boolean keepDims) {
        int kept = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i] || keepDims) {
                kept++;
            }
        }
        int[] out = new int[kept];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[j++] = shape[i];
            } else if (keepDims) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** Resolves one -1 in a reshape target against the element count, checking that sizes agree. */
    public static int[] inferReshape(int[] from, int[] to) {
        int n = numel(from);
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < to.length; i++) {
            if (to[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape " + str(from) + " -> " + str(to)
                            + ": only one dimension can be -1");
                }
                unknown = i;
            } else if (to[i] < 0) {
                throw new IllegalArgumentException("reshape " + str(from) + " -> " + str(to)
                        + ": invalid size " + to[i]);
            } else {
                known *= to[i];
            }
        }
        int[] out = to.clone();
        if (unknown >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape " + str(from) + " -> " + str(to) + ": " + n
                        + " elements cannot be split that way");
            }
            out[unknown] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException("reshape " + str(from) + " -> " + str(to) + ": " + n
                    + " elements do not fit " + known);
        }
        return out;
    }
}
