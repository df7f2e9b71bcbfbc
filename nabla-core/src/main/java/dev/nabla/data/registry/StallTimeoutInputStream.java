package dev.nabla.data.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A response body that gives up when the server stalls. The JDK's HTTP client has no read timeout: a
 * request's timeout ends when the headers arrive, and a body read then waits forever for a server that
 * stopped sending. Here a watchdog thread closes the body once no byte has arrived for {@code timeout},
 * which wakes the blocked read, and the read fails with an {@link HttpTimeoutException} that says so.
 */
final class StallTimeoutInputStream extends InputStream {
    private final InputStream body;
    private final Duration timeout;
    private final Thread watchdog;
    private volatile long lastArrival = System.nanoTime();
    private volatile boolean stalled;
    private long received;

    StallTimeoutInputStream(InputStream body, Duration timeout) {
        this.body = body;
        this.timeout = timeout;
        this.watchdog = Thread.ofVirtual().name("nabla-download-watchdog").start(this::watch);
    }

    private void watch() {
        try {
            long left;
            while ((left = timeout.toNanos() - (System.nanoTime() - lastArrival)) > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            stalled = true;
            body.close();
        } catch (InterruptedException e) {
            // close() ends the watch: the transfer is over.
        } catch (IOException e) {
            // Closing failed: the blocked read cannot be woken, but it will report a stall when it returns.
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = body.read(b, off, len);
        } catch (IOException e) {
            throw stalled ? stall(e) : e;
        }
        if (stalled) {
            throw stall(null);
        }
        if (n > 0) {
            received += n;
            lastArrival = System.nanoTime();
        }
        return n;
    }

    private HttpTimeoutException stall(IOException cause) {
        HttpTimeoutException e = new HttpTimeoutException("stalled: no data for " + seconds(timeout) + " after "
                + received + " bytes; the download was abandoned");
        e.initCause(cause);
        return e;
    }

    /** {@code 60 s}, or {@code 1500 ms} when the duration is not a whole number of seconds. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() throws IOException {
        watchdog.interrupt();
        body.close();
    }
}
