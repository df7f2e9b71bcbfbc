package dev.nabla.cli;

import dev.nabla.lab.Run;
import dev.nabla.train.Evaluation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: a progress bar with the loss and ETA on a terminal, plain lines otherwise (one
 * per evaluation, and between evaluations one every 30 s, so a long run in a log
 * still shows that it moves and when it will end). Evaluations are always printed as a line, so the
 * learning curve is readable in a log.
 */
final class TrainingProgress implements Run.Listener, AutoCloseable {
    private final PrintStream err;
    private final boolean interactive;
    private ProgressBar bar;
    private long startStep;
    private long startNanos;
    private long lastLineNanos;
    private final long heartbeatNanos;

    TrainingProgress(PrintStream err, boolean interactive) {
        this(err, interactive, Duration.ofSeconds(30));
    }

    /** As above, with plain progress lines at most every {@code heartbeat} between evaluations. */
    TrainingProgress(PrintStream err, boolean interactive, Duration heartbeat) {
        this.err = err;
        this.interactive = interactive;
        this.heartbeatNanos = heartbeat.toNanos();
    }

    @Override
    public void note(String line) {
        err.println(line);
    }

    @Override
    public void started(long step, long totalSteps) {
        startStep = step;
        startNanos = System.nanoTime();
        lastLineNanos = startNanos;
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().startsFrom(step, Duration.ZERO)
                    .build();
        } else {
            err.printf(Locale.ROOT, "training %d steps%s%n", totalSteps, step > 0 ? " from step " + step : "");
        }
    }

    @Override
    public void stepped(long step, long totalSteps, double loss) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
        } else if (System.nanoTime() - lastLineNanos >= heartbeatNanos) {
            double rate = rate(step);
            long etaSeconds = Math.round((totalSteps - step) / Math.max(1e-9, rate));
            err.printf(Locale.ROOT, "step %6d/%d  loss %.4f  %.2f steps/s  ETA %s%n", step, totalSteps, loss, rate,
                    Duration.ofSeconds(etaSeconds).toString().substring(2).toLowerCase(Locale.ROOT));
            lastLineNanos = System.nanoTime();
        }
    }

    private double rate(long step) {
        return (step - startStep) / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void evaluated(Evaluation e) {
        double rate = rate(e.step());
        lastLineNanos = System.nanoTime();
        String line = String.format(Locale.ROOT,
                "step %6d  epoch %3d  train loss %.4f acc %.4f  test loss %.4f acc %.4f  lr %.3g  %.1f steps/s",
                e.step(), e.epoch(), e.trainLoss(), e.trainAcc(), e.testLoss(), e.testAcc(), e.lr(), rate);
        Terminal.println(err, bar, line);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
