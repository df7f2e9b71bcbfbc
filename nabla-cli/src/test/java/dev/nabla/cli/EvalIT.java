package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.TestRuns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code nabla eval} as a user runs it: the real jar in its own JVM. */
class EvalIT {
    @TempDir
    Path dir;

    @Test
    void evaluatesARunAndWritesItsFiles() throws Exception {
        Path run = TestRuns.mlpRun(dir.resolve("mlp"), TestRuns.idxFolder(dir.resolve("tiny"), 60));
        Cli.Result r = NablaProcess.run(dir, "eval", "--run", "mlp");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mlp on ").containsPattern("accuracy \\d\\.\\d{4} \\(\\d+ of 60\\)")
                .contains("most often mistaken for").contains("wrote mlp/eval.json and mlp/confusion.png");
        JsonNode e = RunFolderAssert.assertEvaluation(run.resolve("eval.json"), run.resolve("confusion.png"), 60, 3);
        assertThat(e.get("run").asString()).isEqualTo("mlp");

        Cli.Result missing = NablaProcess.run(dir, "eval", "--run", "nope");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope does not exist").doesNotContain("\tat ");
    }
}
