package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Elementwise}. Only loaded when {@link Kernels#vectorEnabled()}.
 *
 * <p>Only ops whose lanewise form is exact IEEE arithmetic are here (add, sub, mul, div, max, min, neg,
 * abs, sqrt, reciprocal, relu): they give the same bits as the scalar loops, interpreted or compiled,
 * so the tail of a run can be scalar and the way threads cut a run never shows. The lanewise EXP and
 * LOG are not used, although they are about 18 times faster than {@code Math.exp} here: once C2
 * compiles them they call a vector math library whose last bit differs from the interpreted form for
 * about one element in a hundred, so a result would depend on when the JIT got to the loop.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {}

    static boolean supports(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;
        };
    }

    static boolean supports(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQRT, RECIPROCAL, RELU -> true;
            default -> false;
        };
    }

    /**
     * {@code out[oi + i] = op(a[ai + i], b[bi + i])} for i &lt; n, where an operand flagged as scalar is
     * one value, read at its index for every i. At most one operand is scalar.
     */
    static void binary(BinaryOp op, float[] a, int ai, boolean aScalar, float[] b, int bi, boolean bScalar,
            float[] out, int oi, int n) {
        // One loop per op, so that each lanewise operator is a constant the JIT compiles to one instruction.
        switch (op) {
            case ADD -> add(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            case SUB -> sub(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            case MUL -> mul(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            case DIV -> div(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            case MAXIMUM -> max(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            case MINIMUM -> min(a, ai, aScalar, b, bi, bScalar, out, oi, n);
            default -> throw new IllegalArgumentException("no vector loop for " + op.opName());
        }
    }

    private static FloatVector load(float[] x, int at, boolean scalar, int i) {
        return scalar ? FloatVector.broadcast(S, x[at]) : FloatVector.fromArray(S, x, at + i);
    }

    private static float at(float[] x, int at, boolean scalar, int i) {
        return scalar ? x[at] : x[at + i];
    }

    private static void add(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).add(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = at(a, ai, as, i) + at(b, bi, bs, i);
        }
    }

    private static void sub(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).sub(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = at(a, ai, as, i) - at(b, bi, bs, i);
        }
    }

    private static void mul(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).mul(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = at(a, ai, as, i) * at(b, bi, bs, i);
        }
    }

    private static void div(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).div(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = at(a, ai, as, i) / at(b, bi, bs, i);
        }
    }

    private static void max(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).max(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = Math.max(at(a, ai, as, i), at(b, bi, bs, i));
        }
    }

    private static void min(float[] a, int ai, boolean as, float[] b, int bi, boolean bs, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            load(a, ai, as, i).min(load(b, bi, bs, i)).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = Math.min(at(a, ai, as, i), at(b, bi, bs, i));
        }
    }

    /** {@code out[oi + i] = op(x[xi + i])} for i &lt; n. */
    static void unary(UnaryOp op, float[] x, int xi, float[] out, int oi, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        switch (op) {
            case NEG -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, xi + i).neg().intoArray(out, oi + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, xi + i).abs().intoArray(out, oi + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, xi + i).lanewise(VectorOperators.SQRT).intoArray(out, oi + i);
                }
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += S.length()) {
                    one.div(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, xi + i).max(0f).intoArray(out, oi + i);
                }
            }
            default -> throw new IllegalArgumentException("no vector loop for " + op.opName());
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(x[xi + i]);
        }
    }
}
