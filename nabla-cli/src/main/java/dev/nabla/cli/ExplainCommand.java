package dev.nabla.cli;

import dev.nabla.nn.Module;
import dev.nabla.nn.ModelSummary;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.report.TextTable;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nabla explain}: one training step of a model, layer by layer, with each layer's backward formula. */
@Command(name = "explain", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        defaultValueProvider = RunDefaults.class,
        description = {
            "Explain one training step of a model: per layer, the forward shapes X → y, the backward shapes dY → dX, "
                    + "the parameters, the FLOPs of the forward and backward pass and the activation memory; then each "
                    + "layer's backward formula.",
            "",
            "The shapes are measured by a real forward and backward pass on a random batch. FLOPs count a "
                    + "multiply-add as 2; the optimizer is not counted. The model options are those of 'nabla train'.",
            ""},
        footer = {"", "Examples:",
            "  nabla explain --dataset mnist --hidden 300 --activation sigmoid --batch-size 32   # seed 003's network",
            "  nabla explain --model cnn --input 3x32x32 --classes 10 --batch-size 32",
            "  nabla explain --recipe cnn-default --format md > layers.md"})
final class ExplainCommand implements Callable<Integer> {
    /** How the table is printed. */
    enum Format { text, md }

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ModelOptions model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (aligned columns) or md (Markdown, for a report): ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    public Integer call() {
        ModelOptions.Resolved r = model.resolve(spec, Map.of());
        int batch = r.config().batchSize();
        Module net = ModelSpec.build(r.spec(), new Rng(r.config().seed()));
        ModelSummary summary = ModelSummary.of(net, r.batchShape(batch), r.data().classes(),
                new Rng(r.config().seed() + 1));
        String title = String.format("%s for %s (samples %s, %d classes), batch %d",
                ModelSpec.toJsonTree(r.spec()).get("type").asString(), r.data().dataset(),
                Shape.str(r.data().sampleShape()), r.data().classes(), batch);
        TextTable table = summary.table();
        if (format == Format.md) {
            main.out.print("**" + title + "**\n\n" + table.markdown() + "\n" + summary.totals() + "\n```\n"
                    + summary.formulas() + "```\n");
        } else {
            main.out.print(title + "\n\n" + table.text() + "\n" + summary.totals() + "\n" + summary.formulas());
        }
        return 0;
    }
}
