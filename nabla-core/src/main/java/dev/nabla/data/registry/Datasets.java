package dev.nabla.data.registry;

import dev.nabla.data.InvalidDataException;
import dev.nabla.data.Synthetic;
import dev.nabla.data.TrainTest;
import dev.nabla.data.registry.DatasetSpec.Kind;
import dev.nabla.data.registry.DatasetStatus.State;
import dev.nabla.data.registry.Downloader.DownloadFailedException;
import dev.nabla.data.registry.FileCheck.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Named datasets: find them on disk, download them when missing, check them, and load them. This is
 * what {@code nabla data list|info|verify|download} and {@code --dataset NAME} call.
 *
 * <pre>{@code
 * Datasets datasets = Datasets.builder().dataDir(Path.of("data")).build();   // or Datasets.defaults()
 * TrainTest data = datasets.load("fashion-mnist");
 * }</pre>
 *
 * <p>A dataset is looked for in an explicit data folder ({@link Builder#dataDir}: {@code DIR/<name>}, then
 * {@code DIR}), in {@code $NABLA_DATA/<name>}, in {@code ~/.nabla/data/<name>} and in
 * {@code /usr/share/datasets/<name>}; the first folder that holds all its files wins. If none does, it is
 * downloaded (unless {@link Builder#download(boolean) download(false)}) into the first of the explicit
 * folder, {@code $NABLA_DATA} and {@code ~/.nabla/data}. Mirrors ({@link Builder#mirrors} or
 * {@code NABLA_DATA_MIRROR}, comma-separated base URLs serving {@code <base>/<name>/<file>}) replace the
 * official URLs.
 */
public final class Datasets {
    /** Environment variable: a folder holding one sub-folder per dataset. */
    public static final String DATA_ENV = "NABLA_DATA";
    /** Environment variable: comma-separated mirror base URLs that replace the official ones. */
    public static final String MIRROR_ENV = "NABLA_DATA_MIRROR";
    /** Where Debian's dataset packages install. */
    public static final Path SYSTEM_DATA_DIR = Path.of("/usr/share/datasets");

    private final Catalog catalog;
    private final Locator locator;
    private final List<URI> mirrors;
    private final boolean autoDownload;
    private final ProgressListener progress;
    private final Duration stallTimeout;
    private HttpClient client;

    private Datasets(Builder b) {
        this.catalog = b.catalog;
        Map<String, String> env = b.environment;
        String envData = env.get(DATA_ENV);
        Path envDir = envData == null || envData.isBlank() ? null : Path.of(envData);
        this.locator = new Locator(b.dataDir, envDir, b.home, b.systemDir);
        List<URI> m = b.mirrors;
        if (m == null) {
            String envMirrors = env.get(MIRROR_ENV);
            m = envMirrors == null || envMirrors.isBlank() ? List.of()
                    : Arrays.stream(envMirrors.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                            .map(URI::create).toList();
        }
        this.mirrors = m;
        this.autoDownload = b.download;
        this.progress = b.progress;
        this.stallTimeout = b.stallTimeout;
        this.client = b.client;
    }

    /** The standard catalog, the process's environment, the user's home, progress on stderr. */
    public static Datasets defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The folders searched for {@code name}, in order. */
    public List<Path> searchPaths(String name) {
        return catalog.get(name).kind() == Kind.SYNTH ? List.of() : locator.candidates(name);
    }

    /** The URLs each file of {@code name} is downloaded from: the mirrors if any are set, else the official ones. */
    public List<URI> urls(DatasetSpec spec, RemoteFile file) {
        if (mirrors.isEmpty()) {
            return spec.urls(file);
        }
        return mirrors.stream().map(m -> withSlash(m).resolve(spec.name() + "/" + file.fileName())).toList();
    }

    private static URI withSlash(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? base : URI.create(s + "/");
    }

    /** Loads {@code name} with the default options. */
    public TrainTest load(String name) {
        return load(name, LoadOptions.defaults());
    }

    /**
     * Loads {@code name}: finds it (downloading it if allowed and needed), reads it with its format's loader
     * and, unless {@code options.verify()} is off, checks every file's SHA-256 in the same pass.
     *
     * @throws DatasetUnavailableException if it is nowhere and cannot be downloaded
     * @throws InvalidDataException if a file is malformed or does not match its checksum
     */
    public TrainTest load(String name, LoadOptions options) {
        DatasetSpec spec = catalog.get(name);
        if (spec.kind() == Kind.SYNTH) {
            return Synthetic.generate(options.synthTrain(), options.synthTest(), options.synthSeed());
        }
        if (spec.kind() != Kind.CIFAR100 && options.coarseLabels()) {
            throw new IllegalArgumentException("Coarse labels exist only for cifar100, not " + name);
        }
        Location location = acquire(name);
        List<FileCheck> checks = new ArrayList<>();
        TrainTest data = DatasetReader.read(spec, location, options.coarseLabels(), checks);
        if (options.verify()) {
            for (FileCheck c : checks) {
                if (c.status() == Status.MISMATCH) {
                    throw mismatch(spec, c);
                }
                if (c.status() == Status.NOT_PUBLISHED) {
                    progress.note("Note: " + c);
                }
            }
        }
        return data;
    }

    private InvalidDataException mismatch(DatasetSpec spec, FileCheck c) {
        return new InvalidDataException(c.path() + ": checksum mismatch: expected SHA-256 " + c.expected() + " (the"
                + " published " + spec.name() + " file), found " + c.found() + ". The file is corrupt, incomplete or"
                + " another dataset's: delete it and run `nabla data download " + spec.name() + "`, or replace it with"
                + " a copy from " + spec.baseUrls().stream().map(URI::toString).findFirst().orElse("its publisher") + ".");
    }

    /** Where {@code name} is on this machine, or null; nothing is downloaded or checked. */
    public Location locate(String name) {
        DatasetSpec spec = catalog.get(name);
        return spec.kind() == Kind.SYNTH ? null : locator.find(spec);
    }

    /**
     * Where {@code name} is, downloading it first if it is nowhere and downloads are allowed.
     *
     * @throws DatasetUnavailableException with every way to provide the files, if it cannot be had
     */
    public Location acquire(String name) {
        DatasetSpec spec = catalog.get(name);
        Location found = locator.find(spec);
        if (found != null) {
            return found;
        }
        if (!autoDownload) {
            throw unavailable(spec, List.of(), "Downloading is turned off.");
        }
        return fetch(spec);
    }

    /**
     * Makes sure {@code name} is present and valid, downloading its files if it is found nowhere or its
     * copy fails its checksums. Returns where it is.
     */
    public Location download(String name) {
        DatasetSpec spec = catalog.get(name);
        if (spec.kind() == Kind.SYNTH) {
            throw new IllegalArgumentException(name + " is generated on demand; there is nothing to download");
        }
        Location found = locator.find(spec);
        if (found != null && DatasetReader.checksums(spec, found).stream().allMatch(FileCheck::ok)) {
            progress.note(name + " is already present and valid in " + found.folder());
            return found;
        }
        return fetch(spec);
    }

    private Location fetch(DatasetSpec spec) {
        Path dir = locator.downloadDir(spec.name());
        boolean existed = Files.isDirectory(dir);
        Downloader downloader = new Downloader(client(), progress, stallTimeout);
        List<String> failures = new ArrayList<>();
        for (RemoteFile f : spec.files()) {
            Path existing = dir.resolve(f.fileName());
            if (Files.isRegularFile(existing) && DatasetReader.checksum(spec, f, existing).ok()) {
                continue;
            }
            try {
                downloader.fetch(f, urls(spec, f), dir);
            } catch (DownloadFailedException e) {
                failures.addAll(e.attempts());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetUnavailableException("Download of " + spec.name() + " was interrupted; no partial"
                        + " file was kept.");
            }
        }
        Location location = failures.isEmpty() ? Locator.probe(spec, dir).location() : null;
        if (location == null) {
            if (!existed) {
                removeIfEmpty(dir);
            }
            throw unavailable(spec, failures, null);
        }
        return location;
    }

    // Made on first use: an HttpClient starts a thread, which loading from disk never needs.
    private synchronized HttpClient client() {
        if (client == null) {
            client = Downloader.defaultClient();
        }
        return client;
    }

    // A failed first download should not leave an empty folder that looks like a broken copy.
    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Not empty (a file did arrive) or not removable: either way it is harmless to keep.
        }
    }

    private DatasetUnavailableException unavailable(DatasetSpec spec, List<String> failures, String reason) {
        return new DatasetUnavailableException(new UnavailableMessage(spec, locator.probeAll(spec), failures, reason,
                locator, this::urls).render());
    }

    /** Every dataset of the catalog, where it is found (or not) and whether its checksums pass. */
    public List<DatasetStatus> list() {
        List<DatasetStatus> all = new ArrayList<>();
        for (DatasetSpec spec : catalog.all()) {
            all.add(status(spec));
        }
        return all;
    }

    private DatasetStatus status(DatasetSpec spec) {
        if (spec.kind() == Kind.SYNTH) {
            return new DatasetStatus(spec.name(), spec.title(), State.GENERATED, null, "");
        }
        for (Locator.Probe p : locator.probeAll(spec)) {
            if (p.location() != null) {
                List<FileCheck> checks = DatasetReader.checksums(spec, p.location());
                for (FileCheck c : checks) {
                    if (!c.ok()) {
                        return new DatasetStatus(spec.name(), spec.title(), State.INVALID, p.location(), c.toString());
                    }
                }
                boolean unchecked = checks.stream().anyMatch(c -> c.status() == Status.NOT_PUBLISHED);
                return new DatasetStatus(spec.name(), spec.title(), unchecked ? State.UNCHECKED : State.READY,
                        p.location(), unchecked ? "some files have no published checksum" : "");
            }
        }
        for (Locator.Probe p : locator.probeAll(spec)) {
            if (p.someFound()) {
                return new DatasetStatus(spec.name(), spec.title(), State.INCOMPLETE, null,
                        p.folder() + " lacks " + String.join(", ", p.missing()));
            }
        }
        return new DatasetStatus(spec.name(), spec.title(), State.NOT_FOUND, null, "");
    }

    /** Counts, shape, classes, published files and where {@code name} is. */
    public DatasetInfo info(String name) {
        DatasetSpec spec = catalog.get(name);
        return new DatasetInfo(spec, locate(name), searchPaths(name));
    }

    /**
     * Checks every file of {@code name} against its published SHA-256 and parses the whole dataset.
     *
     * @throws DatasetUnavailableException if it is not on this machine (nothing is downloaded)
     */
    public VerifyReport verify(String name) {
        DatasetSpec spec = catalog.get(name);
        if (spec.kind() == Kind.SYNTH) {
            throw new IllegalArgumentException(name + " is generated on demand; there are no files to verify");
        }
        Location location = locator.find(spec);
        if (location == null) {
            throw unavailable(spec, List.of(), "Nothing was downloaded: `verify` only checks files already here.");
        }
        List<FileCheck> checks = new ArrayList<>();
        try {
            TrainTest data = DatasetReader.read(spec, location, false, checks);
            return new VerifyReport(name, location, checks, data.train().size(), data.test().size(), null);
        } catch (InvalidDataException e) {
            return new VerifyReport(name, location, checks, -1, -1, e.getMessage());
        }
    }

    /** Options of {@link Datasets}; every default comes from the process (environment, home, stderr). */
    public static final class Builder {
        private Catalog catalog = Catalog.standard();
        private Path dataDir;
        private Map<String, String> environment = System.getenv();
        private Path home = Path.of(System.getProperty("user.home"));
        private Path systemDir = SYSTEM_DATA_DIR;
        private List<URI> mirrors;
        private boolean download = true;
        private ProgressListener progress = ProgressListener.stderr();
        private HttpClient client;
        private Duration stallTimeout = Downloader.DEFAULT_STALL_TIMEOUT;

        private Builder() {}

        /** The datasets known by name (default: {@link Catalog#standard()}). */
        public Builder catalog(Catalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** An explicit data folder, searched first (the CLI's {@code --data DIR}); null for none. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The environment to read {@code NABLA_DATA} and {@code NABLA_DATA_MIRROR} from (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The home folder holding {@code .nabla/data} (default: {@code user.home}); null for none. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The system-wide data folder (default {@code /usr/share/datasets}); null to skip it. */
        public Builder systemDataDir(Path dir) {
            this.systemDir = dir;
            return this;
        }

        /** Base URLs that replace the official ones; files are fetched from {@code <base>/<name>/<file>}. */
        public Builder mirrors(List<URI> mirrors) {
            this.mirrors = List.copyOf(mirrors);
            return this;
        }

        /** Whether a dataset found nowhere is downloaded (default true). */
        public Builder download(boolean download) {
            this.download = download;
            return this;
        }

        /** Who hears about downloads (default: plain lines on stderr). */
        public Builder progress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /** The HTTP client for downloads (default: 20 s connect timeout, redirects followed). */
        public Builder httpClient(HttpClient client) {
            this.client = client;
            return this;
        }

        /**
         * How long a download may receive no bytes, waiting for the headers or in the middle of the body,
         * before it is abandoned (default 60 s).
         */
        public Builder stallTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Invalid stall timeout: " + timeout + " (must be positive)");
            }
            this.stallTimeout = timeout;
            return this;
        }

        public Datasets build() {
            return new Datasets(this);
        }
    }
}
