package dev.nabla.cli;

import dev.nabla.data.registry.Datasets;
import dev.nabla.lab.Recipes;
import dev.nabla.lab.Run;
import dev.nabla.lab.RunConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code nabla train}: one run, from the defaults, a recipe and flags, into a run folder. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true, showDefaultValues = true,
        defaultValueProvider = RunDefaults.class,
        description = {
            "Train a model and write its run folder: config.json, metrics.csv, summary.json, summary.md, "
                    + "curves.png and model.safetensors (loadable by PyTorch).",
            "",
            "Without options: the seeds' NumPy MLP (hidden 100 ReLU, weights N(0, 1e-4), SGD lr 2e-3, batch 200, "
                    + "1500 steps, an evaluation every 100) on Fashion-MNIST. Options override a --recipe.",
            ""},
        footer = {"", "Examples:",
            "  nabla train                                        # the default MLP on Fashion-MNIST",
            "  nabla train --recipe cnn-default --dataset fashion-mnist",
            "  nabla train --hidden 400,400 --optimizer adam --lr 2e-4 --batch-size 400 --max-steps 3000",
            "  nabla train --dataset synth --hidden 8 --epochs 20 --name synth-small",
            "  nabla train --optimizer sgd --momentum 0.9 --lr 0.05 --epochs 20 --lr-schedule cosine --early-stopping 5",
            "  nabla train --resume runs/synth-small              # continue an interrupted run"})
final class TrainCommand implements Callable<Integer> {
    /** Options that steer the command rather than define the run. */
    private static final Set<String> NOT_CONFIG = Set.of("out", "resume", "recipe", "debug");

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Option(names = "--recipe", paramLabel = "NAME|FILE", description = "Start from a recipe (see recipes/): ${COMPLETION-CANDIDATES}",
            completionCandidates = RecipeNames.class)
    String recipe;

    @Mixin
    ModelFlags modelFlags;

    @Option(names = "--dataset", paramLabel = "NAME|DIR",
            description = "fashion-mnist, mnist, kmnist, cifar10, cifar100, synth, or a folder with the four IDX files.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Look for datasets in DIR first (then $NABLA_DATA, ~/.nabla/data, /usr/share/datasets).")
    String data;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, adam, adamw, adadelta, rmsprop or adagrad.")
    String optimizer;

    @Option(names = {"--lr", "--learning_rate"}, paramLabel = "LR", description = "Learning rate.")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum (sgd, rmsprop).")
    Double momentum;

