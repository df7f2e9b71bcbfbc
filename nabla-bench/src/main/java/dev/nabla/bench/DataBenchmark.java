package dev.nabla.bench;

import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TrainTest;
import dev.nabla.data.registry.Datasets;
import dev.nabla.data.registry.LoadOptions;
import dev.nabla.data.registry.ProgressListener;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import dev.nabla.data.transform.Transform;
import dev.nabla.kernel.Kernels;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Rng;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The data pipeline's speed on real Fashion-MNIST (Debian's {@code dataset-fashion-mnist}):
 * <ul>
 *   <li>{@code data_load_fmnist}: reading the four {@code .gz} files (train and test) into memory, with the
 *   SHA-256 checks done in the same pass (the default); {@code data_load_fmnist_noverify} without them;</li>
 *   <li>{@code data_loader_fmnist_b200}: one batch of 200, scaled to [0, 1], standardised and flattened to
 *   {@code [200, 784]}, from a shuffled stream with prefetch, as a training loop receives it
 *   ({@code _noprefetch}: built on the caller's thread);</li>
 *   <li>{@code data_train_fmnist_b200_mlp784-100-10}: take such a batch, then run a full training step of a
 *   784-100-10 ReLU MLP on it (SGD lr 2e-3, as W1): load and step timed together, so the figure shows
 *   whether prefetch hides the loading ({@code _noprefetch}: the batch is built first, on the training
 *   thread; {@code _steponly}: the same step on one fixed batch, the floor that hidden loading reaches).</li>
 * </ul>
 * The loader and training workloads are timed in runs of 25 batches, so waits on the prefetch queue
 * average out; the times are per batch. Run: {@code java --add-modules jdk.incubator.vector -cp ...
 * dev.nabla.bench.DataBenchmark}, or {@code ./nabla bench data}.
 */
public final class DataBenchmark {
    private static final int BATCH = 200;
    private static final int RUN = 25;
    private static final String TRAIN = "data_train_fmnist_b200_mlp784-100-10";

    private DataBenchmark() {}

    public static void main(String[] args) {
        run(System.out);
    }

    /** Prints one RESULT line per workload. */
    public static void run(PrintStream out) {
        Datasets datasets = Datasets.builder().download(false).progress(ProgressListener.silent()).build();
        LoadOptions verified = LoadOptions.defaults();
        BenchTiming.Result load = BenchTiming.measure(() -> datasets.load("fashion-mnist", verified), 5, 1, 0);
        BenchTiming.report(out, "data_load_fmnist", 1, load, "");
        LoadOptions unverified = verified.withVerify(false);
        BenchTiming.report(out, "data_load_fmnist_noverify", 1,
                BenchTiming.measure(() -> datasets.load("fashion-mnist", unverified), 5, 1, 0), "");

        TrainTest data = datasets.load("fashion-mnist");
        ScaleToUnit scale = new ScaleToUnit();
        Transform[] transforms = {scale, Standardize.fit(data.train(), scale)};
        timeLoader(out, data, transforms);
        timeTraining(out, data, transforms);
    }

    private static void timeLoader(PrintStream out, TrainTest data, Transform[] transforms) {
        for (int prefetch : new int[] {2, 0}) {
            try (DataLoader loader = loader(data, prefetch, transforms); BatchIterator batches = loader.stream()) {
                long[] sink = {0};
                BenchTiming.Result r = perBatch(() -> sink[0] += batches.next().labels()[0]);
                String name = "data_loader_fmnist_b200" + (prefetch == 0 ? "_noprefetch" : "");
                BenchTiming.report(out, name, prefetch == 0 ? 1 : 2, r, String.format(Locale.ROOT,
                        " items_per_s=%.0f batches_per_s=%.0f", BATCH / (r.medianMs() / 1e3), 1e3 / r.medianMs()));
                if (sink[0] < 0) {
                    out.println(sink[0]);
                }
            }
        }
    }

    /** The step alone on a fixed batch, then batch + step with prefetch off and on; threads are the kernels'. */
    private static void timeTraining(PrintStream out, TrainTest data, Transform[] transforms) {
        Consumer<Batch> step = trainStep();
        Batch fixed;
        try (DataLoader loader = loader(data, 0, transforms); BatchIterator batches = loader.stream()) {
            fixed = batches.next();
        }
        BenchTiming.report(out, TRAIN + "_steponly", Kernels.threads(), perBatch(() -> step.accept(fixed)), "");
        for (int prefetch : new int[] {0, 2}) {
            try (DataLoader loader = loader(data, prefetch, transforms); BatchIterator batches = loader.stream()) {
                BenchTiming.Result r = perBatch(() -> step.accept(batches.next()));
                BenchTiming.report(out, TRAIN + (prefetch == 0 ? "_noprefetch" : ""), Kernels.threads(), r,
                        String.format(Locale.ROOT, " prefetch=%d batches_per_s=%.0f", prefetch, 1e3 / r.medianMs()));
            }
        }
    }

    /** One full training step of a 784-100-10 ReLU MLP: zeroGrad; forward; cross-entropy; backward; SGD step. */
    private static Consumer<Batch> trainStep() {
        Mlp model = new Mlp(MlpSpec.of(784, List.of(100), 10), new Rng(0));
        SGD sgd = new SGD(model.parameters(), 2e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        model.train();
        return batch -> {
            sgd.zeroGrad();
            loss.forward(model.forward(batch.inputs()), batch.labels()).backward();
            sgd.step();
        };
    }

    /** Shuffled batches of 200 training images, transformed and flattened to {@code [200, 784]}. */
    private static DataLoader loader(TrainTest data, int prefetch, Transform[] transforms) {
        return DataLoader.builder(data.train()).batchSize(BATCH).shuffle(1).flatten(true).transforms(transforms)
                .prefetch(prefetch).build();
    }

    /** Times runs of {@link #RUN} calls of {@code perBatch}, reported per call. */
    private static BenchTiming.Result perBatch(Runnable perBatch) {
        return BenchTiming.measure(() -> {
            for (int i = 0; i < RUN; i++) {
                perBatch.run();
            }
        }, 40, 10, 2.0).scaled(1.0 / RUN);
    }
}
