package dev.nabla.data.registry;

import dev.nabla.data.format.CifarFormat;
import dev.nabla.data.registry.DatasetSpec.Kind;
import dev.nabla.data.registry.Location.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a dataset's files on disk, in this order: the explicit data folder ({@code --data DIR}: first
 * {@code DIR/<name>}, then {@code DIR} itself), {@code $NABLA_DATA/<name>}, {@code ~/.nabla/data/<name>},
 * and {@code /usr/share/datasets/<name>} (where Debian's dataset packages install).
 */
final class Locator {
    private final Path explicitDir;
    private final Path envDir;
    private final Path homeDir;
    private final Path systemDir;

    Locator(Path explicitDir, Path envDir, Path homeDir, Path systemDir) {
        this.explicitDir = explicitDir;
        this.envDir = envDir;
        this.homeDir = homeDir;
        this.systemDir = systemDir;
    }

    /**
     * What one candidate folder holds: a complete location, or the files it lacks ({@code someFound} tells
     * whether any of the dataset's files is there, i.e. the copy is incomplete rather than absent).
     */
    record Probe(Path folder, Location location, List<String> missing, boolean someFound) {}

    /** The folders searched for {@code name}, in order. */
    List<Path> candidates(String name) {
        List<Path> dirs = new ArrayList<>();
        if (explicitDir != null) {
            dirs.add(explicitDir.resolve(name));
            dirs.add(explicitDir);
        }
        if (envDir != null) {
            dirs.add(envDir.resolve(name));
        }
        if (homeDir != null) {
            dirs.add(homeDir.resolve(".nabla").resolve("data").resolve(name));
        }
        if (systemDir != null) {
            dirs.add(systemDir.resolve(name));
        }
        return dirs;
    }

    /** Which setting made {@code folder} a candidate for {@code name}, for messages, e.g. {@code --data}. */
    String origin(Path folder, String name) {
        if (explicitDir != null && (folder.equals(explicitDir) || folder.equals(explicitDir.resolve(name)))) {
            return "--data";
        }
        if (envDir != null && folder.equals(envDir.resolve(name))) {
            return "$" + Datasets.DATA_ENV;
        }
        if (homeDir != null && folder.equals(homeDir.resolve(".nabla").resolve("data").resolve(name))) {
            return "~/.nabla/data";
        }
        return "system";
    }

    /** Where downloads of {@code name} go: the first of explicit, $NABLA_DATA and ~/.nabla/data. */
    Path downloadDir(String name) {
        if (explicitDir != null) {
            return explicitDir.resolve(name);
        }
        if (envDir != null) {
            return envDir.resolve(name);
        }
        if (homeDir == null) {
            throw new IllegalStateException("No folder to download " + name + " into: set NABLA_DATA or pass a data"
                    + " folder");
        }
        return homeDir.resolve(".nabla").resolve("data").resolve(name);
    }

    /** Probes every candidate folder. */
    List<Probe> probeAll(DatasetSpec spec) {
        return candidates(spec.name()).stream().map(dir -> probe(spec, dir)).toList();
    }

    /** The first complete location, or null. */
    Location find(DatasetSpec spec) {
        for (Path dir : candidates(spec.name())) {
            Probe p = probe(spec, dir);
            if (p.location() != null) {
                return p.location();
            }
        }
        return null;
    }

    static Probe probe(DatasetSpec spec, Path dir) {
        if (spec.kind() == Kind.IDX) {
            Map<String, Path> files = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (RemoteFile f : spec.files()) {
                Path gz = dir.resolve(f.fileName());
                Path raw = dir.resolve(f.unpackedName());
                if (Files.isRegularFile(gz)) {
                    files.put(f.fileName(), gz);
                } else if (Files.isRegularFile(raw)) {
                    files.put(f.fileName(), raw);
                } else {
                    missing.add(f.fileName() + " (or " + f.unpackedName() + ")");
                }
            }
            return missing.isEmpty() ? new Probe(dir, new Location(dir, Layout.IDX_FILES, files), List.of(), true)
                    : new Probe(dir, null, missing, !files.isEmpty());
        }
        CifarFormat.Variant variant = spec.kind() == Kind.CIFAR10 ? CifarFormat.Variant.CIFAR10
                : CifarFormat.Variant.CIFAR100;
        Path inner = dir.resolve(variant.folder());
        Path extracted = Files.isDirectory(inner) ? inner : dir;
        Map<String, Path> members = new LinkedHashMap<>();
        List<String> missingMembers = new ArrayList<>();
        for (RemoteFile m : spec.members()) {
            Path p = extracted.resolve(m.fileName());
            if (Files.isRegularFile(p)) {
                members.put(m.fileName(), p);
            } else {
                missingMembers.add(m.fileName());
            }
        }
        if (missingMembers.isEmpty()) {
            return new Probe(dir, new Location(dir, Layout.EXTRACTED, members), List.of(), true);
        }
        RemoteFile archive = spec.files().get(0);
        Path archivePath = dir.resolve(archive.fileName());
        if (Files.isRegularFile(archivePath)) {
            return new Probe(dir, new Location(dir, Layout.ARCHIVE, Map.of(archive.fileName(), archivePath)),
                    List.of(), true);
        }
        String missing = archive.fileName() + " (or the unpacked " + variant.folder() + "/ with "
                + String.join(", ", missingMembers) + ")";
        return new Probe(dir, null, List.of(missing), !members.isEmpty());
    }
}
