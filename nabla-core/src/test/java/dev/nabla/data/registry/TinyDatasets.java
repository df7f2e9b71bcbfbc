package dev.nabla.data.registry;

import dev.nabla.data.TestFiles;
import dev.nabla.data.format.CifarFormat.Variant;
import dev.nabla.data.registry.DatasetSpec.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small datasets in the exact published formats, with catalog entries carrying their real SHA-256s. */
final class TinyDatasets {
    static final List<String> CLASSES = List.of("zero", "one", "two");
    static final String[] IDX_NAMES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    private TinyDatasets() {}

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The unpacked IDX files: 3 training images of 2×3 (labels 2, 0, 1) and 2 test images (labels 1, 1). */
    static Map<String, byte[]> idxRaw() {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put(IDX_NAMES[0], TestFiles.idxImages(3, 2, 3, TestFiles.patternPixels(3, 1, 2, 3)));
        raw.put(IDX_NAMES[1], TestFiles.idxLabels(2, 0, 1));
        raw.put(IDX_NAMES[2], TestFiles.idxImages(2, 2, 3, TestFiles.patternPixels(2, 1, 2, 3)));
        raw.put(IDX_NAMES[3], TestFiles.idxLabels(1, 1));
        return raw;
    }

    /** The "published" .gz files, keyed by file name. */
    static Map<String, byte[]> idxPublished() {
        Map<String, byte[]> gz = new LinkedHashMap<>();
        idxRaw().forEach((name, data) -> gz.put(name + ".gz", TestFiles.gzip(data)));
        return gz;
    }

    static DatasetSpec idxSpec(String name, URI base, boolean withContentChecksums) {
        List<RemoteFile> files = new ArrayList<>();
        Map<String, byte[]> raw = idxRaw();
        idxPublished().forEach((file, data) -> files.add(new RemoteFile(file, sha256(data),
                withContentChecksums ? sha256(raw.get(file.substring(0, file.length() - 3))) : null, data.length)));
        return new DatasetSpec(name, "tiny IDX", Kind.IDX, List.of(base), files, List.of(), new int[] {1, 2, 3}, 3, 2,
                CLASSES, null, withContentChecksums ? "dataset-" + name : null);
    }

    static void writeIdx(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    /** CIFAR-10 batch files of one record each (test: two). */
    static Map<String, byte[]> cifarMembers() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        int image = 0;
        for (String f : Variant.CIFAR10.trainFiles()) {
            m.put(f, TestFiles.cifarRecords(new int[][] {{image}}, image));
            image++;
        }
        m.put("test_batch.bin", TestFiles.cifarRecords(new int[][] {{9}, {8}}, 10));
        return m;
    }

    static byte[] cifarArchive(Path scratch) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        cifarMembers().forEach((f, data) -> entries.put("cifar-10-batches-bin/" + f, data));
        Path archive = scratch.resolve("archive.tar.gz");
        TestFiles.tarGz(archive, entries);
        byte[] bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        return bytes;
    }

    static DatasetSpec cifarSpec(String name, byte[] archive) {
        List<RemoteFile> members = new ArrayList<>();
        cifarMembers().forEach((f, data) -> members.add(new RemoteFile(f, sha256(data), null, data.length)));
        return new DatasetSpec(name, "tiny CIFAR-10", Kind.CIFAR10, List.of(URI.create("http://127.0.0.1:9/")),
                List.of(new RemoteFile("cifar-10-binary.tar.gz", sha256(archive), null, archive.length)), members,
                new int[] {3, 32, 32}, 5, 2, dev.nabla.data.format.CifarFormat.CIFAR10_CLASSES, null, null);
    }
}
