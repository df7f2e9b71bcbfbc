package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainCommandTest {
    @Test
    void tablesTheSeed003Network() {
        Cli.Result r = Cli.run("explain", "--dataset", "mnist", "--hidden", "300", "--activation", "sigmoid",
                "--batch-size", "32");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("samples [1, 28, 28], 10 classes), batch 32")
                .contains("[32, 784] → [32, 300]").contains("[32, 10] → [32, 300]")
                .contains("235,500 (weight [300, 784], bias [300])").contains("238,510")
                .contains("dW = dYᵀ·X").contains("dX = dY ⊙ σ(X)(1 − σ(X))");
    }

    @Test
    void markdownForAReportWithoutADataset() {
        Cli.Result r = Cli.run("explain", "--model", "cnn", "--input", "1x8x8", "--classes", "3", "--batch-size", "2",
                "--format", "md");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("| layer | module |").contains("| [2, 64, 8, 8] → [2, 64, 4, 4] |")
                .contains("MaxPool2d\n").contains("BatchNorm2d\n");
    }

    @Test
    void usageErrorsExitTwoWithOneMessage() {
        Cli.Result bad = Cli.run("explain", "--input", "784", "--hidden", "abc");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("hidden").doesNotContain("\tat ");

        Cli.Result cnnOnRows = Cli.run("explain", "--model", "cnn", "--input", "784");
        assertThat(cnnOnRows.code()).isEqualTo(2);
        assertThat(cnnOnRows.err()).contains("use --model mlp").doesNotContain("\tat ");

        Cli.Result shape = Cli.run("explain", "--input", "3by32");
        assertThat(shape.code()).isEqualTo(2);
        assertThat(shape.err()).contains("CxHxW");
    }
}
