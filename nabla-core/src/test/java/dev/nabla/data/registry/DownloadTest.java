package dev.nabla.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.nabla.data.ImageDataset;
import dev.nabla.data.TrainTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a local HTTP server on the loopback interface: success, bad checksum, dropped connection,
 * stalled server, no server.
 */
class DownloadTest {
    @TempDir
    Path home;

    private HttpServer server;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Ends the wait of a stalled transfer, so that the server can stop. */
    private final CountDownLatch unstall = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> published = TinyDatasets.idxPublished();
        // /good/tiny/<file>: the published bytes. /bad/...: one byte changed. /drop/...: half, then the connection
        // closes. /stall/...: half, then nothing until the test ends.
        server.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            byte[] body = parts.length == 4 ? published.get(parts[3]) : null;
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] sent = body.clone();
                if (parts[1].equals("bad")) {
                    sent[sent.length / 2] ^= 1;
                }
                exchange.sendResponseHeaders(200, sent.length);
                OutputStream out = exchange.getResponseBody();
                if (parts[1].equals("drop") || parts[1].equals("stall")) {
                    out.write(sent, 0, sent.length / 2);
                    out.flush();
                    if (parts[1].equals("stall")) {
                        unstall.await(60, TimeUnit.SECONDS);
                    }
                    // Closing short of the announced length makes the server drop the connection.
                    return;
                }
                out.write(sent);
            } catch (IOException e) {
                // The dropped transfer ends here on the server side.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        // The handler runs on the server's dispatcher thread, which stop() waits for.
        unstall.countDown();
        server.stop(0);
    }

    private URI base(String mode) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/");
    }

    private Datasets datasets(URI mirror) {
        return builder(mirror).build();
    }

    private Datasets.Builder builder(URI mirror) {
        DatasetSpec spec = TinyDatasets.idxSpec("tiny", URI.create("http://127.0.0.1:9/official/"), true);
        return Datasets.builder().catalog(Catalog.of(List.of(spec))).environment(Map.of()).home(home)
                .systemDataDir(null).mirrors(List.of(mirror)).progress(recorder());
    }

    private ProgressListener recorder() {
        return new ProgressListener() {
            @Override
            public void started(String task, long totalBytes) {
                events.add("start " + task + " " + totalBytes);
            }

            @Override
            public void progressed(String task, long doneBytes, long totalBytes) {
                events.add("progress " + doneBytes);
            }

            @Override
            public void finished(String task, boolean success) {
                events.add((success ? "ok " : "failed ") + task);
            }

            @Override
            public void note(String message) {
                events.add("note " + message);
            }
        };
    }

    private Path folder() {
        return home.resolve(".nabla/data/tiny");
    }

    /** The files in the dataset folder; also asserts that the download staging folder is gone. */
    private List<String> filesLeft() throws IOException {
        assertThat(folder().resolveSibling(".tiny.download")).doesNotExist();
        if (!Files.isDirectory(folder())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesMovesIntoPlaceAndLoads() throws IOException {
        TrainTest data = datasets(base("good")).load("tiny");
        assertThat(data.train().labels()).containsExactly(2, 0, 1);
        assertThat(((ImageDataset) data.test()).pixel(1, 0, 1, 2)).isEqualTo(31 + 7 + 2);
        assertThat(filesLeft()).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        assertThat(Files.readAllBytes(folder().resolve("train-labels-idx1-ubyte.gz")))
                .isEqualTo(TinyDatasets.idxPublished().get("train-labels-idx1-ubyte.gz"));
        String url = base("good") + "tiny/train-images-idx3-ubyte.gz";
        long size = TinyDatasets.idxPublished().get("train-images-idx3-ubyte.gz").length;
        assertThat(events).contains("start Downloading " + url + " " + size, "progress " + size, "ok Downloading " + url);
        // Present now: a second load neither downloads nor fails.
        events.clear();
        assertThat(datasets(base("good")).load("tiny").train().size()).isEqualTo(3);
        assertThat(events).noneMatch(e -> e.startsWith("start"));
    }

    @Test
    void checksumMismatchDiscardsTheFile() throws IOException {
        assertThatThrownBy(() -> datasets(base("bad")).load("tiny")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("checksum mismatch for train-images-idx3-ubyte.gz: expected SHA-256 "
                        + TinyDatasets.sha256(TinyDatasets.idxPublished().get("train-images-idx3-ubyte.gz")))
                .hasMessageContaining("the file was discarded");
        assertThat(filesLeft()).isEmpty();
    }

    @Test
    void droppedConnectionLeavesNoPartialFile() throws IOException {
        assertThatThrownBy(() -> datasets(base("drop")).load("tiny")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining(base("drop") + "tiny/train-images-idx3-ubyte.gz: transfer failed");
        assertThat(filesLeft()).isEmpty();
        assertThat(events).contains("failed Downloading " + base("drop") + "tiny/train-images-idx3-ubyte.gz");
    }

    @Test
    @Timeout(30)
    void stalledServerIsAbandonedAfterTheStallTimeoutLeavingNoPartialFile() throws IOException {
        Datasets d = builder(base("stall")).stallTimeout(Duration.ofSeconds(1)).build();
        String url = base("stall") + "tiny/train-images-idx3-ubyte.gz";
        int half = TinyDatasets.idxPublished().get("train-images-idx3-ubyte.gz").length / 2;
        assertThatThrownBy(() -> d.load("tiny")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining(url + ": stalled: no data for 1 s after " + half + " bytes; the download was"
                        + " abandoned");
        assertThat(filesLeft()).isEmpty();
        assertThat(events).contains("progress " + half, "failed Downloading " + url);
    }

    @Test
    void stallTimeoutMustBePositive() {
        assertThatThrownBy(() -> Datasets.builder().stallTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid stall timeout: PT0S (must be positive)");
    }

    @Test
    void noServerGivesTheFullHowTo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/");
        assertThatThrownBy(() -> datasets(closed).load("tiny")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("Dataset 'tiny' (tiny IDX) is not on this machine and could not be downloaded")
                .hasMessageContaining(closed + "tiny/train-images-idx3-ubyte.gz: cannot connect")
                .hasMessageContaining(folder() + " (~/.nabla/data): no such folder")
                .hasMessageContaining("--data DIR").hasMessageContaining("NABLA_DATA=DIR")
                .hasMessageContaining("sudo apt-get install dataset-tiny");
        assertThat(filesLeft()).isEmpty();
    }

    @Test
    void mirrorFromTheEnvironment() {
        DatasetSpec spec = TinyDatasets.idxSpec("tiny", URI.create("http://127.0.0.1:9/official/"), true);
        Datasets d = Datasets.builder().catalog(Catalog.of(List.of(spec))).home(home).systemDataDir(null)
                .environment(Map.of("NABLA_DATA_MIRROR", "http://127.0.0.1:1/x, " + base("good")))
                .progress(ProgressListener.silent()).build();
        assertThat(d.urls(spec, spec.files().get(0))).containsExactly(
                URI.create("http://127.0.0.1:1/x/tiny/train-images-idx3-ubyte.gz"),
                URI.create(base("good") + "tiny/train-images-idx3-ubyte.gz"));
        assertThat(d.download("tiny").folder()).isEqualTo(folder());
    }
}
