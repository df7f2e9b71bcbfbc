package dev.nabla.data.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads one file, trying each URL in turn, so that a file appears under its final name only complete
 * and verified: the bytes go to {@code <name>.part} in a staging folder beside the dataset folder
 * ({@code .<dataset>.download/}) while their SHA-256 is computed, the file is flushed to disk, and only if
 * the checksum matches is it renamed (atomically, same file system) into the dataset folder. On any
 * failure the {@code .part} file is deleted; a process killed mid-download leaves it only in the staging
 * folder, so the dataset folder never holds a partial file. A server that sends nothing for the stall
 * timeout, before the headers or in the middle of the body, fails the attempt.
 */
final class Downloader {
    /** The reasons each URL failed, in order. */
    static final class DownloadFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> attempts;

        DownloadFailedException(String fileName, List<String> attempts) {
            super("Could not download " + fileName + ":\n  " + String.join("\n  ", attempts));
            this.attempts = List.copyOf(attempts);
        }

        List<String> attempts() {
            return attempts;
        }
    }

    /** How long a download may receive nothing before it is abandoned, unless configured otherwise. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private static final int BUFFER = 1 << 16;

    private final HttpClient client;
    private final ProgressListener progress;
    private final Duration stallTimeout;

    Downloader(HttpClient client, ProgressListener progress, Duration stallTimeout) {
        this.client = client;
        this.progress = progress;
        this.stallTimeout = stallTimeout;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Downloads {@code file} into {@code folder} from the first of {@code urls} that delivers it intact. */
    Path fetch(RemoteFile file, List<URI> urls, Path folder) throws DownloadFailedException, InterruptedException {
        Path target = folder.resolve(file.fileName());
        Path staging = folder.resolveSibling("." + folder.getFileName() + ".download");
        Path part = staging.resolve(file.fileName() + ".part");
        List<String> attempts = new ArrayList<>();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            attempts.add("cannot create " + folder + ": " + e);
            throw new DownloadFailedException(file.fileName(), attempts);
        }
        for (URI url : urls) {
            String task = "Downloading " + url;
            boolean ok = false;
            try {
                Files.createDirectories(staging);
                String failure = fetchOnce(url, file, part, task);
                if (failure == null) {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    syncDirectory(folder);
                    ok = true;
                    return target;
                }
                attempts.add(url + ": " + failure);
            } catch (IOException e) {
                attempts.add(url + ": " + describe(e));
            } finally {
                if (!ok) {
                    deleteQuietly(part);
                }
                deleteQuietly(staging);
                progress.finished(task, ok);
            }
        }
        throw new DownloadFailedException(file.fileName(), attempts);
    }

    /** Streams one URL into {@code part}; returns null on success or the reason it is unusable. */
    private String fetchOnce(URI url, RemoteFile file, Path part, String task) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(stallTimeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = new StallTimeoutInputStream(response.body(), stallTimeout)) {
            if (response.statusCode() != 200) {
                return "HTTP status " + response.statusCode();
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(file.size());
            progress.started(task, total);
            MessageDigest sha = HashingInputStream.newDigest();
            long done = 0;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    sha.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    done += n;
                    progress.progressed(task, done, total);
                }
                out.force(true);
            }
            String found = HashingInputStream.hex(sha);
            if (!found.equalsIgnoreCase(file.sha256())) {
                return "checksum mismatch for " + file.fileName() + ": expected SHA-256 " + file.sha256() + ", found "
                        + found + " (" + done + " bytes" + (file.size() >= 0 ? ", published size " + file.size() : "")
                        + "); the file was discarded";
            }
            return null;
        }
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
            return "cannot connect, no server answered (" + what + (e.getMessage() != null ? ": " + e.getMessage() : "")
                    + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return e.getMessage();
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host (" + e.getMessage() + "): no network, or no DNS";
        }
        return "transfer failed (" + what + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")";
    }

    // A rename is durable only once the directory entry is on disk; not every platform can sync a folder.
    private static void syncDirectory(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The data is already synced; only the rename's durability across a power cut is at stake.
        }
    }

    /** Deletes a file, or a folder if it is empty; leaves it in place on failure. */
    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A non-empty staging folder or an undeletable .part stays beside the dataset folder: never read
            // as data, overwritten by the next download.
        }
    }
}
