package dev.nabla.cli;

import static dev.nabla.cli.Cli.arg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.data.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path dir;

    /** A folder DIR/mnist with the four files in the right format but not MNIST's bytes. */
    static Path fakeMnist(Path dataDir) throws IOException {
        Path mnist = Files.createDirectories(dataDir.resolve("mnist"));
        int[] labels = {0, 1, 2, 3};
        byte[] images = TestFiles.idxImages(4, 28, 28, TestFiles.patternPixels(4, 1, 28, 28));
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(images));
        Files.write(mnist.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(images));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        return mnist;
    }

    @Test
    void listShowsEachDatasetsStateAndPlace() throws IOException {
        Path mnist = fakeMnist(dir);
        Cli.Result r = Cli.run("data", "list", "--data", arg(dir));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("NAME +STATE +LOCATION / TITLE")
                .containsPattern("mnist +invalid +" + java.util.regex.Pattern.quote(arg(mnist)))
                .contains("CHECKSUM MISMATCH")
                .containsPattern("synth +generated +Seed 003")
                .containsPattern("cifar10 +\\w+");
    }

    @Test
    void infoShowsFilesAndWhereItLooks() {
        Cli.Result r = Cli.run("data", "info", "mnist", "--data", arg(dir));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mnist: MNIST handwritten digits").contains("60000 train, 10000 test")
                .contains("train-images-idx3-ubyte.gz (9912422 bytes, SHA-256 440fcabf")
                .contains("searched: " + dir.resolve("mnist"));
        Cli.Result fashion = Cli.run("data", "info", "fashion-mnist");
        assertThat(fashion.out()).contains("debian:   apt-get install dataset-fashion-mnist");
        Cli.Result unknown = Cli.run("data", "info", "imagenet");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown dataset 'imagenet'").contains("fashion-mnist");
    }

    @Test
    void verifyExitsWithOneWhenAFileIsWrong() throws IOException {
        fakeMnist(dir);
        Cli.Result r = Cli.run("data", "verify", "mnist", "--data", arg(dir));
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("mnist at " + dir.resolve("mnist")).contains("CHECKSUM MISMATCH").endsWith("FAILED\n");
        Cli.Result all = Cli.run("data", "verify", "--data", arg(dir));
        assertThat(all.code()).as("every dataset found, the fake mnist among them").isEqualTo(1);
        assertThat(all.out()).contains("mnist at " + dir.resolve("mnist"));
        Cli.Result synth = Cli.run("data", "verify", "synth");
        assertThat(synth.code()).isEqualTo(2);
        assertThat(synth.err()).contains("generated on demand");
    }

    @Test
    void aDownloadThatFailsItsChecksumKeepsNothingAndSaysWhy() throws IOException {
        Path data = dir.resolve("downloads");
        try (LocalMirror mirror = new LocalMirror(50_000)) {
            Cli.Result r = Cli.run("data", "download", "mnist", "--data", arg(data), "--mirror", mirror.url());
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("Downloading " + mirror.url() + "mnist/train-images-idx3-ubyte.gz (50.0 kB) ...")
                    .contains("failed: Downloading").contains("checksum mismatch for train-images-idx3-ubyte.gz")
                    .contains("the file was discarded").doesNotContain("\tat ");
        }
        assertThat(data.resolve("mnist")).doesNotExist();
        Cli.Result synth = Cli.run("data", "download", "synth");
        assertThat(synth.code()).isEqualTo(2);
        assertThat(synth.err()).contains("synth is generated on demand; there is nothing to download");
    }

    @Test
    void downloadProgressIsPlainLinesOffATerminalAndABarOnOne() {
        ByteArrayOutputStream plainBytes = new ByteArrayOutputStream();
        try (DownloadProgress plain = new DownloadProgress(new PrintStream(plainBytes, true, StandardCharsets.UTF_8), false)) {
            plain.started("Downloading http://x/mnist/a.gz", 1000);
            for (long done = 100; done <= 1000; done += 100) {
                plain.progressed("Downloading http://x/mnist/a.gz", done, 1000);
            }
            plain.finished("Downloading http://x/mnist/a.gz", true);
        }
        assertThat(plainBytes.toString(StandardCharsets.UTF_8)).startsWith("Downloading http://x/mnist/a.gz (1.0 kB) ...\n")
                .contains(" 50% 0.5 kB of 1.0 kB").endsWith("  done: Downloading http://x/mnist/a.gz\n");

        ByteArrayOutputStream barBytes = new ByteArrayOutputStream();
        try (DownloadProgress bar = new DownloadProgress(new PrintStream(barBytes, true, StandardCharsets.UTF_8), true)) {
            bar.started("Downloading http://x/mnist/a.gz", 3_000_000);
            bar.progressed("Downloading http://x/mnist/a.gz", 3_000_000, 3_000_000);
            bar.finished("Downloading http://x/mnist/a.gz", true);
        }
        assertThat(barBytes.toString(StandardCharsets.UTF_8)).startsWith("Downloading http://x/mnist/a.gz\n")
                .contains("\ra.gz 100%").contains("3/3 MB");
    }

    @Test
    void withoutASubcommandItShowsItsHelp() {
        Cli.Result r = Cli.run("data");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: nabla data").contains("list").contains("verify").contains("download");
    }
}
