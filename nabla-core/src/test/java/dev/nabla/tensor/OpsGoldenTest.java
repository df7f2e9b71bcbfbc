package dev.nabla.tensor;

import static dev.nabla.testing.TensorAssert.assertClose;
import static dev.nabla.testing.TensorAssert.assertGradCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.GradCheck;
import dev.nabla.testing.Golden;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tensor primitive against PyTorch (golden/ops.json, made by make_ops.py): forward values and the
 * gradient of every input, in float64 and float32, plus a float64 central-difference check of the same
 * op. Cases marked {@code gradcheck: 0} sit where central differences are undefined (infinite inputs, a
 * maximum shared by three elements) and non-differentiable ops (argmax) have no gradients.
 */
class OpsGoldenTest {
    private static final Golden GOLDEN = Golden.load("ops");

    static List<String> cases() {
        return GOLDEN.names();
    }

    /** The differentiable cases where central differences are defined at the inputs (see make_ops.py). */
    static List<String> gradCheckCases() {
        return GOLDEN.names().stream().filter(n -> {
            Golden.Case c = GOLDEN.get(n);
            return !c.has("gradcheck") || c.number("gradcheck") != 0;
        }).toList();
    }

    /** The nabla expression for a case: inputs to output. */
    private static Function<Tensor[], Tensor> op(Golden.Case c) {
        return switch (c.string("op")) {
            case "add" -> in -> in[0].add(in[1]);
            case "sub" -> in -> in[0].sub(in[1]);
            case "mul" -> in -> in[0].mul(in[1]);
            case "div" -> in -> in[0].div(in[1]);
            case "pow" -> in -> in[0].pow(in[1]);
            case "maximum" -> in -> in[0].maximum(in[1]);
            case "minimum" -> in -> in[0].minimum(in[1]);
            case "neg" -> in -> in[0].neg();
            case "exp" -> in -> in[0].exp();
            case "log" -> in -> in[0].log();
            case "sqrt" -> in -> in[0].sqrt();
            case "abs" -> in -> in[0].abs();
            case "pow_scalar" -> in -> in[0].pow(c.number("exponent"));
            case "clamp" -> in -> in[0].clamp(c.number("min"), c.number("max"));
            case "sum" -> in -> in[0].sum(c.ints("axes"), c.number("keep") == 1);
            case "mean" -> in -> in[0].mean(c.ints("axes"), c.number("keep") == 1);
            case "var" -> in -> in[0].var(c.ints("axes"), c.number("unbiased") == 1, c.number("keep") == 1);
            case "max" -> c.has("axes")
                    ? in -> in[0].max(c.ints("axes"), c.number("keep") == 1)
                    : in -> in[0].max((int) c.number("axis"), c.number("keep") == 1);
            case "argmax" -> c.has("axis")
                    ? in -> in[0].argmax((int) c.number("axis"), c.number("keep") == 1)
                    : in -> Tensor.full(in[0].dtype(), in[0].argmax());
            case "logsumexp" -> in -> in[0].logsumexp(c.ints("axes"), c.number("keep") == 1);
            case "matmul" -> in -> in[0].matmul(in[1]);
            case "permute" -> in -> in[0].permute(c.ints("perm"));
            case "transpose" -> in -> in[0].transpose((int) c.number("a"), (int) c.number("b"));
            case "reshape" -> in -> in[0].reshape(c.ints("shape"));
            case "narrow" -> in -> in[0].narrow((int) c.number("axis"), (int) c.number("start"),
                    (int) c.number("length"));
            case "index_select" -> in -> in[0].indexSelect(c.ints("index"));
            case "concat" -> in -> Tensor.concat((int) c.number("axis"), in);
            case "stack" -> in -> Tensor.stack((int) c.number("axis"), in);
            case "expand" -> in -> in[0].expand(c.ints("shape"));
            default -> throw new IllegalArgumentException("no mapping for op " + c.string("op"));
        };
    }

    private static Tensor[] inputs(Golden.Case c, DType dtype) {
        int n = c.node().get("inputs").size();
        Tensor[] in = new Tensor[n];
        for (int i = 0; i < n; i++) {
            in[i] = c.tensor("inputs", i, dtype).detach().requiresGrad(true);
        }
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorchInFloat64(String name) {
        checkAgainstGolden(GOLDEN.get(name), DType.FLOAT64, 1e-12, 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorchInFloat32(String name) {
        checkAgainstGolden(GOLDEN.get(name), DType.FLOAT32, 1e-5, 1e-5);
    }

    private static void checkAgainstGolden(Golden.Case c, DType dtype, double rtol, double atol) {
        Tensor[] in = inputs(c, dtype);
        Tensor out = op(c).apply(in);
        assertClose(out, c.tensor("out", dtype), rtol, atol, c.name() + " forward (" + dtype + ")");
        if (!c.has("grad_out")) {
            assertThat(out.requiresGrad()).as(c.name() + " is not differentiable").isFalse();
            return;
        }
        out.backward(c.tensor("grad_out", dtype));
        for (int i = 0; i < in.length; i++) {
            Tensor expected = c.tensor("grads", i, dtype);
            Tensor actual = in[i].grad() == null ? Tensor.zeros(dtype, expected.shape()) : in[i].grad();
            assertClose(actual, expected, rtol, atol, c.name() + " grad of input " + i + " (" + dtype + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradCheckCases")
    void gradientsMatchCentralDifferences(String name) {
        Golden.Case c = GOLDEN.get(name);
        Tensor[] in = inputs(c, DType.FLOAT64);
        Function<Tensor[], Tensor> f = op(c);
        assertGradCheck(GradCheck.check(() -> f.apply(in), in), c.name());
    }
}
