package dev.nabla.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * An HTTP server on 127.0.0.1 that answers every request with the same {@code size} bytes, which are not
 * any dataset's: a mirror whose downloads must fail their checksums. The machines cannot reach the real
 * publishers, so this is how the download path is exercised end to end.
 */
final class LocalMirror implements AutoCloseable {
    private final HttpServer server;

    LocalMirror(int size) throws IOException {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 7);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The base URL, ending with a slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
