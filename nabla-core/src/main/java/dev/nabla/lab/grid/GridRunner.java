package dev.nabla.lab.grid;

import dev.nabla.data.registry.Datasets;
import dev.nabla.io.AtomicFiles;
import dev.nabla.kernel.Kernels;
import dev.nabla.lab.Run;
import dev.nabla.lab.RunOutputs;
import dev.nabla.lab.grid.GridAggregate.Group;
import dev.nabla.lab.grid.GridResults.Row;
import dev.nabla.report.GridReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs a grid into a folder: {@code grid.yaml} (the spec), {@code runs/<id>/} (one run folder each),
 * {@code results.csv}, {@code aggregate.csv}, {@code results.md} and {@code plots/}.
 *
 * <pre>{@code
 * GridRunner.Result r = GridRunner.run(GridSpec.load("quick"), Path.of("grids-out/quick"), 2,
 *         Datasets.defaults(), new GridRunner.Listener() {});
 * }</pre>
 *
 * <p><b>Resuming.</b> Running the same spec into the same folder again skips the finished runs (those with
 * a summary.json, which a run writes last and atomically) and redoes the others from scratch: a folder
 * without summary.json is deleted first. Runs are deterministic for their seed, so a resumed grid gives
 * the same results as an uninterrupted one. A different spec in the same folder is an error, and so is a
 * second grid process on the folder while one is running (a lock the OS drops when the process dies).
 *
 * <p><b>Workers and threads.</b> {@code workers} runs train at once. The kernel thread count is global to
 * the JVM, so it is set once to max(1, cores / workers) and every run's {@code threads} is set to it. A
 * run finds the kernels' thread pool busy while another run uses it and then computes on its own thread;
 * results do not depend on the thread count.
 *
 * <p>A run that fails (e.g. diverges) is reported and left unfinished; the others go on. A configuration
 * error (a dataset that cannot be found, a model that does not fit the data) stops the grid at once.
 */
public final class GridRunner {
    public static final String SPEC = "grid.yaml";
    private static final String LOCK = ".lock";

    /** Progress: each finished or failed run, with the totals and the best configuration so far. */
    public interface Listener {
        default void started(int total, int done, int workers, int threads) {}

        default void finished(Progress p) {}

        default void failed(GridPoint point, Exception e) {}
    }

    /**
     * After a run: runs finished of the total, the best configuration so far (by the mean of the metric
     * over its finished repeats) and the estimated time left.
     */
    public record Progress(int done, int total, GridPoint last, Group best, double bestValue, Duration eta) {}

    /** The grid's finished runs, how many were run now and skipped as already done, and the failures. */
    public record Result(List<Row> rows, int ran, int skipped, Map<String, String> failures, List<Path> plots) {}

    private GridRunner() {}

    public static Result run(GridSpec spec, Path dir, int workers, Datasets datasets, Listener listener)
            throws IOException, InterruptedException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            if (lock == null) {
                throw new IllegalArgumentException("another grid is running in " + dir + " (it holds " + dir.resolve(LOCK)
                        + ")");
            }
            return runLocked(spec, dir, workers, datasets, listener);
        }
    }

    private static Result runLocked(GridSpec spec, Path dir, int workers, Datasets datasets, Listener listener)
            throws IOException, InterruptedException {
        Path specFile = dir.resolve(SPEC);
        if (Files.exists(specFile)) {
            if (!Files.readString(specFile).equals(spec.text())) {
                throw new IllegalArgumentException(dir + " holds a different grid (" + specFile + " differs from "
                        + spec.source() + "): give another --out, or delete " + dir);
            }
        } else {
            AtomicFiles.writeString(specFile, spec.text());
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        Kernels.setThreads(threads);
        List<GridPoint> todo = new ArrayList<>();
        for (GridPoint p : spec.runs()) {
            Path runDir = GridResults.runDir(dir, p);
            if (!Files.exists(runDir.resolve(RunOutputs.SUMMARY_JSON))) {
                deleteTree(runDir);
                todo.add(p);
            }
        }
        int total = spec.runs().size();
        int skipped = total - todo.size();
        List<Row> rows = GridReport.writeTables(dir, spec);
        listener.started(total, skipped, workers, threads);
        Tracker tracker = new Tracker(spec, dir, listener, total, skipped, todo.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, Math.max(1, todo.size())), r -> {
            Thread t = new Thread(r, "grid-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (GridPoint p : todo) {
                futures.add(pool.submit(() -> {
                    Path runDir = GridResults.runDir(dir, p);
                    try {
                        Run.start(p.runConfig().with(Map.of("threads", threads)), runDir, datasets, new Run.Listener() {});
                    } catch (IllegalArgumentException e) {
                        throw e;
                    } catch (Exception e) {
                        tracker.failed(p, e);
                        return null;
                    }
                    tracker.finished(p);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IllegalArgumentException iae) {
                        throw new IllegalArgumentException(iae.getMessage(), iae);
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            // After a configuration error the runs still training are abandoned (daemon threads).
            pool.shutdownNow();
        }
        rows = GridReport.writeTables(dir, spec);
        List<Path> plots = GridReport.writePlots(dir, spec, rows);
        return new Result(rows, tracker.ran, skipped, tracker.failures, plots);
    }

    /** Rebuilds the tables after each run and tells the listener; one run at a time. */
    private static final class Tracker {
        private final GridSpec spec;
        private final Path dir;
        private final Listener listener;
        private final int total;
        private final int todo;
        private final long startNanos = System.nanoTime();
        private final Map<String, String> failures = new java.util.TreeMap<>();
        private int done;
        private int ran;

        Tracker(GridSpec spec, Path dir, Listener listener, int total, int done, int todo) {
            this.spec = spec;
            this.dir = dir;
            this.listener = listener;
            this.total = total;
            this.done = done;
            this.todo = todo;
        }

        synchronized void finished(GridPoint p) {
            ran++;
            done++;
            List<Row> rows;
            try {
                rows = GridReport.writeTables(dir, spec);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Group> ranked = GridAggregate.ranked(GridAggregate.of(rows), spec.metric(), spec.higherIsBetter());
            Group best = ranked.isEmpty() ? null : ranked.get(0);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            int left = todo - ran - failures.size();
            Duration eta = Duration.ofMillis(Math.round(elapsed / (ran + failures.size()) * left * 1000));
            listener.finished(new Progress(done, total, p, best, best == null ? Double.NaN
                    : best.stat(spec.metric()).mean(), eta));
        }

        synchronized void failed(GridPoint p, Exception e) {
            failures.put(p.id(), e.getMessage());
            listener.failed(p, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
