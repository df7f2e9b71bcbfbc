package dev.nabla.data.format;

import dev.nabla.data.ImageDataset;
import dev.nabla.data.InvalidDataException;
import dev.nabla.data.Labels;
import dev.nabla.data.TrainTest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The binary versions of CIFAR-10 and CIFAR-100 (the {@code -binary.tar.gz} archives, not the Python
 * pickles), read from the extracted folder or straight from the archive.
 *
 * <p>A file is a sequence of fixed-size records. A CIFAR-10 record is 1 label byte, then 3072 pixel
 * bytes; a CIFAR-100 record is 1 coarse-label byte (20 superclasses), 1 fine-label byte (100 classes),
 * then 3072 pixel bytes. The pixels are the 1024 red, then 1024 green, then 1024 blue values of a
 * 32×32 image, each row-major: exactly the {@code [3, 32, 32]} layout of a sample.
 */
public final class CifarFormat {
    public static final int CHANNELS = 3;
    public static final int SIDE = 32;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;

    /** Which CIFAR: its record layout, its archive's folder and files, and its classes. */
    public enum Variant {
        CIFAR10("cifar-10", 1, "cifar-10-batches-bin",
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin"),
                List.of("test_batch.bin")),
        CIFAR100("cifar-100", 2, "cifar-100-binary", List.of("train.bin"), List.of("test.bin"));

        private final String title;
        private final int labelBytes;
        private final String folder;
        private final List<String> trainFiles;
        private final List<String> testFiles;

        Variant(String title, int labelBytes, String folder, List<String> trainFiles, List<String> testFiles) {
            this.title = title;
            this.labelBytes = labelBytes;
            this.folder = folder;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
        }

        /** Bytes per record: the label byte(s) and the image. */
        public int recordBytes() {
            return labelBytes + IMAGE_BYTES;
        }

        /** The folder the official archive unpacks to, e.g. {@code cifar-10-batches-bin}. */
        public String folder() {
            return folder;
        }

        /** The training files, in the order their records are concatenated. */
        public List<String> trainFiles() {
            return trainFiles;
        }

        public List<String> testFiles() {
            return testFiles;
        }

        /** Training then test files. */
        public List<String> allFiles() {
            List<String> all = new ArrayList<>(trainFiles);
            all.addAll(testFiles);
            return all;
        }

        /** The class names; for CIFAR-100 the 100 fine classes, or the 20 superclasses if {@code coarse}. */
        public List<String> classNames(boolean coarse) {
            if (this == CIFAR10) {
                return CIFAR10_CLASSES;
            }
            return coarse ? CIFAR100_COARSE : CIFAR100_FINE;
        }
    }

    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    public static final List<String> CIFAR100_COARSE = List.of("aquatic_mammals", "fish", "flowers",
            "food_containers", "fruit_and_vegetables", "household_electrical_devices", "household_furniture",
            "insects", "large_carnivores", "large_man-made_outdoor_things", "large_natural_outdoor_scenes",
            "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people", "reptiles",
            "small_mammals", "trees", "vehicles_1", "vehicles_2");

    public static final List<String> CIFAR100_FINE = List.of("apple", "aquarium_fish", "baby", "bear", "beaver",
            "bed", "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can",
            "castle", "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab",
            "crocodile", "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster",
            "house", "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man",
            "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter",
            "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum",
            "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk",
            "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table",
            "tank", "telephone", "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe",
            "whale", "willow_tree", "wolf", "woman", "worm");

    private CifarFormat() {}

    /** The records of one file: {@code labels.length} images in {@code pixels}, 3072 bytes each. */
    public record Records(byte[] pixels, int[] labels) {}

