package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla data} as a user runs it: the real jar in its own JVM, with CI set (plain progress lines). */
class DataIT {
    @TempDir
    Path dir;

    @Test
    void listVerifyAndAFailedDownload() throws Exception {
        DataCommandTest.fakeMnist(dir.resolve("data"));
        Cli.Result list = NablaProcess.run(dir, "data", "list", "--data", "data");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("mnist +invalid +data/mnist").containsPattern("synth +generated");

        Cli.Result verify = NablaProcess.run(dir, "data", "verify", "mnist", "--data", "data");
        assertThat(verify.code()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("CHECKSUM MISMATCH").endsWith("FAILED\n");

        try (LocalMirror mirror = new LocalMirror(200_000)) {
            Cli.Result download = NablaProcess.run(dir, Map.of("NABLA_DATA_MIRROR", mirror.url()),
                    "data", "download", "kmnist", "--data", "downloads");
            assertThat(download.code()).as(download.toString()).isEqualTo(2);
            assertThat(download.err()).contains("Downloading " + mirror.url() + "kmnist/train-images-idx3-ubyte.gz (200.0 kB) ...")
                    .containsPattern("\\d+% [\\d.]+ kB of 200.0 kB").contains("checksum mismatch").doesNotContain("\tat ");
        }
        assertThat(dir.resolve("downloads/kmnist")).doesNotExist();
    }

    @Test
    void aValidCopyIsNotDownloadedAgain() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        Cli.Result r = NablaProcess.run(dir, Map.of("NABLA_DATA_MIRROR", "http://127.0.0.1:1/"),
                "data", "download", "fashion-mnist");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("fashion-mnist is already present and valid in /usr/share/datasets/fashion-mnist");
        assertThat(r.out()).contains("fashion-mnist is ready in /usr/share/datasets/fashion-mnist");
    }
}
