package dev.nabla.lab;

import dev.nabla.nn.models.ConvNetSpec;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Turns a configuration's model options into a model spec that fits the data. */
public final class RunModel {
    private RunModel() {}

    /**
     * The spec for {@code model = mlp | cnn | FILE}, sized to the data.
     *
     * @throws IllegalArgumentException when the options are invalid or a spec file does not fit the data
     *     (naming the sizes and the dataset)
     */
    public static Record spec(RunConfig c, int[] sampleShape, int classes, String dataset) {
        return switch (c.model()) {
            case "mlp" -> mlp(c, Shape.numel(sampleShape), classes);
            case "cnn" -> {
                if (sampleShape.length != 3) {
                    throw new IllegalArgumentException("model cnn needs image data [C, H, W], but " + dataset
                            + " has samples of shape " + Shape.str(sampleShape) + ": use --model mlp");
                }
                yield ConvNetSpec.seedDefault(sampleShape[0], sampleShape[1], sampleShape[2], classes);
            }
            default -> fromFile(Path.of(c.model()), sampleShape, classes, dataset);
        };
    }

    /** The shape of a batch of {@code n} inputs the model takes: [N, D_in] rows for an MLP, [N, C, H, W] else. */
    public static int[] batchShape(Record spec, int n) {
        if (spec instanceof MlpSpec m) {
            return new int[] {n, m.inputSize()};
        }
        List<Integer> s = ((ConvNetSpec) spec).inputShape();
        return new int[] {n, s.get(0), s.get(1), s.get(2)};
    }

    /** The number of classes the model predicts. */
    public static int classes(Record spec) {
        return spec instanceof MlpSpec m ? m.outputSize() : ((ConvNetSpec) spec).numClasses();
    }

    private static MlpSpec mlp(RunConfig c, int inputs, int classes) {
        MlpSpec.Activation activation = parse(MlpSpec.Activation.class, "activation", c.activation());
        MlpSpec.InitScheme init = parse(MlpSpec.InitScheme.class, "init", c.init());
        return new MlpSpec(inputs, c.hidden(), activation, c.batchnorm(), c.dropout(), classes, init, c.initStd());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("invalid value for '" + key + "': '" + value + "' (expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ")");
    }

    private static Record fromFile(Path file, int[] sampleShape, int classes, String dataset) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--model must be mlp, cnn or a JSON spec file; '" + file
                    + "' is neither (no such file)");
        }
        Record spec;
        try {
            spec = ModelSpec.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model spec " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        String data = dataset + " (samples " + Shape.str(sampleShape) + ", " + classes + " classes)";
        if (spec instanceof MlpSpec m) {
            if (m.inputSize() != Shape.numel(sampleShape) || m.outputSize() != classes) {
                throw new IllegalArgumentException("the MLP in " + file + " takes " + m.inputSize() + " inputs and gives "
                        + m.outputSize() + " outputs, but " + data + " needs " + Shape.numel(sampleShape) + " and "
                        + classes + " — is the spec written for another dataset?");
            }
        } else if (spec instanceof ConvNetSpec cs) {
            List<Integer> want = Arrays.stream(sampleShape).boxed().toList();
            if (!cs.inputShape().equals(want) || cs.numClasses() != classes) {
                throw new IllegalArgumentException("the CNN in " + file + " takes input " + cs.inputShape() + " and gives "
                        + cs.numClasses() + " classes, but " + data + " needs " + want + " and " + classes);
            }
        }
        return spec;
    }
}
