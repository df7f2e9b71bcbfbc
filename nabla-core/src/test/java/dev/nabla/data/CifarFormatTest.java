package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.format.CifarFormat;
import dev.nabla.data.format.CifarFormat.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFormatTest {
    @TempDir
    Path dir;

    /** CIFAR-10 files of 2 records each (test: 3); image k of the whole set has label k mod 10. */
    private Map<String, byte[]> cifar10Files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int image = 0;
        for (String f : Variant.CIFAR10.trainFiles()) {
            files.put(f, TestFiles.cifarRecords(new int[][] {{image % 10}, {(image + 1) % 10}}, image));
            image += 2;
        }
        files.put("test_batch.bin", TestFiles.cifarRecords(new int[][] {{7}, {8}, {9}}, 100));
        return files;
    }

    /** CIFAR-100: train 3 records, test 2; label bytes are (coarse, fine). */
    private Map<String, byte[]> cifar100Files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train.bin", TestFiles.cifarRecords(new int[][] {{4, 30}, {19, 99}, {0, 1}}, 0));
        files.put("test.bin", TestFiles.cifarRecords(new int[][] {{7, 55}, {12, 0}}, 50));
        return files;
    }

    private void writeFolder(Path folder, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(folder.resolve(e.getKey()), e.getValue());
        }
    }

    private Path writeArchive(String name, String inner, Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(inner + "/batches.meta.txt", "airplane\n".getBytes());
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            entries.put(inner + "/" + e.getKey(), e.getValue());
        }
        Path archive = dir.resolve(name);
        TestFiles.tarGz(archive, entries);
        return archive;
    }

    private static void assertCifar10(TrainTest data) {
        Dataset train = data.train();
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.sampleShape()).containsExactly(3, 32, 32);
        assertThat(train.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        ImageDataset im = (ImageDataset) train;
        // Image 6 (data_batch_4.bin, record 0): channel 2, row 5, column 9.
        assertThat(im.pixel(6, 2, 5, 9)).isEqualTo((31 * 6 + 53 * 2 + 7 * 5 + 9) & 0xFF);
        assertThat(data.test().labels()).containsExactly(7, 8, 9);
        assertThat(((ImageDataset) data.test()).pixel(1, 0, 0, 0)).isEqualTo((31 * 101) & 0xFF);
        assertThat(train.classNames()).hasSize(10).startsWith("airplane", "automobile");
    }

    @Test
    void cifar10FromExtractedFolder() throws IOException {
        writeFolder(dir.resolve("cifar-10-batches-bin"), cifar10Files());
        assertCifar10(CifarFormat.readFolder(dir, Variant.CIFAR10, false));
        assertCifar10(CifarFormat.readFolder(dir.resolve("cifar-10-batches-bin"), Variant.CIFAR10, false));
    }

    @Test
    void cifar10FromOfficialArchive() throws IOException {
        Path archive = writeArchive("cifar-10-binary.tar.gz", "cifar-10-batches-bin", cifar10Files());
        assertCifar10(CifarFormat.readArchive(archive, Variant.CIFAR10, false));
    }

    @Test
    void cifar100FineLabelsByDefaultCoarseOnRequest() throws IOException {
        writeFolder(dir.resolve("cifar-100-binary"), cifar100Files());
        Path archive = writeArchive("cifar-100-binary.tar.gz", "cifar-100-binary", cifar100Files());
        for (TrainTest fine : new TrainTest[] {CifarFormat.readFolder(dir, Variant.CIFAR100, false),
                CifarFormat.readArchive(archive, Variant.CIFAR100, false)}) {
            assertThat(fine.train().labels()).containsExactly(30, 99, 1);
            assertThat(fine.test().labels()).containsExactly(55, 0);
            assertThat(fine.train().numClasses()).isEqualTo(100);
            assertThat(fine.train().classNames().get(99)).isEqualTo("worm");
            assertThat(((ImageDataset) fine.test()).pixel(0, 1, 2, 3)).isEqualTo((31 * 50 + 53 + 14 + 3) & 0xFF);
        }
        TrainTest coarse = CifarFormat.readArchive(archive, Variant.CIFAR100, true);
        assertThat(coarse.train().labels()).containsExactly(4, 19, 0);
        assertThat(coarse.test().labels()).containsExactly(7, 12);
        assertThat(coarse.train().classNames()).hasSize(20).endsWith("vehicles_2");
    }

    @Test
    void wrongRecordSizeSuggestsTheOtherVariant() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.put("test_batch.bin", TestFiles.cifarRecords(new int[][] {{1, 2}, {3, 4}}, 0));
        writeFolder(dir, files);
        assertThatThrownBy(() -> CifarFormat.readFolder(dir, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("test_batch.bin")
                .hasMessageContaining("wrong record size: 6148 bytes is not a whole number of 3073-byte cifar-10 records")
                .hasMessageContaining("is this cifar-100 data?");
    }

    @Test
    void truncatedFileIsWrongRecordSize() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.put("data_batch_3.bin", Arrays.copyOf(files.get("data_batch_3.bin"), 5000));
        Path archive = writeArchive("c.tar.gz", "cifar-10-batches-bin", files);
        assertThatThrownBy(() -> CifarFormat.readArchive(archive, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(archive + "!cifar-10-batches-bin/data_batch_3.bin")
                .hasMessageContaining("1 records and 1927 bytes left over");
    }

    @Test
    void truncatedArchiveNamesTheFileAndSaysTruncated() throws IOException {
        Path archive = writeArchive("cifar-10-binary.tar.gz", "cifar-10-batches-bin", cifar10Files());
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> CifarFormat.readArchive(archive, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(archive + ": truncated: the gzip stream ends early")
                .hasMessageContaining("found the end of the file after " + whole.length / 2 + " compressed bytes");

        Files.write(archive, Arrays.copyOf(whole, 5));
        assertThatThrownBy(() -> CifarFormat.readArchive(archive, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(archive + ": truncated: the file ends inside the gzip header");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Map<String, byte[]> files = cifar100Files();
        files.put("test.bin", TestFiles.cifarRecords(new int[][] {{3, 5}, {20, 5}}, 0));
        writeFolder(dir, files);
        assertThat(CifarFormat.readFolder(dir, Variant.CIFAR100, false).test().labels()).containsExactly(5, 5);
        assertThatThrownBy(() -> CifarFormat.readFolder(dir, Variant.CIFAR100, true))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("test.bin")
                .hasMessageContaining("label of sample 1 is 20, expected a class in [0, 20)");
    }

    @Test
    void archiveWithoutTheOfficialPaths() throws IOException {
        Path archive = writeArchive("c.tar.gz", "somewhere-else", cifar10Files());
        assertThatThrownBy(() -> CifarFormat.readArchive(archive, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("lacks cifar-10-batches-bin/data_batch_1.bin")
                .hasMessageContaining("it holds somewhere-else/batches.meta.txt");
    }

    @Test
    void notAnArchive() throws IOException {
        Path f = Files.write(dir.resolve("cifar-10-binary.tar.gz"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> CifarFormat.readArchive(f, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining(f + ": not a gzip-compressed tar");
    }

    @Test
    void missingFileInFolder() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.remove("data_batch_2.bin");
        writeFolder(dir, files);
        assertThatThrownBy(() -> CifarFormat.readFolder(dir, Variant.CIFAR10, false))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("missing cifar-10 file data_batch_2.bin");
    }
}
