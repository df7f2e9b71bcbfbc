package dev.nabla.lab;

import dev.nabla.data.TestFiles;
import dev.nabla.data.registry.Datasets;
import dev.nabla.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Small finished runs for tests of what uses run folders (eval, predict, plot, PyTorch interop): trained
 * in a second or two on synth or on a tiny IDX folder written here.
 */
public final class TestRuns {
    /** Side of the tiny images. */
    public static final int SIDE = 8;
    /** Classes of the tiny images: bright left half, bright right half, bright top half. */
    public static final int CLASSES = 3;

    private TestRuns() {}

    /** The runs most tests use, trained once per test class: on {@code data} (90 tiny images), and on synth. */
    public record Trained(Path data, Path mlp, Path cnn, Path synth) {}

    /** Writes the tiny IDX folder and trains an MLP and a ConvNet on it, and an MLP on synth, under {@code dir}. */
    public static Trained trainAll(Path dir) throws IOException {
        Path data = idxFolder(dir.resolve("tiny"), 90);
        return new Trained(data, mlpRun(dir.resolve("mlp"), data), cnnRun(dir.resolve("cnn"), data),
                synthRun(dir.resolve("synth")));
    }

    /**
     * A folder with the four IDX files (training images .gz, test images raw): {@code n} images of 8×8 in
     * each split, image i of class i mod 3, its class's half bright (about 200) and the rest dark (about
     * 30), with seeded noise.
     */
    public static Path idxFolder(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
        }
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(n, SIDE, SIDE,
                pixels(labels, new Rng(1)))));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(n, SIDE, SIDE, pixels(labels, new Rng(2))));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), TestFiles.idxLabels(labels));
        return dir;
    }

    /** One 8×8 image of class {@code label} (0 left, 1 right, 2 top half bright), as raw 0..255 bytes. */
    public static byte[] image(int label, Rng rng) {
        byte[] p = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean bright = switch (label) {
                    case 0 -> x < SIDE / 2;
                    case 1 -> x >= SIDE / 2;
                    default -> y < SIDE / 2;
                };
                p[y * SIDE + x] = (byte) ((bright ? 200 : 30) + rng.nextInt(41) - 20);
            }
        }
        return p;
    }

    private static byte[] pixels(int[] labels, Rng rng) {
        byte[] all = new byte[labels.length * SIDE * SIDE];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(image(labels[i], rng), 0, all, i * SIDE * SIDE, SIDE * SIDE);
        }
        return all;
    }

    /** A finished MLP run (2-16-2) on 1,000 synth points. */
    public static Path synthRun(Path dir) throws IOException {
        return train(dir, Map.of("dataset", "synth", "synth_train", 1000, "synth_test", 300, "hidden", "16",
                "optimizer", "adam", "lr", 0.01, "batch_size", 50, "max_steps", 100, "eval_every", 50));
    }

    /** A finished MLP run (64-16-3, ReLU, BatchNorm, dropout) on {@link #idxFolder}, standardised. */
    public static Path mlpRun(Path dir, Path data) throws IOException {
        return train(dir, Map.of("dataset", data.toAbsolutePath().toString(), "hidden", "16", "batchnorm", true,
                "dropout", 0.1, "init", "pytorch", "optimizer", "adam", "lr", 0.01, "batch_size", 20, "epochs", 4));
    }

    /** A finished two-stage ConvNet run (conv4-pool-conv8-pool-linear with BatchNorm) on {@link #idxFolder}. */
    public static Path cnnRun(Path dir, Path data) throws IOException {
        Path spec = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + "-cnn.json");
        Files.writeString(spec, "{\"type\": \"cnn\", \"input_shape\": [1, 8, 8], \"stages\": [[4], [8]],"
                + " \"num_classes\": 3}");
        return train(dir, Map.of("dataset", data.toAbsolutePath().toString(), "model", spec.toString(), "optimizer",
                "adam", "lr", 0.01, "batch_size", 20, "epochs", 4));
    }

    private static Path train(Path dir, Map<String, Object> options) throws IOException {
        RunConfig config = RunConfig.defaults().with(options).with(Map.of("name", dir.getFileName().toString()));
        Run.start(config, dir, Datasets.builder().download(false).build(), new Run.Listener() {});
        return dir;
    }
}
