package dev.nabla.lab;

import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.ImageDataset;
import dev.nabla.data.Split;
import dev.nabla.data.TrainTest;
import dev.nabla.data.format.IdxFolder;
import dev.nabla.data.registry.Datasets;
import dev.nabla.data.registry.LoadOptions;
import dev.nabla.data.transform.RandomCrop;
import dev.nabla.data.transform.RandomHorizontalFlip;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import dev.nabla.data.transform.Transform;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.Module;
import dev.nabla.train.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data side of a run: the training set, the set evaluated during training (the test set, or a
 * validation split of the training set with {@code val_split}), the test set, and the preprocessing:
 * pixels scaled to [0, 1], then standardised per channel with statistics of the training split only.
 *
 * @param scale the factor applied to raw values (1/255 for images, 1 for feature rows)
 * @param mean per-channel means subtracted after scaling (empty without standardisation)
 * @param std per-channel standard deviations divided by after that
 */
public record RunData(String name, Dataset train, Dataset eval, Dataset test, boolean evalIsValidation,
        double scale, double[] mean, double[] std) {

    /** Loads and splits the data a configuration names. */
    public static RunData load(RunConfig c, Datasets datasets) {
        String name = c.dataset();
        TrainTest tt = readSplits(name, c, datasets);
        Dataset train = tt.train();
        Dataset eval = tt.test();
        boolean validation = c.valSplit() > 0;
        if (validation) {
            int held = c.valSplit() < 1 ? (int) Math.round(c.valSplit() * train.size()) : (int) c.valSplit();
            if (held <= 0 || held >= train.size()) {
                throw new IllegalArgumentException("val_split " + c.valSplit() + " would hold out " + held + " of "
                        + train.size() + " training samples: give a fraction in (0, 1) or a count");
            }
            Split split = Split.stratified(train, held, c.seed());
            train = split.train();
            eval = split.validation();
        }
        boolean images = tt.train() instanceof ImageDataset || tt.train().sampleShape().length == 3;
        double scale = images ? 1.0 / 255 : 1.0;
        double[] mean = new double[0];
        double[] std = new double[0];
        if (c.standardize()) {
            Standardize s = images ? Standardize.fit(train, new ScaleToUnit()) : Standardize.fit(train);
            mean = s.mean();
            std = s.std();
        }
        return new RunData(name, train, eval, tt.test(), validation, scale, mean, std);
    }

    /**
     * The official splits of {@code dataset}: a folder of IDX files, or a name from the registry (synth is
     * generated with the configuration's sizes and seed).
     */
    public static TrainTest readSplits(String dataset, RunConfig c, Datasets datasets) {
        Path asFolder = Path.of(dataset);
        if (Files.isDirectory(asFolder)) {
            return IdxFolder.read(asFolder);
        }
        return datasets.load(dataset, LoadOptions.defaults().withSynth(c.synthTrain(), c.synthTest(), c.seed()));
    }

    /** Shape of one sample, [C, H, W] or [D]. */
    public int[] sampleShape() {
        return train.sampleShape();
    }

    public int numClasses() {
        return train.numClasses();
    }

    /** The preprocessing recorded with the run and applied again by whoever uses the trained model. */
    public Preprocessing preprocessing(boolean flatten) {
        return new Preprocessing(scale, mean, std, flatten);
    }

    /** The deterministic preprocessing, in order; augmentation comes before it when asked for. */
    public List<Transform> transforms(boolean augment, long seed) {
        List<Transform> t = new ArrayList<>();
        if (augment && sampleShape().length == 3) {
            t.add(new RandomCrop(4, seed));
            t.add(new RandomHorizontalFlip(seed + 1));
        }
        t.addAll(preprocessing(false).transforms());
        return t;
    }

    /**
     * The shuffled training loader. It prefetches on a background thread only when a core is left over by
     * the kernel threads; otherwise each batch is built between steps on the kernel threads, which was
     * faster on 2 cores (784-100-10 MLP, batch 200: 0.83 ms per load + step against 0.92 ms with a prefetch
     * thread competing with the step for the cores; bench/README.md). The batches are the same either way.
     */
    public DataLoader trainLoader(RunConfig c, boolean flatten) {
        int prefetch = Kernels.threads() < Runtime.getRuntime().availableProcessors() ? 2 : 0;
        return DataLoader.builder(train).batchSize(c.batchSize()).shuffle(c.seed()).flatten(flatten).prefetch(prefetch)
                .transforms(transforms(c.augment(), c.seed()).toArray(new Transform[0])).build();
    }

    /** The largest evaluation batch; models with large activations get less (see {@link #evalBatch}). */
    public static final int MAX_EVAL_BATCH = 1000;

    /**
     * The evaluation batch for {@code model}: {@link #MAX_EVAL_BATCH}, or less when that many samples'
     * tensors would exceed {@link Evaluator#MEMORY_BUDGET_BYTES} (measured on a few samples of the
     * evaluation set), adjusted to divide the evaluation set ({@link Evaluator#evenBatch}).
     */
    public int evalBatch(Module model, boolean flatten) {
        return Evaluator.batchSize(model, b -> evalLoader(eval(), flatten, b), eval().size(), MAX_EVAL_BATCH);
    }

    /** A loader over {@code set} in order, for evaluation, in batches of {@code batch}. */
    public DataLoader evalLoader(Dataset set, boolean flatten, int batch) {
        return preprocessing(flatten).loader(set, batch);
    }
}
