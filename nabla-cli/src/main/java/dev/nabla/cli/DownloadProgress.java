package dev.nabla.cli;

import dev.nabla.data.registry.ProgressListener;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows dataset downloads: a progress bar in megabytes per file on a terminal, plain lines (a line per
 * tenth, from the library's {@link ProgressListener#lines}) otherwise. Notes are always plain lines.
 */
final class DownloadProgress implements ProgressListener, AutoCloseable {
    private static final long MEGABYTE = 1_000_000;

    private final PrintStream err;
    private final ProgressListener plain;
    private final boolean interactive;
    private final Map<String, ProgressBar> bars = new HashMap<>();

    DownloadProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.plain = ProgressListener.lines(err);
        this.interactive = interactive;
    }

    @Override
    public synchronized void started(String task, long totalBytes) {
        if (!interactive) {
            plain.started(task, totalBytes);
            return;
        }
        // The task names the URL, printed once; the file name is what fits beside the bar.
        err.println(task);
        String file = task.substring(task.lastIndexOf('/') + 1);
        bars.put(task, new ProgressBarBuilder().setTaskName(file).setInitialMax(totalBytes)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200).setUnit(" MB", MEGABYTE)
                .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().build());
    }

    @Override
    public synchronized void progressed(String task, long doneBytes, long totalBytes) {
        ProgressBar bar = bars.get(task);
        if (bar != null) {
            bar.stepTo(doneBytes);
        } else if (!interactive) {
            plain.progressed(task, doneBytes, totalBytes);
        }
    }

    @Override
    public synchronized void finished(String task, boolean success) {
        ProgressBar bar = bars.remove(task);
        if (bar != null) {
            bar.setExtraMessage(success ? "done" : "failed");
            bar.close();
        } else {
            plain.finished(task, success);
        }
    }

    @Override
    public synchronized void note(String message) {
        plain.note(message);
    }

    @Override
    public synchronized void close() {
        bars.values().forEach(ProgressBar::close);
        bars.clear();
    }
}
