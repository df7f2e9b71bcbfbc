package dev.nabla.cli;

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
}
