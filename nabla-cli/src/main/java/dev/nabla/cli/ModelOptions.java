package dev.nabla.cli;

import dev.nabla.data.registry.Datasets;
import dev.nabla.lab.DataShape;
import dev.nabla.lab.Recipes;
import dev.nabla.lab.RunConfig;
import dev.nabla.lab.RunModel;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that define a model as {@code train} reads them, shared by {@code explain} and {@code gradcheck}
 * (a picocli mixin). Each field is named after its run-configuration key, so the flags layer over the defaults
 * and a {@code --recipe} exactly as in {@code train}. The input shape comes from {@code --dataset} without
 * loading it, or from {@code --input} and {@code --classes}.
 */
final class ModelOptions {
    /** Options that are not run-configuration keys. */
    private static final Set<String> NOT_CONFIG = Set.of("recipe", "input", "classes");

    @Option(names = "--recipe", paramLabel = "NAME|FILE", description = "Start from a recipe (see recipes/).",
            completionCandidates = TrainCommand.RecipeNames.class)
    String recipe;

    @Mixin
    ModelFlags modelFlags;

    @Option(names = "--dataset", paramLabel = "NAME|DIR",
            description = "Gives the input shape and classes (not loaded): fashion-mnist, mnist, kmnist, cifar10, cifar100,"
                    + " synth, or a folder with the four IDX files.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Look for dataset folders in DIR first.")
    String data;

    @Option(names = "--input", paramLabel = "CxHxW|D", description = "Input shape of one sample instead of a --dataset, e.g. 3x32x32 or 784.")
    String input;

    @Option(names = "--classes", paramLabel = "K", description = "Number of classes with --input (default 10).")
    Integer classes;

    @Option(names = {"--batch-size", "--batch_size"}, paramLabel = "N", description = "Batch size of the step.")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initialisation and the random batch.")
    Long seed;

    /** A model spec sized to its data, with the configuration it came from. */
    record Resolved(RunConfig config, DataShape data, Record spec) {
        /** The shape of a batch of n inputs to the model. */
        int[] batchShape(int n) {
            return RunModel.batchShape(spec, n);
        }
    }

    /**
     * The defaults, then the recipe, then the command's own {@code overrides}, then the flags given on the
     * command line; the model sized to the data.
     */
    Resolved resolve(CommandSpec command, Map<String, Object> overrides) {
        Map<String, Object> flags = new LinkedHashMap<>();
        var parsed = command.commandLine().getParseResult();
        for (OptionSpec o : command.options()) {
            String key = RunDefaults.configKey(o);
            boolean mine = o.userObject() instanceof Field f
                    && (f.getDeclaringClass() == ModelOptions.class || f.getDeclaringClass() == ModelFlags.class);
            if (mine && !NOT_CONFIG.contains(key) && parsed.hasMatchedOption(o)) {
                flags.put(key, o.getValue());
            }
        }
        RunConfig config = RunConfig.defaults();
        if (recipe != null) {
            config = config.with(Recipes.load(recipe));
        }
        config = config.with(overrides).with(flags);
        if (config.batchSize() < 1) {
            throw new UsageException("--batch-size must be at least 1, got " + config.batchSize());
        }
        DataShape shape = dataShape(config, parsed.hasMatchedOption("--dataset"));
        return new Resolved(config, shape, RunModel.spec(config, shape.sampleShape(), shape.classes(), shape.dataset()));
    }

    private DataShape dataShape(RunConfig config, boolean datasetGiven) {
        if (input == null) {
            if (classes != null) {
                throw new UsageException("--classes goes with --input; with a --dataset the classes come from the data");
            }
            Datasets datasets = TrainCommand.datasets(data);
            return DataShape.of(config.dataset(), datasets);
        }
        if (datasetGiven) {
            throw new UsageException("give either --input or --dataset, not both");
        }
        int[] shape;
        try {
            shape = Arrays.stream(input.split("x")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("--input '" + input + "' is not a shape: write it as CxHxW (3x32x32) or D (784)");
        }
        if (shape.length != 1 && shape.length != 3) {
            throw new UsageException("--input '" + input + "' must be CxHxW (images, e.g. 3x32x32) or D (features, e.g. 784)");
        }
        return new DataShape("--input " + input, shape, classes == null ? 10 : classes);
    }
}
