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
import java.io.PrintStream;
import java.util.Locale;

/**
 * The data pipeline's speed on real Fashion-MNIST (Debian's {@code dataset-fashion-mnist}):
 * <ul>
 *   <li>{@code data_load_fmnist}: reading the four {@code .gz} files (train and test) into memory, with the
 *   SHA-256 checks done in the same pass (the default); {@code data_load_fmnist_noverify} without them;</li>
 *   <li>{@code data_loader_fmnist_b200}: one batch of 200, scaled to [0, 1], standardised and flattened to
 *   {@code [200, 784]}, from a shuffled stream with prefetch, as a training loop receives it
 *   ({@code _noprefetch}: built on the caller's thread). Timed in runs of 25 batches; the times are per batch.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.nabla.bench.DataBenchmark}.
 */
public final class DataBenchmark {
    private static final int BATCH = 200;
    private static final int RUN = 25;

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
        Standardize standardize = Standardize.fit(data.train(), scale);
        for (int prefetch : new int[] {2, 0}) {
            try (DataLoader loader = DataLoader.builder(data.train()).batchSize(BATCH).shuffle(1).flatten(true)
                    .transforms(scale, standardize).prefetch(prefetch).build();
                    BatchIterator batches = loader.stream()) {
                long[] sink = {0};
                // Timed in runs of RUN batches, so waits on the prefetch queue average out; reported per batch.
                BenchTiming.Result r = BenchTiming.measure(() -> {
                    for (int i = 0; i < RUN; i++) {
                        Batch b = batches.next();
                        sink[0] += b.labels()[0];
                    }
                }, 40, 10, 2.0).scaled(1.0 / RUN);
                String name = "data_loader_fmnist_b200" + (prefetch == 0 ? "_noprefetch" : "");
                BenchTiming.report(out, name, prefetch == 0 ? 1 : 2, r, String.format(Locale.ROOT,
                        " items_per_s=%.0f batches_per_s=%.0f", BATCH / (r.medianMs() / 1e3), 1e3 / r.medianMs()));
                if (sink[0] < 0) {
                    out.println(sink[0]);
                }
            }
        }
    }
}
