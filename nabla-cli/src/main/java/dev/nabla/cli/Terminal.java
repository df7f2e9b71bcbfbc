package dev.nabla.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Whether progress can be drawn in place: stderr must be a terminal (the launcher tells, since it sees
 * the real file descriptor) and {@code CI} must not be set. Otherwise output is plain lines.
 */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            return false;
        }
        String tty = System.getProperty("nabla.stderr.tty");
        return tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    }

    /** Prints a line on {@code err}; above the progress bar, if one is drawn. */
    static void println(PrintStream err, ProgressBar bar, String line) {
        if (bar != null) {
            bar.pause();
            err.print("\r\033[K");
            err.println(line);
            bar.resume();
        } else {
            err.println(line);
        }
    }
}
