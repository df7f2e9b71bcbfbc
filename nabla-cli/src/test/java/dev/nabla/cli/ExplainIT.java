package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla explain} and {@code nabla gradcheck} as a user runs them: the real jar in its own JVM. */
class ExplainIT {
    @TempDir
    Path dir;

    @Test
    void explainsAndChecksAModel() throws Exception {
        Cli.Result explain = NablaProcess.run(dir, "explain", "--dataset", "synth", "--hidden", "8");
        assertThat(explain.code()).as(explain.toString()).isZero();
        assertThat(explain.out()).contains("[200, 2] → [200, 8]").contains("dW = dYᵀ·X");

        Cli.Result check = NablaProcess.run(dir, "gradcheck", "--dataset", "synth", "--hidden", "8", "--all");
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("gradcheck passed: 4 of 4 parameters pass");

        Cli.Result usage = NablaProcess.run(dir, "gradcheck", "--hidden", "abc");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).doesNotContain("\tat ");
    }
}