    @Option(names = "--nesterov", negatable = true, description = "Nesterov momentum (sgd).")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "Optimizer weight decay (L2 added to the gradient; decoupled for adamw).")
    Double weightDecay;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam's first-moment decay.")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "B2", description = "Adam's second-moment decay.")
    Double beta2;

    @Option(names = "--eps", paramLabel = "EPS", description = "Epsilon of adaptive optimizers (default: PyTorch's for each).")
    Double eps;

    @Option(names = "--rho", paramLabel = "RHO", description = "Adadelta's decay.")
    Double rho;

    @Option(names = "--alpha", paramLabel = "A", description = "RMSprop's smoothing constant.")
    Double alpha;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "Add lambda*sum(|W|^2) over the weight matrices to the loss (seed 004).")
    Double l2;

    @Option(names = {"--batch-size", "--batch_size"}, paramLabel = "N", description = "Mini-batch size.")
    Integer batchSize;

    @Option(names = {"--max-steps", "--max_steps"}, paramLabel = "STEPS", description = "Length of the run in optimizer steps.")
    Long maxSteps;

    @Option(names = "--epochs", paramLabel = "E", description = "Length of the run in passes over the training set (instead of --max-steps).")
    Integer epochs;

    @Option(names = {"--eval-every", "--eval_freq"}, paramLabel = "STEPS", description = "Evaluate every STEPS steps; 0 = once per epoch.")
    Long evalEvery;

    @Option(names = "--val-split", paramLabel = "F", description = "Hold out this fraction (or count) of the training set and evaluate on it instead of the test set.")
    Double valSplit;

    @Option(names = "--standardize", negatable = true, description = "Standardise each channel with the training set's mean and std.")
    Boolean standardize;

    @Option(names = "--augment", negatable = true, description = "Random crops (padding 4) and horizontal flips of training images.")
    Boolean augment;

    @Option(names = "--clip-grad-norm", paramLabel = "NORM", description = "Clip the global gradient norm (0 = off).")
    Double clipGradNorm;

    @Option(names = "--lr-schedule", paramLabel = "NAME", description = "none, step (x gamma every step-size epochs), exponential"
            + " (x gamma every epoch), cosine (to 0 over the run) or plateau (x gamma when the loss stalls).")
    String lrSchedule;

    @Option(names = "--lr-gamma", paramLabel = "G", description = "Factor of the step, exponential and plateau schedules.")
    Double lrGamma;

    @Option(names = "--lr-step-size", paramLabel = "EPOCHS", description = "Epochs between the step schedule's decays.")
    Integer lrStepSize;

    @Option(names = "--lr-patience", paramLabel = "EPOCHS", description = "Epochs without a lower loss before plateau decays.")
    Integer lrPatience;

    @Option(names = "--early-stopping", paramLabel = "EVALS", description = "Stop after EVALS evaluations without a lower"
            + " test (or validation) loss; 0 = off.")
    Integer earlyStopping;

    @Option(names = "--synth-train", paramLabel = "N", description = "Training points of the synth dataset.")
    Integer synthTrain;

    @Option(names = "--synth-test", paramLabel = "N", description = "Test points of the synth dataset.")
    Integer synthTest;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice: initialisation, data order, dropout.")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (0 = all cores).")
    Integer threads;

    @Option(names = "--tensorboard", negatable = true, description = "Also write TensorBoard event files to RUN/tensorboard.")
    Boolean tensorboard;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the run (default: model-dataset-time).")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/NAME).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted run in DIR from its last checkpoint.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, Object> flags = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String key = RunDefaults.configKey(o);
            if (key != null && !NOT_CONFIG.contains(key) && parsed.hasMatchedOption(o)) {
                flags.put(key, o.getValue());
            }
        }
        Datasets datasets = datasets(flags.get("data"));
        try (TrainingProgress progress = new TrainingProgress(main.err, Terminal.interactive())) {
            Run.Outcome outcome;
            if (resume != null) {
                flags.remove("threads");
                if (!flags.isEmpty() || recipe != null || out != null) {
                    throw new UsageException("--resume continues with the run's own config.json; it cannot be combined"
                            + " with other training options (found " + String.join(", ", flags.keySet()) + ")");
                }
                outcome = Run.resume(resume, datasets, progress);
            } else {
                RunConfig config = RunConfig.defaults();
                if (recipe != null) {
                    config = config.with(Recipes.load(recipe));
                }
                config = config.with(flags);
                if (config.name() == null) {
                    config = config.with(Map.of("name", defaultName(config)));
                }
                Path dir = out != null ? out : Path.of("runs", config.name());
                progress.note("run folder: " + dir);
                outcome = Run.start(config, dir, datasets, progress);
            }
            progress.close();
            Map<String, Object> s = outcome.summary();
            main.out.printf(Locale.ROOT, "best %s accuracy %.4f at step %s, last %.4f (loss %.4f); %.1f s%n",
                    s.get("eval_set"), (double) s.get("best_test_acc"), s.get("best_step"),
                    (double) s.get("last_test_acc"), (double) s.get("last_test_loss"), (double) s.get("train_seconds"));
            main.out.println("wrote " + outcome.dir() + "/{config.json, metrics.csv, summary.json, summary.md,"
                    + " curves.png, model.safetensors}");
        }
        return 0;
    }

    static Datasets datasets(Object dataDir) {
        Datasets.Builder b = Datasets.builder();
        if (dataDir != null) {
            b.dataDir(Path.of(dataDir.toString()));
        }
        return b.build();
    }

    private static String defaultName(RunConfig c) {
        String base = c.recipe() != null ? c.recipe() : c.model();
        String data = Path.of(c.dataset()).getFileName().toString();
        return base + "-" + data + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** The bundled recipe names, for the help text. */
    static final class RecipeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Recipes.names().iterator();
        }
    }
}
