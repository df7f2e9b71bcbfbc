package dev.nabla.cli;

import dev.nabla.lab.grid.GridPoint;
import dev.nabla.lab.grid.GridRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a grid's progress: runs done of the total, the best configuration so far and the time left. A
 * progress bar on a terminal, otherwise one line per finished run:
 * {@code [12/486] best 0.8831 (lr=2e-4,...) ETA 41m}.
 */
final class GridProgress implements GridRunner.Listener, AutoCloseable {
    private final PrintStream err;
    private final boolean interactive;
    private final String metric;
    private ProgressBar bar;

    GridProgress(PrintStream err, boolean interactive, String metric) {
        this.err = err;
        this.interactive = interactive;
        this.metric = metric;
    }

    @Override
    public void started(int total, int done, int workers, int threads) {
        err.printf(Locale.ROOT, "grid: %d runs, %d already finished; %d worker%s with %d kernel thread%s each%n", total,
                done, workers, workers == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
        if (interactive && done < total) {
            bar = new ProgressBarBuilder().setTaskName("grid").setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).startsFrom(done, Duration.ZERO).build();
        }
    }

    @Override
    public synchronized void finished(GridRunner.Progress p) {
        String best = p.best() == null ? "" : String.format(Locale.ROOT, "best %s %.4f (%s)", metric, p.bestValue(),
                p.best().label());
        if (bar != null) {
            bar.stepTo(p.done());
            bar.setExtraMessage(best);
        } else {
            err.printf(Locale.ROOT, "[%d/%d] %s  %s  ETA %s%n", p.done(), p.total(), p.last().id(), best, eta(p.eta()));
        }
    }

    @Override
    public synchronized void failed(GridPoint point, Exception e) {
        String line = "run " + point.id() + " failed: " + e.getMessage();
        Terminal.println(err, bar, line);
    }

    static String eta(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
