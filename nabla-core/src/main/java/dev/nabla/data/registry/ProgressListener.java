package dev.nabla.data.registry;

import java.io.PrintStream;

/**
 * Hears about long data tasks (downloads, checksums) so a front end can show them; nabla-core draws no
 * progress bars itself. {@link #stderr()} prints plain lines, {@link #silent()} nothing.
 */
public interface ProgressListener {

    /** A task starts; {@code totalBytes} is -1 when unknown. */
    void started(String task, long totalBytes);

    /** {@code doneBytes} of the task are done; called often, so keep it cheap. */
    void progressed(String task, long doneBytes, long totalBytes);

    /** The task ended, successfully or not. */
    void finished(String task, boolean success);

    /** A note for the user, e.g. that a file could only be checked by its decompressed content. */
    void note(String message);

    /** Plain lines on standard error: a line at the start, at every tenth, and at the end of each task. */
    static ProgressListener stderr() {
        return new PlainProgress(System.err);
    }

    /** Plain lines on {@code out}. */
    static ProgressListener lines(PrintStream out) {
        return new PlainProgress(out);
    }

    /** Ignores everything. */
    static ProgressListener silent() {
        return new ProgressListener() {
            @Override
            public void started(String task, long totalBytes) {}

            @Override
            public void progressed(String task, long doneBytes, long totalBytes) {}

            @Override
            public void finished(String task, boolean success) {}

            @Override
            public void note(String message) {}
        };
    }
}
