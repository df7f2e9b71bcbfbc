package dev.nabla.data.registry;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@link ProgressListener#stderr()}: a line per tenth of a task (per 16 MB when the size is unknown). */
final class PlainProgress implements ProgressListener {
    private static final long UNKNOWN_STEP = 16L << 20;

    private final PrintStream out;
    private final Map<String, Long> nextReport = new HashMap<>();

    PlainProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(String task, long totalBytes) {
        out.println(task + (totalBytes >= 0 ? " (" + megabytes(totalBytes) + ")" : "") + " ...");
        nextReport.put(task, step(totalBytes));
    }

    @Override
    public synchronized void progressed(String task, long doneBytes, long totalBytes) {
        long next = nextReport.getOrDefault(task, step(totalBytes));
        if (doneBytes >= next && (totalBytes < 0 || doneBytes < totalBytes)) {
            String share = totalBytes > 0 ? String.format(Locale.ROOT, "%3d%% ", 100 * doneBytes / totalBytes) : "";
            out.println("  " + share + megabytes(doneBytes) + (totalBytes > 0 ? " of " + megabytes(totalBytes) : ""));
            long step = step(totalBytes);
            nextReport.put(task, (doneBytes / step + 1) * step);
        }
    }

    @Override
    public synchronized void finished(String task, boolean success) {
        nextReport.remove(task);
        out.println("  " + (success ? "done" : "failed") + ": " + task);
    }

    @Override
    public synchronized void note(String message) {
        out.println(message);
    }

    private static long step(long totalBytes) {
        return totalBytes > 0 ? Math.max(1, totalBytes / 10) : UNKNOWN_STEP;
    }

    private static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
