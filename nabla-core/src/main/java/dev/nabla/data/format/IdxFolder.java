package dev.nabla.data.format;

import dev.nabla.data.InvalidDataException;
import dev.nabla.data.TrainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder holding the four standard IDX files of the MNIST family ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * {@code .gz} or raw): how a user trains on an MNIST-format dataset nabla does not know by name.
 */
public final class IdxFolder {
    static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    private IdxFolder() {}

    /** True when {@code dir} holds all four files. */
    public static boolean looksLikeOne(Path dir) {
        for (String f : FILES) {
            if (find(dir, f) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the train and test splits; the classes are named by their label ("0", "1", ...).
     *
     * @throws InvalidDataException naming the missing files, or the malformed one
     */
    public static TrainTest read(Path dir) {
        Path[] paths = paths(dir);
        int classes = classes(IdxFormat.readLabels(paths[1]), IdxFormat.readLabels(paths[3]));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return new TrainTest(IdxFormat.read(name + "/train", paths[0], paths[1], names),
                IdxFormat.read(name + "/test", paths[2], paths[3], names));
    }

    /** The shape of one sample, [1, rows, columns], from the training images' header alone. */
    public static int[] sampleShape(Path dir) {
        int[] dims = IdxFormat.readImageHeader(paths(dir)[0]);
        return new int[] {1, dims[1], dims[2]};
    }

    /** The number of classes: the largest label in either split, plus one (reads the label files only). */
    public static int classes(Path dir) {
        Path[] paths = paths(dir);
        return classes(IdxFormat.readLabels(paths[1]), IdxFormat.readLabels(paths[3]));
    }

    private static int classes(int[] trainLabels, int[] testLabels) {
        int classes = 1;
        for (int l : trainLabels) {
            classes = Math.max(classes, l + 1);
        }
        for (int l : testLabels) {
            classes = Math.max(classes, l + 1);
        }
        return classes;
    }

    /** The four files in {@link #FILES}' order; the message names every missing one. */
    private static Path[] paths(Path dir) {
        List<String> missing = new ArrayList<>();
        Path[] paths = new Path[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            paths[i] = find(dir, FILES[i]);
            if (paths[i] == null) {
                missing.add(FILES[i] + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidDataException(dir + " is not an IDX dataset folder: missing " + String.join(", ", missing));
        }
        return paths;
    }

    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
