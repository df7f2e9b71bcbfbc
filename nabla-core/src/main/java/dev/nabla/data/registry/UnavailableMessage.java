package dev.nabla.data.registry;

import dev.nabla.data.registry.Locator.Probe;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Writes the one message a user sees when a dataset cannot be had: where nabla looked and what it found
 * there, why downloading failed, and every way to provide the files (by hand from the official URLs,
 * {@code --data DIR}, {@code NABLA_DATA}, a mirror, a Debian package).
 */
final class UnavailableMessage {
    private final DatasetSpec spec;
    private final List<Probe> probes;
    private final List<String> failures;
    private final String reason;
    private final Locator locator;
    private final BiFunction<DatasetSpec, RemoteFile, List<URI>> urls;

    UnavailableMessage(DatasetSpec spec, List<Probe> probes, List<String> failures, String reason, Locator locator,
            BiFunction<DatasetSpec, RemoteFile, List<URI>> urls) {
        this.spec = spec;
        this.probes = probes;
        this.failures = failures;
        this.reason = reason;
        this.locator = locator;
        this.urls = urls;
    }

    String render() {
        String name = spec.name();
        StringBuilder s = new StringBuilder();
        s.append("Dataset '").append(name).append("' (").append(spec.title()).append(") is not on this machine");
        s.append(failures.isEmpty() ? "." : " and could not be downloaded.");
        if (reason != null) {
            s.append(' ').append(reason);
        }
        s.append("\n\nSearched, in this order:\n");
        for (Probe p : probes) {
            s.append("  ").append(p.folder()).append(" (").append(locator.origin(p.folder(), name)).append("): ");
            if (!Files.isDirectory(p.folder())) {
                s.append("no such folder\n");
            } else if (p.someFound()) {
                s.append("incomplete, lacks ").append(String.join(", ", p.missing())).append('\n');
            } else {
                s.append("no ").append(name).append(" files\n");
            }
        }
        if (!failures.isEmpty()) {
            s.append("\nDownload failed:\n");
            for (String f : failures) {
                s.append("  ").append(f).append('\n');
            }
        }
        s.append("\nTo provide the files, do one of these:\n");
        s.append("  1. Fetch them by hand and put them in ").append(locator.downloadDir(name)).append("/ (or any folder above):\n");
        for (RemoteFile f : spec.files()) {
            List<URI> sources = urls.apply(spec, f);
            s.append("       ").append(sources.get(0)).append('\n');
        }
        List<URI> others = urls.apply(spec, spec.files().get(0));
        if (others.size() > 1) {
            s.append("     The same files are also at:");
            for (URI u : others.subList(1, others.size())) {
                String base = u.toString();
                s.append(' ').append(base, 0, base.lastIndexOf('/') + 1);
            }
            s.append('\n');
        }
        s.append("     Each is checked by its SHA-256 (`nabla data info ").append(name).append("` lists them); ")
                .append(hint()).append('\n');
        s.append("  2. Point nabla at a folder that has them: --data DIR (DIR/").append(name)
                .append(" or DIR itself), or export ").append(Datasets.DATA_ENV).append("=DIR (DIR/").append(name)
                .append(").\n");
        s.append("  3. Download through a mirror that serves <URL>/").append(name).append("/<file>: export ")
                .append(Datasets.MIRROR_ENV).append("=URL, then `nabla data download ").append(name).append("`.\n");
        if (spec.debianPackage() != null) {
            s.append("  4. Install Debian's package, which puts them in ").append(Datasets.SYSTEM_DATA_DIR).append('/')
                    .append(name).append(": sudo apt-get install ").append(spec.debianPackage()).append('\n');
        }
        s.append("Then check them with `nabla data verify ").append(name).append("`.");
        return s.toString();
    }

    private String hint() {
        return switch (spec.kind()) {
            case IDX -> "the .gz files may also be unpacked.";
            case CIFAR10, CIFAR100 -> "keep the .tar.gz as it is, or unpack it in place (the "
                    + (spec.kind() == DatasetSpec.Kind.CIFAR10 ? "cifar-10-batches-bin" : "cifar-100-binary")
                    + "/ folder is read too).";
            case SYNTH -> "";
        };
    }
}
