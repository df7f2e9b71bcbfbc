package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GradcheckCommandTest {
    @Test
    void everyParameterOfAnMlpPasses() {
        Cli.Result r = Cli.run("gradcheck", "--input", "12", "--classes", "3", "--hidden", "6,5", "--batchnorm",
                "--dropout", "0.5", "--all");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("layers.0.weight | [6, 12]").contains("| 72 ")
                .contains("gradcheck passed: 10 of 10 parameters pass");
    }

    @Test
    void zeroToleranceFailsWithExitOne() {
        Cli.Result r = Cli.run("gradcheck", "--input", "6", "--classes", "2", "--hidden", "4", "--atol", "0", "--rtol",
                "0");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL").contains("gradcheck FAILED").contains("worst element:");
    }

    @Test
    void badValuesAreUsageErrors() {
        Cli.Result r = Cli.run("gradcheck", "--input", "6", "--samples", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--samples").doesNotContain("\tat ");
        Cli.Result both = Cli.run("gradcheck", "--input", "6", "--dataset", "mnist");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("either --input or --dataset");
    }
}