    /**
     * Reads one batch file of {@code size} bytes from {@code in}; {@code source} names it in messages.
     * For CIFAR-100, {@code coarse} picks the superclass label instead of the fine one.
     */
    public static Records readRecords(InputStream in, long size, String source, Variant variant, boolean coarse)
            throws IOException {
        int recordBytes = variant.recordBytes();
        if (size % recordBytes != 0) {
            throw new InvalidDataException(source + ": wrong record size: " + size + " bytes is not a whole number"
                    + " of " + recordBytes + "-byte " + variant.title + " records (" + size / recordBytes
                    + " records and " + size % recordBytes + " bytes left over)" + recordHint(size, variant));
        }
        long count = size / recordBytes;
        if (count * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException(source + ": " + count + " records are more than one array can hold");
        }
        byte[] pixels = new byte[(int) count * IMAGE_BYTES];
        int[] labels = new int[(int) count];
        byte[] record = new byte[recordBytes];
        int labelAt = variant == Variant.CIFAR100 && !coarse ? 1 : 0;
        for (int i = 0; i < count; i++) {
            int read = in.readNBytes(record, 0, recordBytes);
            if (read < recordBytes) {
                throw new InvalidDataException(source + ": truncated: expected " + count + " records of "
                        + recordBytes + " bytes, the data ends inside record " + i);
            }
            labels[i] = record[labelAt] & 0xFF;
            System.arraycopy(record, variant.labelBytes, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        Labels.requireInRange(labels, variant.classNames(coarse).size(), source);
        return new Records(pixels, labels);
    }

    private static String recordHint(long size, Variant variant) {
        Variant other = variant == Variant.CIFAR10 ? Variant.CIFAR100 : Variant.CIFAR10;
        if (size % other.recordBytes() == 0) {
            return ": its size fits " + other.title + " records of " + other.recordBytes() + " bytes; is this "
                    + other.title + " data?";
        }
        return "";
    }

    /**
     * Reads training and test sets from a folder that holds the batch files, or holds the archive's
     * folder ({@code cifar-10-batches-bin} or {@code cifar-100-binary}).
     */
    public static TrainTest readFolder(Path folder, Variant variant, boolean coarse) {
        Path dir = Files.isDirectory(folder.resolve(variant.folder)) ? folder.resolve(variant.folder) : folder;
        List<String> missing = variant.allFiles().stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new InvalidDataException(dir + ": missing " + variant.title + " file" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (expected " + String.join(", ", variant.allFiles()) + ")");
        }
        Map<String, Records> records = new HashMap<>();
        for (String file : variant.allFiles()) {
            Path path = dir.resolve(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
                records.put(file, readRecords(in, Files.size(path), path.toString(), variant, coarse));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return fromRecords(records, variant, coarse);
    }

    /** Reads training and test sets straight from the official {@code .tar.gz} archive. */
    public static TrainTest readArchive(Path archive, Variant variant, boolean coarse) {
        try (InputStream in = Files.newInputStream(archive)) {
            return readArchive(in, archive.toString(), variant, coarse);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + archive + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads training and test sets from the bytes of a {@code .tar.gz} archive, looking for the official
     * member paths such as {@code cifar-10-batches-bin/data_batch_1.bin}.
     *
     * @throws InvalidDataException if it is not a gzip-compressed tar, is truncated, or lacks a member
     */
    public static TrainTest readArchive(InputStream archive, String source, Variant variant, boolean coarse)
            throws IOException {
        Map<String, Records> records = new HashMap<>();
        List<String> seen = new ArrayList<>();
        InputStream gz;
        try {
            gz = GunzipStream.open(new BufferedInputStream(archive, 1 << 16), source);
        } catch (IOException e) {
            throw new InvalidDataException(source + ": not a gzip-compressed tar archive (" + e.getMessage() + ")", e);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(gz, 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                seen.add(name);
                for (String file : variant.allFiles()) {
                    if (name.equals(variant.folder + "/" + file) && entry.isFile()) {
                        records.put(file, readRecords(tar, entry.getSize(), source + "!" + name, variant, coarse));
                    }
                }
            }
        }
        List<String> missing = variant.allFiles().stream().filter(f -> !records.containsKey(f))
                .map(f -> variant.folder + "/" + f).toList();
        if (!missing.isEmpty()) {
            throw new InvalidDataException(source + ": the archive lacks " + String.join(", ", missing)
                    + "; it holds " + (seen.isEmpty() ? "no entries" : String.join(", ", seen))
                    + ". Is it the official " + variant.title + " binary archive?");
        }
        return fromRecords(records, variant, coarse);
    }

    /**
     * Training and test sets from the records of every file of {@code variant} (keyed by file name, e.g.
     * {@code data_batch_1.bin}), concatenated in the official order.
     */
    public static TrainTest fromRecords(Map<String, Records> records, Variant variant, boolean coarse) {
        String prefix = variant == Variant.CIFAR10 ? "cifar10" : "cifar100";
        return new TrainTest(concat(prefix + "/train", records, variant.trainFiles, variant, coarse),
                concat(prefix + "/test", records, variant.testFiles, variant, coarse));
    }

    private static ImageDataset concat(String name, Map<String, Records> records, List<String> files,
            Variant variant, boolean coarse) {
        List<Records> parts = files.stream().map(records::get).toList();
        Records all = parts.size() == 1 ? parts.get(0) : join(parts);
        return new ImageDataset(name, all.pixels(), all.labels(), CHANNELS, SIDE, SIDE, variant.classNames(coarse));
    }

    private static Records join(List<Records> parts) {
        int count = parts.stream().mapToInt(p -> p.labels().length).sum();
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        int at = 0;
        for (Records p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * IMAGE_BYTES, p.pixels().length);
            System.arraycopy(p.labels(), 0, labels, at, p.labels().length);
            at += p.labels().length;
        }
        return new Records(pixels, labels);
    }
}
