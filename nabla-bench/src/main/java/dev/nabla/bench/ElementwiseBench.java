package dev.nabla.bench;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.Elementwise;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.Reduce;
import dev.nabla.kernel.UnaryOp;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A quick look (half a second per line, one thread) at the float32 elementwise and reduction kernels, to
 * compare the Vector API loops with the plain-Java fallback: run it once as is and once with
 * {@code -Dnabla.vector=false}, and compare the µs per call.
 *
 * <pre>
 * ./mvnw -q -pl nabla-core,nabla-bench compile
 * CP=nabla-core/target/classes:nabla-bench/target/classes    # it needs no other jar
 * java --add-modules jdk.incubator.vector -cp $CP dev.nabla.bench.ElementwiseBench
 * java --add-modules jdk.incubator.vector -Dnabla.vector=false -cp $CP dev.nabla.bench.ElementwiseBench
 * </pre>
 *
 * <p>The last lines time the Vector API's lanewise EXP and LOG against {@code Math.exp} and
 * {@code Math.log} directly, with the number of results whose bits differ: the kernels do not use the
 * lanewise forms, because the compiled ones differ from the interpreted ones (see VectorElementwise).
 */
public final class ElementwiseBench {
    private static final int N = 1 << 20;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ElementwiseBench() {}

    public static void main(String[] args) {
        Kernels.setThreads(1);
        System.out.println("# " + Kernels.describe() + ", " + N + " floats per operand");
        float[] a = random(N, 1);
        float[] b = random(N, 2);
        float[] pos = new float[N];
        for (int i = 0; i < N; i++) {
            pos[i] = Math.abs(a[i]) + 0.01f;
        }
        float[] out = new float[N];
        int[] flat = {N};
        int[] one = {1};
        int[] zero = {0};
        int[] matrix = {N / 256, 256};
        time("add same shape", () -> Elementwise.binary(BinaryOp.ADD, a, 0, one, b, 0, one, out, 0, flat));
        time("mul same shape", () -> Elementwise.binary(BinaryOp.MUL, a, 0, one, b, 0, one, out, 0, flat));
        time("div same shape", () -> Elementwise.binary(BinaryOp.DIV, a, 0, one, pos, 0, one, out, 0, flat));
        time("sub scalar", () -> Elementwise.binary(BinaryOp.SUB, a, 0, one, b, 0, zero, out, 0, flat));
        time("rsub scalar (s - x)", () -> Elementwise.binary(BinaryOp.SUB, b, 0, zero, a, 0, one, out, 0, flat));
        time("add bias row [4096,256]+[256]",
                () -> Elementwise.binary(BinaryOp.ADD, a, 0, new int[] {256, 1}, b, 0, new int[] {0, 1}, out, 0,
                        matrix));
        time("maximum same shape",
                () -> Elementwise.binary(BinaryOp.MAXIMUM, a, 0, one, b, 0, one, out, 0, flat));
        time("neg", () -> Elementwise.unary(UnaryOp.NEG, a, 0, out, 0, N));
        time("abs", () -> Elementwise.unary(UnaryOp.ABS, a, 0, out, 0, N));
        time("sqrt", () -> Elementwise.unary(UnaryOp.SQRT, pos, 0, out, 0, N));
        time("relu", () -> Elementwise.unary(UnaryOp.RELU, a, 0, out, 0, N));
        time("exp (scalar Math.exp)", () -> Elementwise.unary(UnaryOp.EXP, a, 0, out, 0, N));
        time("sum all", () -> Reduce.sum(a, 0, 1, N, 1, out, 0));
        time("sum rows [4096,256] -> [4096]", () -> Reduce.sum(a, 0, N / 256, 256, 1, out, 0));
        time("sum columns [4096,256] -> [256]", () -> Reduce.sum(a, 0, 1, N / 256, 256, out, 0));
        time("max all", () -> Reduce.max(a, 0, 1, N, 1, out, 0));
        time("max columns [4096,256] -> [256]", () -> Reduce.max(a, 0, 1, N / 256, 256, out, 0));
        if (Kernels.vectorEnabled()) {
            float[] p = new float[N];
            time("raw loop Math.exp", () -> mathLoop(a, out, true));
            time("raw loop lanewise EXP", () -> vectorExp(a, p));
            mathLoop(a, out, true);
            System.out.println("#   lanewise EXP differs from Math.exp in " + differing(out, p) + " of " + N);
            time("raw loop Math.log", () -> mathLoop(pos, out, false));
            time("raw loop lanewise LOG", () -> vectorLog(pos, p));
            mathLoop(pos, out, false);
            System.out.println("#   lanewise LOG differs from Math.log in " + differing(out, p) + " of " + N);
        }
    }

    private static void time(String name, Runnable op) {
        long warm = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warm) {
            op.run();
        }
        int calls = 0;
        long start = System.nanoTime();
        long end = start + 200_000_000L;
        long now;
        do {
            op.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        double us = (now - start) / 1e3 / calls;
        System.out.printf(Locale.ROOT, "%-34s %9.1f us  %6.2f Gelem/s%n", name, us, N / us / 1e3);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextGaussian() * 3);
        }
        return x;
    }

    private static void mathLoop(float[] x, float[] out, boolean exp) {
        for (int i = 0; i < x.length; i++) {
            out[i] = exp ? (float) Math.exp(x[i]) : (float) Math.log(x[i]);
        }
    }

    // One method per operator: the JIT compiles a lanewise op to vector code only when the operator is a constant.
    private static void vectorExp(float[] x, float[] out) {
        for (int i = 0; i < S.loopBound(x.length); i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
    }

    private static void vectorLog(float[] x, float[] out) {
        for (int i = 0; i < S.loopBound(x.length); i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        }
    }

    private static int differing(float[] x, float[] y) {
        int d = 0;
        for (int i = 0; i < x.length; i++) {
            d += Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i]) ? 1 : 0;
        }
        return d;
    }
}
