package dev.nabla.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.data.format.IdxFormat;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A run's model.safetensors loads into the equivalent PyTorch model with {@code load_state_dict(strict=True)}
 * and PyTorch predicts what nabla predicts, with the very script docs/pytorch.md shows users
 * (examples/pytorch_predict.py), run by Debian's /usr/bin/python3 with PyTorch. The {@code safetensors}
 * package is not installed there, so a minimal reader of the format (test resources python/safetensors)
 * stands in for it.
 */
class PyTorchInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int SAMPLES = 6;

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void needsPyTorch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)) && python("-c", "import torch").exit == 0,
                PYTHON + " cannot import torch (CI installs python3-torch)");
        data = TestRuns.idxFolder(dir.resolve("tiny"), 90);
    }

    @Test
    void anMlpWithBatchNormPredictsTheSameInPyTorch() throws Exception {
        assertSamePredictions(TestRuns.mlpRun(dir.resolve("mlp-bn"), data));
    }

    @Test
    void aConvNetPredictsTheSameInPyTorch() throws Exception {
        assertSamePredictions(TestRuns.cnnRun(dir.resolve("cnn"), data));
    }

    @Test
    void theDocumentationShowsTheScriptThatIsTested() throws IOException {
        String script = Files.readString(repositoryFile("examples/pytorch_predict.py"));
        String doc = Files.readString(repositoryFile("docs/pytorch.md"));
        assertThat(doc).as("docs/pytorch.md holds examples/pytorch_predict.py verbatim")
                .contains("```python\n" + script + "```");
    }

    private static void assertSamePredictions(Path run) throws Exception {
        TrainedModel model = RunFolder.open(run).loadModel();
        assertThat(model.module().toString()).contains("BatchNorm");
        Path images = data.resolve("t10k-images-idx3-ubyte");
        IdxFormat.Images im = IdxFormat.readImages(images);
        float[] raw = new float[SAMPLES * 64];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = im.pixels()[i] & 0xFF;
        }
        Tensor expected = model.logits(raw, SAMPLES);

        Result r = python(repositoryFile("examples/pytorch_predict.py").toString(), run.toString(), images.toString(),
                Integer.toString(SAMPLES));
        assertThat(r.exit).as("the script's stderr:\n" + r.err).isZero();
        JsonNode out = RunOutputs.JSON.readTree(r.out);
        JsonNode logits = out.get("logits");
        assertThat(logits.size()).isEqualTo(SAMPLES);
        int[] predicted = expected.argmax(1);
        for (int n = 0; n < SAMPLES; n++) {
            for (int c = 0; c < TestRuns.CLASSES; c++) {
                double want = expected.getFlat(n * TestRuns.CLASSES + c);
                double got = logits.get(n).get(c).asDouble();
                assertThat(Math.abs(got - want)).as("logit [%d, %d]: PyTorch %s, nabla %s", n, c, got, want)
                        .isLessThanOrEqualTo(1e-4 + 1e-4 * Math.abs(want));
            }
            assertThat(out.get("predicted").get(n).asString()).isEqualTo(model.classNames().get(predicted[n]));
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result python(String... args) throws IOException, InterruptedException, URISyntaxException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PYTHONPATH", Path.of(PyTorchInteropTest.class.getResource("/python").toURI()).toString());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path out = Files.createTempFile(dir, "python", ".out");
        Path err = Files.createTempFile(dir, "python", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("python " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A file of the repository, found from the working directory upwards. */
    private static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(relative)) && Files.exists(d.resolve("mvnw"))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
