package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.data.registry.Datasets;
import dev.nabla.data.registry.DatasetStatus;
import dev.nabla.data.registry.FileCheck;
import dev.nabla.data.registry.LoadOptions;
import dev.nabla.data.registry.ProgressListener;
import dev.nabla.data.registry.VerifyReport;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST from Debian's dataset-fashion-mnist (installed by CI). The expected pixel sums
 * were computed once with NumPy from the same files.
 */
class FashionMnistTest {
    private static final Path SYSTEM = Path.of("/usr/share/datasets");
    private static Datasets datasets;
    private static TrainTest data;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isRegularFile(SYSTEM.resolve("fashion-mnist/train-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed");
        datasets = Datasets.builder().environment(Map.of()).home(null).systemDataDir(SYSTEM).download(false)
                .progress(ProgressListener.silent()).build();
        data = datasets.load("fashion-mnist", LoadOptions.defaults());
    }

    @Test
    void countsAndClassBalance() {
        assertThat(data.train().size()).isEqualTo(60_000);
        assertThat(data.test().size()).isEqualTo(10_000);
        assertThat(data.train().classCounts()).containsOnly(6000);
        assertThat(data.test().classCounts()).containsOnly(1000);
        assertThat(data.train().sampleShape()).containsExactly(1, 28, 28);
        assertThat(data.train().classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void knownPixelSumsAndLabels() {
        ImageDataset train = (ImageDataset) data.train();
        ImageDataset test = (ImageDataset) data.test();
        assertThat(train.pixelSum(0)).isEqualTo(76_247);
        assertThat(train.label(0)).isEqualTo(9);
        assertThat(train.pixel(0, 0, 14, 14)).isEqualTo(217);
        assertThat(train.pixelSum(1)).isEqualTo(84_598);
        assertThat(train.label(1)).isZero();
        assertThat(train.pixelSum(59_999)).isEqualTo(16_684);
        assertThat(train.label(59_999)).isEqualTo(5);
        assertThat(test.pixelSum(0)).isEqualTo(33_456);
        assertThat(test.pixelSum(9_999)).isEqualTo(24_390);
        assertThat(test.label(9_999)).isEqualTo(5);
    }

    @Test
    void debianFilesMatchThePublishedContent() {
        VerifyReport report = datasets.verify("fashion-mnist");
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.checks()).hasSize(4).allMatch(c -> c.status() == FileCheck.Status.SAME_CONTENT
                || c.status() == FileCheck.Status.OFFICIAL);
        assertThat(datasets.list()).filteredOn(s -> s.name().equals("fashion-mnist"))
                .singleElement().extracting(DatasetStatus::state).isEqualTo(DatasetStatus.State.READY);
    }

    @Test
    void trainingStatisticsAsPublished() {
        Standardize s = Standardize.fit(data.train(), new ScaleToUnit());
        assertThat(s.mean()[0]).isCloseTo(0.2860406, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.std()[0]).isCloseTo(0.3530242, org.assertj.core.data.Offset.offset(1e-6));
    }
}
