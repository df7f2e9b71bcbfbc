package dev.nabla.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activations.Sigmoid;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003, question 3: the report's derivative table for the 2-3-2 network, from the plain-Java example
 * (examples/TwoThreeTwo.java, compiled and run here) and from the same network built with nabla modules.
 */
class TwoThreeTwoTest {
    private static final double[] DV_ROW = {-0.4404, 0.4404};
    private static final double[] DC = {-0.5, 0.5};

    @Test
    void theExampleProgramPrintsTheReportsTable(@TempDir Path out) throws Exception {
        Path source = findExample();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", out.toString(), source.toString());
        assertThat(status).as("javac exit status").isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()})) {
            Class<?> example = loader.loadClass("TwoThreeTwo");
            @SuppressWarnings("unchecked")
            Map<String, double[][]> r = (Map<String, double[][]>) example.getMethod("run").invoke(null);
            assertThat(r.get("loss")[0][0]).isCloseTo(Math.log(2), within(1e-12));
            for (double[] row : r.get("dv")) {
                assertThat(row[0]).isCloseTo(DV_ROW[0], within(5e-5));
                assertThat(row[1]).isCloseTo(DV_ROW[1], within(5e-5));
            }
            assertThat(r.get("dc")[0]).containsExactly(DC, within(1e-12));
            for (double[] row : r.get("dw")) {
                assertZero(row, "dL/dw");
            }
            assertZero(r.get("db")[0], "dL/db");

            PrintStream original = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                example.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(original);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("loss = 0.6931")
                    .contains("dL/dv        [-0.4404, 0.4404], [-0.4404, 0.4404], [-0.4404, 0.4404]")
                    .contains("dL/dc        [-0.5000, 0.5000]")
                    .contains("dL/dw        [0.0000, 0.0000, 0.0000], [0.0000, 0.0000, 0.0000]");
        }
    }

    @Test
    void theSameNetworkFromNablaModulesGivesTheSameDerivatives() {
        // The report's w[i][j] maps input i to hidden j; PyTorch's layout is the transpose, W[j][i].
        Linear hidden = new Linear(2, 3, new Rng(0));
        Linear output = new Linear(3, 2, new Rng(0));
        hidden.to(DType.FLOAT64);
        output.to(DType.FLOAT64);
        try (NoGrad ignored = NoGrad.enter()) {
            hidden.weight().copyFrom(Tensor.of(new double[] {1, -1, 1, -1, 1, -1}, 3, 2));
            hidden.bias().fill(0);
            output.weight().copyFrom(Tensor.of(new double[] {1, -1, -1, 1, -1, -1}, 2, 3));
            output.bias().fill(0);
        }
        Sequential net = new Sequential(hidden, new Sigmoid(), output);
        Tensor loss = new CrossEntropyLoss().forward(net.forward(Tensor.of(new double[] {1, -1}, 1, 2)), new int[] {0});
        loss.backward();

        assertThat(loss.getFlat(0)).isCloseTo(Math.log(2), within(1e-12));
        Tensor dv = output.weight().grad();          // [2, 3] = dL/dvᵀ
        for (int i = 0; i < 3; i++) {
            assertThat(dv.getFlat(i)).isCloseTo(DV_ROW[0], within(5e-5));
            assertThat(dv.getFlat(3 + i)).isCloseTo(DV_ROW[1], within(5e-5));
        }
        assertThat(output.bias().grad().toDoubleArray()).containsExactly(DC, within(1e-12));
        assertZero(hidden.weight().grad().toDoubleArray(), "dL/dw");
        assertZero(hidden.bias().grad().toDoubleArray(), "dL/db");
    }

    /** examples/TwoThreeTwo.java at the repository root, found from the working directory upwards. */
    private static Path findExample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/TwoThreeTwo.java");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("examples/TwoThreeTwo.java not found above " + Path.of("").toAbsolutePath());
    }

    /** Exactly zero (either sign): the two hidden-to-output paths cancel. */
    private static void assertZero(double[] values, String what) {
        for (double v : values) {
            assertThat(Math.abs(v)).as(what).isZero();
        }
    }
}
