package dev.nabla.cli;

import dev.nabla.data.format.IdxFormat;
import dev.nabla.data.format.ImageFormat;
import dev.nabla.lab.RunFolder;
import dev.nabla.lab.TrainedModel;
import dev.nabla.lab.TrainedModel.Prediction;
import dev.nabla.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code nabla predict}: the most probable classes of images, by a trained run's model. */
@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Show the most probable classes, with their probabilities, that a run's model gives each input.",
            "",
            "Inputs are image files (PNG, JPEG, BMP, GIF) or IDX image files of the MNIST family (.gz or raw)."
                    + " An image that does not match the model's samples is made to fit and the change is"
                    + " reported: colour to gray or gray to colour, and a resize (stretching it if the aspect ratio"
                    + " differs). Then the run's own preprocessing (config.json) is applied.",
            ""},
        footer = {"", "Examples:",
            "  nabla predict --run runs/mlp shoe.png shirt.jpg",
            "  nabla predict --run runs/mlp --top 5 --limit 20 t10k-images-idx3-ubyte.gz",
            "  nabla predict --run runs/mlp --index 42 --json t10k-images-idx3-ubyte.gz"})
final class PredictCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();

    @ParentCommand
    Main main;

    @Mixin
    RunDirOption run;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images or IDX image files.")
    List<Path> files;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "How many classes to show per input.")
    int top;

    @Option(names = "--index", paramLabel = "I", description = "Of an IDX file, only image I (counting from 0).")
    Integer index;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "Of an IDX file, the first N images.")
    int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** One sample to classify: where it comes from, its raw pixels, what was done to make it fit. */
    private record Input(Path file, Integer row, float[] pixels, List<String> changes) {
        String label() {
            return file + (row == null ? "" : "[" + row + "]");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (top <= 0) {
            throw new UsageException("--top must be at least 1, got " + top);
        }
        if (limit <= 0) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        RunFolder folder = run.open();
        TrainedModel model = folder.loadModel();
        int[] shape = model.sampleShape();
        if (shape.length != 3) {
            throw new UsageException("the model of " + folder.dir() + " takes feature rows of " + Shape.str(shape) + " ("
                    + folder.dataset() + "), not images: predict reads image files and IDX image files");
        }
        List<Input> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.addAll(read(file, shape));
        }
        float[] raw = new float[inputs.size() * Shape.numel(shape)];
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i).pixels(), 0, raw, i * Shape.numel(shape), Shape.numel(shape));
        }
        List<List<Prediction>> predictions = model.predict(raw, inputs.size(), Math.min(top, model.numClasses()));
        if (json) {
            printJson(folder, inputs, predictions);
        } else {
            printTable(inputs, predictions);
        }
        return 0;
    }

    private List<Input> read(Path file, int[] shape) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        int magic = IdxFormat.magic(file);
        if (magic == IdxFormat.LABELS_MAGIC) {
            throw new UsageException(file + " is an IDX label file: give the image file (…-images-idx3-ubyte)");
        }
        if (magic != IdxFormat.IMAGES_MAGIC) {
            if (index != null) {
                throw new UsageException("--index applies to IDX image files, and " + file + " is a single image");
            }
            ImageFormat.Fitted f = ImageFormat.read(file, shape);
            note(file.toString(), f.changes());
            return List.of(new Input(file, null, f.pixels(), f.changes()));
        }
        IdxFormat.Images images = IdxFormat.readImages(file);
        int from = 0;
        int to = Math.min(limit, images.count());
        if (index != null) {
            if (index < 0 || index >= images.count()) {
                throw new UsageException("--index " + index + " is out of range: " + file + " holds " + images.count()
                        + " images (0 to " + (images.count() - 1) + ")");
            }
            from = index;
            to = index + 1;
        }
        int size = images.rows() * images.cols();
        int[] idxShape = {1, images.rows(), images.cols()};
        List<Input> out = new ArrayList<>();
        for (int row = from; row < to; row++) {
            float[] pixels = new float[size];
            for (int p = 0; p < size; p++) {
                pixels[p] = images.pixels()[row * size + p] & 0xFF;
            }
            ImageFormat.Fitted f = ImageFormat.fit(pixels, idxShape, shape);
            out.add(new Input(file, row, f.pixels(), f.changes()));
        }
        note(file + " (" + (to - from) + " of " + images.count() + " images)", out.get(0).changes());
        return out;
    }

    private void note(String what, List<String> changes) {
        if (!changes.isEmpty()) {
            main.err.println("note: " + what + ": " + String.join("; ", changes));
        }
    }

    private void printTable(List<Input> inputs, List<List<Prediction>> predictions) {
        int inputWidth = Math.max(5, inputs.stream().mapToInt(in -> in.label().length()).max().orElse(5));
        List<List<String>> cells = new ArrayList<>();
        int cellWidth = 3;
        for (List<Prediction> p : predictions) {
            List<String> row = new ArrayList<>();
            for (Prediction q : p) {
                String cell = String.format(Locale.ROOT, "%s %5.1f%%", q.className(), 100 * q.probability());
                row.add(cell);
                cellWidth = Math.max(cellWidth, cell.length());
            }
            cells.add(row);
        }
        StringBuilder header = new StringBuilder(String.format("%-" + inputWidth + "s", "input"));
        for (int k = 1; k <= predictions.get(0).size(); k++) {
            header.append("  ").append(String.format("%-" + cellWidth + "s", ordinal(k)));
        }
        main.out.println(header.toString().stripTrailing());
        for (int i = 0; i < inputs.size(); i++) {
            StringBuilder line = new StringBuilder(String.format("%-" + inputWidth + "s", inputs.get(i).label()));
            for (String cell : cells.get(i)) {
                line.append("  ").append(String.format("%-" + cellWidth + "s", cell));
            }
            main.out.println(line.toString().stripTrailing());
        }
    }

    private static String ordinal(int k) {
        return k + (k % 100 >= 11 && k % 100 <= 13 ? "th" : switch (k % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private void printJson(RunFolder folder, List<Input> inputs, List<List<Prediction>> predictions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", folder.dir().toString());
        ArrayNode all = root.putArray("predictions");
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            ObjectNode o = all.addObject();
            o.put("input", in.file().toString());
            if (in.row() != null) {
                o.put("index", in.row());
            }
            ArrayNode topK = o.putArray("top");
            for (Prediction p : predictions.get(i)) {
                topK.addObject().put("class", p.classIndex()).put("name", p.className())
                        .put("probability", p.probability());
            }
            ArrayNode changes = o.putArray("changes");
            in.changes().forEach(changes::add);
        }
        main.out.println(JSON.writeValueAsString(root));
    }
}
