package dev.nabla.cli;

import dev.nabla.autograd.GradCheck;
import dev.nabla.nn.ModelGradCheck;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.report.TextTable;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nabla gradcheck}: every parameter of a model against float64 central differences. */
@Command(name = "gradcheck", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {
            "Check a model's hand-written backward pass: the gradient of the training loss (softmax + cross-entropy) "
                    + "with respect to every parameter, against float64 central differences (L(w + eps) − L(w − eps))/(2·eps) "
                    + "on a small random batch.",
            "",
            "An element passes when |analytic − numeric| <= atol + rtol·|numeric|. Dropout is switched off (eval mode) "
                    + "so that the loss is one function; BatchNorm uses batch statistics. The MLP is initialised as PyTorch does unless --init is given (with the seeds' N(0, 1e-4) the pre-activations are smaller than eps). Exit 0 when every parameter "
                    + "passes, 1 when any fails. The model options are those of 'nabla train'; the batch size defaults to 4.",
            ""},
        footer = {"", "Examples:",
            "  nabla gradcheck --dataset mnist --hidden 300 --activation sigmoid",
            "  nabla gradcheck --input 20 --classes 3 --hidden 8,8 --batchnorm --all",
            "  nabla gradcheck --model cnn --input 1x8x8 --samples 5"})
final class GradcheckCommand implements Callable<Integer> {
    static final int DEFAULT_BATCH = 4;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ModelOptions model;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "20",
            description = "Elements checked per parameter tensor, chosen at random (seeded).")
    int samples;

    @Option(names = "--all", description = "Check every element of every parameter (slow for the cnn).")
    boolean all;

    @Option(names = "--eps", paramLabel = "EPS", defaultValue = "1e-6", description = "Finite-difference step.")
    double eps;

    @Option(names = "--atol", paramLabel = "ATOL", defaultValue = "1e-5", description = "Absolute tolerance.")
    double atol;

    @Option(names = "--rtol", paramLabel = "RTOL", defaultValue = "1e-3", description = "Relative tolerance.")
    double rtol;

    @Override
    public Integer call() {
        if (samples < 1 && !all) {
            throw new UsageException("--samples must be at least 1, got " + samples + " (use --all to check every element)");
        }
        if (!(eps > 0) || atol < 0 || rtol < 0) {
            throw new UsageException("--eps must be positive and --atol, --rtol non-negative");
        }
        // The seeds' N(0, 1e-4) weights make pre-activations smaller than eps, so the central difference would
        // straddle ReLU's kink and disagree with the (correct) analytic gradient: check at PyTorch's scale.
        ModelOptions.Resolved r = model.resolve(spec, Map.of("init", "pytorch"));
        boolean batchGiven = spec.commandLine().getParseResult().hasMatchedOption("--batch-size");
        int batch = batchGiven ? r.config().batchSize() : DEFAULT_BATCH;
        long seed = r.config().seed();
        Module net = ModelSpec.build(r.spec(), new Rng(seed));
        GradCheck.Options options = new GradCheck.Options(eps, atol, rtol, all ? 0 : samples, seed);
        main.err.printf(Locale.ROOT, "checking %d parameter tensors on a batch of %d (float64)...%n",
                net.namedParameters().size(), batch);
        GradCheck.Report report = ModelGradCheck.check(net, r.batchShape(batch), r.data().classes(), options,
                new Rng(seed + 1));
        TextTable table = new TextTable("parameter", "shape", "checked", "worst abs error", "worst rel error", "result");
        for (GradCheck.TensorResult t : report.tensors()) {
            table.add(t.name(), Shape.str(t.shape()), Integer.toString(t.checked()),
                    String.format(Locale.ROOT, "%.3e", t.worst() == null ? 0.0 : t.worst().absError()),
                    String.format(Locale.ROOT, "%.3e", t.worstRelError()), t.passed() ? "OK" : "FAIL");
        }
        main.out.print(table.text());
        long failed = report.tensors().stream().filter(t -> !t.passed()).count();
        main.out.printf(Locale.ROOT, "%s: %d of %d parameters pass (eps %.0e, atol %.0e, rtol %.0e)%n",
                failed == 0 ? "gradcheck passed" : "gradcheck FAILED", report.tensors().size() - failed,
                report.tensors().size(), eps, atol, rtol);
        if (failed > 0) {
            main.out.println("worst element: " + report.worst());
        }
        return failed == 0 ? 0 : 1;
    }
}
