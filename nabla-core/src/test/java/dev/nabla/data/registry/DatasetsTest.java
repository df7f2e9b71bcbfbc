package dev.nabla.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.ImageDataset;
import dev.nabla.data.InvalidDataException;
import dev.nabla.data.TestFiles;
import dev.nabla.data.TrainTest;
import dev.nabla.data.registry.DatasetStatus.State;
import dev.nabla.data.registry.FileCheck.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup order, list/info/verify and load through the registry, on files the tests write; nothing is downloaded. */
class DatasetsTest {
    private static final URI OFFICIAL = URI.create("http://127.0.0.1:9/official/");

    @TempDir
    Path tmp;

    private Datasets datasets(Catalog catalog, Path explicit, Path env) {
        return Datasets.builder().catalog(catalog).dataDir(explicit)
                .environment(env == null ? Map.of() : Map.of("NABLA_DATA", env.toString()))
                .home(tmp.resolve("home")).systemDataDir(tmp.resolve("system")).download(false)
                .progress(ProgressListener.silent()).build();
    }

    private static Catalog tiny(boolean contentChecksums) {
        return Catalog.of(List.of(TinyDatasets.idxSpec("tiny", OFFICIAL, contentChecksums)));
    }

    @Test
    void lookupOrderExplicitThenEnvThenHomeThenSystem() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path env = tmp.resolve("env");
        Path[] folders = {explicit.resolve("tiny"), explicit, env.resolve("tiny"), tmp.resolve("home/.nabla/data/tiny"),
            tmp.resolve("system/tiny")};
        for (Path f : folders) {
            TinyDatasets.writeIdx(f, TinyDatasets.idxPublished());
        }
        Datasets d = datasets(tiny(true), explicit, env);
        assertThat(d.searchPaths("tiny")).containsExactly(folders);
        for (Path f : folders) {
            assertThat(d.locate("tiny").folder()).isEqualTo(f);
            try (var files = Files.list(f)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(p);
                }
            }
        }
        assertThat(d.locate("tiny")).isNull();
    }

    @Test
    void recompressedAndUnpackedFilesMatchByContent() throws IOException {
        Path system = tmp.resolve("system/tiny");
        Map<String, byte[]> raw = TinyDatasets.idxRaw();
        // Like Debian's package: gzip without the original header, so not byte-identical to the published file.
        for (var e : raw.entrySet()) {
            byte[] gz = TestFiles.gzip(e.getValue());
            gz[4] = 0x11;
            Files.createDirectories(system);
            Files.write(system.resolve(e.getKey() + ".gz"), gz);
        }
        Files.delete(system.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.write(system.resolve("t10k-labels-idx1-ubyte"), raw.get("t10k-labels-idx1-ubyte"));
        Files.write(system.resolve("train-labels-idx1-ubyte.gz"), TinyDatasets.idxPublished().get("train-labels-idx1-ubyte.gz"));

        VerifyReport report = datasets(tiny(true), null, null).verify("tiny");
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.checks()).extracting(FileCheck::status).containsExactly(Status.SAME_CONTENT, Status.OFFICIAL,
                Status.SAME_CONTENT, Status.SAME_CONTENT);
        assertThat(report.trainCount()).isEqualTo(3);
        assertThat(report.testCount()).isEqualTo(2);

        VerifyReport unpublished = datasets(tiny(false), null, null).verify("tiny");
        assertThat(unpublished.checks()).extracting(FileCheck::status).containsExactly(Status.MISMATCH, Status.OFFICIAL,
                Status.MISMATCH, Status.NOT_PUBLISHED);
        assertThat(unpublished.ok()).isFalse();
    }

    @Test
    void mismatchIsRefusedOnLoadAndReportedByListAndVerify() throws IOException {
        Path folder = tmp.resolve("home/.nabla/data/tiny");
        TinyDatasets.writeIdx(folder, TinyDatasets.idxPublished());
        Datasets d = datasets(tiny(true), null, null);
        assertThat(d.load("tiny").train().labels()).containsExactly(2, 0, 1);
        assertThat(d.list()).singleElement().extracting(DatasetStatus::state).isEqualTo(State.READY);

        // Another valid IDX label file with different labels: it parses, only the checksum can tell.
        Path labels = folder.resolve("train-labels-idx1-ubyte.gz");
        Files.write(labels, TestFiles.gzip(TestFiles.idxLabels(1, 1, 1)));
        assertThatThrownBy(() -> d.load("tiny")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(labels + ": checksum mismatch: expected SHA-256 "
                        + TinyDatasets.sha256(TinyDatasets.idxPublished().get("train-labels-idx1-ubyte.gz")))
                .hasMessageContaining("found " + TinyDatasets.sha256(Files.readAllBytes(labels)));
        assertThat(d.load("tiny", LoadOptions.defaults().withVerify(false)).train().labels()).containsExactly(1, 1, 1);
        DatasetStatus status = d.list().get(0);
        assertThat(status.state()).isEqualTo(State.INVALID);
        assertThat(status.detail()).contains("CHECKSUM MISMATCH");
        VerifyReport report = d.verify("tiny");
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("CHECKSUM MISMATCH").endsWith("FAILED");

        Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(new byte[] {0, 0, 8, 3, 0}));
        VerifyReport broken = d.verify("tiny");
        assertThat(broken.problem()).contains("t10k-images-idx3-ubyte.gz").contains("truncated");
        assertThat(broken.trainCount()).isEqualTo(-1);
    }

    @Test
    void fewerSamplesThanTheCatalogPromisesAreRefused() throws IOException {
        DatasetSpec tiny = TinyDatasets.idxSpec("tiny", OFFICIAL, true);
        DatasetSpec expectsFive = new DatasetSpec(tiny.name(), tiny.title(), tiny.kind(), tiny.baseUrls(), tiny.files(),
                tiny.members(), tiny.sampleShape(), 5, tiny.testCount(), tiny.classNames(), tiny.homepage(),
                tiny.debianPackage());
        Path folder = tmp.resolve("home/.nabla/data/tiny");
        TinyDatasets.writeIdx(folder, TinyDatasets.idxPublished());
        Datasets d = datasets(Catalog.of(List.of(expectsFive)), null, null);
        String expected = folder + ": the tiny training set has 3 samples, expected 5: a file is missing, truncated"
                + " or from another dataset";
        assertThatThrownBy(() -> d.load("tiny")).isInstanceOf(InvalidDataException.class).hasMessage(expected);
        VerifyReport report = d.verify("tiny");
        assertThat(report.problem()).isEqualTo(expected);
        assertThat(report.checks()).hasSize(4).allMatch(FileCheck::ok);
    }

    @Test
    void truncatedGzipNamesTheFileOnLoadAndIsAChecksumMismatchInTheList() throws IOException {
        Path folder = tmp.resolve("home/.nabla/data/tiny");
        TinyDatasets.writeIdx(folder, TinyDatasets.idxPublished());
        Path images = folder.resolve("t10k-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        Datasets d = datasets(tiny(true), null, null);
        assertThatThrownBy(() -> d.load("tiny")).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(images + ": truncated: the gzip stream ends early")
                .hasMessageContaining("after " + whole.length / 2 + " compressed bytes");
        DatasetStatus status = d.list().get(0);
        assertThat(status.state()).isEqualTo(State.INVALID);
        assertThat(status.detail()).isEqualTo(images + ": CHECKSUM MISMATCH: expected SHA-256 "
                + TinyDatasets.sha256(whole) + ", found " + TinyDatasets.sha256(Arrays.copyOf(whole, whole.length / 2)));
    }

    @Test
    void listShowsIncompleteAndMissing() throws IOException {
        Path folder = tmp.resolve("system/tiny");
        TinyDatasets.writeIdx(folder, TinyDatasets.idxPublished());
        Files.delete(folder.resolve("t10k-images-idx3-ubyte.gz"));
        Catalog catalog = tiny(true).with(TinyDatasets.idxSpec("other", OFFICIAL, true));
        List<DatasetStatus> list = datasets(catalog, null, null).list();
        assertThat(list).extracting(DatasetStatus::state).containsExactly(State.INCOMPLETE, State.NOT_FOUND);
        assertThat(list.get(0).detail()).contains(folder + " lacks t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte)");
        assertThatThrownBy(() -> datasets(catalog, null, null).load("tiny"))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining(folder + " (system): incomplete, lacks t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("Downloading is turned off");
    }

    @Test
    void cifarThroughTheRegistryFromArchiveAndFromExtractedFolder() throws IOException {
        byte[] archive = TinyDatasets.cifarArchive(tmp);
        Catalog catalog = Catalog.of(List.of(TinyDatasets.cifarSpec("c10", archive)));
        Path folder = tmp.resolve("home/.nabla/data/c10");
        Files.createDirectories(folder);
        Files.write(folder.resolve("cifar-10-binary.tar.gz"), archive);
        Datasets d = datasets(catalog, null, null);
        assertThat(d.locate("c10").layout()).isEqualTo(Location.Layout.ARCHIVE);
        TrainTest fromArchive = d.load("c10");
        assertThat(fromArchive.train().labels()).containsExactly(0, 1, 2, 3, 4);
        assertThat(d.verify("c10").checks()).singleElement().extracting(FileCheck::status).isEqualTo(Status.OFFICIAL);

        TinyDatasets.writeIdx(folder.resolve("cifar-10-batches-bin"), TinyDatasets.cifarMembers());
        assertThat(d.locate("c10").layout()).isEqualTo(Location.Layout.EXTRACTED);
        TrainTest extracted = d.load("c10");
        assertThat(extracted.test().labels()).containsExactly(9, 8);
        assertThat(((ImageDataset) extracted.test()).pixelSum(1)).isEqualTo(((ImageDataset) fromArchive.test()).pixelSum(1));
        assertThat(d.verify("c10").checks()).hasSize(6).allMatch(c -> c.status() == Status.OFFICIAL);
    }

    @Test
    void standardCatalogMessageOffline() {
        Datasets d = datasets(Catalog.standard(), tmp.resolve("data"), null);
        assertThatThrownBy(() -> d.load("fashion-mnist")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz")
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
                .hasMessageContaining(tmp.resolve("data/fashion-mnist") + " (--data): no such folder");
        assertThatThrownBy(() -> d.load("cifar10")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
                .hasMessageContaining("cifar-10-batches-bin/ folder is read too")
                .hasMessageNotContaining("apt-get");
        assertThatThrownBy(() -> d.load("mnist")).hasMessageContaining("The same files are also at:"
                + " https://ossci-datasets.s3.amazonaws.com/mnist/ http://yann.lecun.com/exdb/mnist/");
        assertThatThrownBy(() -> d.load("imagenet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown dataset 'imagenet'").hasMessageContaining("mnist, fashion-mnist, kmnist");
    }

    @Test
    void infoAndSynth() {
        Datasets d = datasets(Catalog.standard(), null, null);
        DatasetInfo info = d.info("cifar100");
        assertThat(info.spec().classNames()).hasSize(100);
        assertThat(info.location()).isNull();
        assertThat(info.toString()).contains("50000 train, 10000 test").contains("[3, 32, 32]")
                .contains("58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec");
        TrainTest synth = d.load("synth", LoadOptions.defaults().withSynth(100, 40, 5));
        assertThat(synth.train().size()).isEqualTo(100);
        assertThat(synth.test().size()).isEqualTo(40);
        assertThat(d.list()).filteredOn(s -> s.name().equals("synth")).singleElement()
                .extracting(DatasetStatus::state).isEqualTo(State.GENERATED);
        assertThatThrownBy(() -> d.load("mnist", LoadOptions.defaults().withCoarseLabels(true)))
                .hasMessageContaining("Coarse labels exist only for cifar100");
    }
}
