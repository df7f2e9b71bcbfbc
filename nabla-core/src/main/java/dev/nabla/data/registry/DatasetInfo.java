package dev.nabla.data.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code nabla data info} shows: the dataset's counts, sample shape and classes, its published files
 * with URLs and checksums, where nabla looks for it, and where it was found.
 *
 * @param location where it was found, or null
 */
public record DatasetInfo(DatasetSpec spec, Location location, List<Path> searchPaths) {

    public DatasetInfo {
        searchPaths = List.copyOf(searchPaths);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(spec.name()).append(": ").append(spec.title()).append('\n');
        s.append("  samples:  ").append(spec.trainCount()).append(" train, ").append(spec.testCount()).append(" test\n");
        s.append("  shape:    ").append(Arrays.toString(spec.sampleShape())).append('\n');
        s.append("  classes:  ").append(spec.classNames().size()).append(": ")
                .append(String.join(", ", spec.classNames())).append('\n');
        if (spec.homepage() != null) {
            s.append("  homepage: ").append(spec.homepage()).append('\n');
        }
        for (RemoteFile f : spec.files()) {
            s.append("  file:     ").append(f.fileName()).append(" (").append(f.size()).append(" bytes, SHA-256 ")
                    .append(f.sha256()).append(")\n");
            for (URI url : spec.urls(f)) {
                s.append("            ").append(url).append('\n');
            }
        }
        s.append("  found:    ").append(location == null ? "no" : location.folder() + " (" + location.layout() + ")")
                .append('\n');
        s.append("  searched: ").append(searchPaths.isEmpty() ? "(nothing: generated)" : searchPaths.get(0));
        for (int i = 1; i < searchPaths.size(); i++) {
            s.append("\n            ").append(searchPaths.get(i));
        }
        return s.toString();
    }
}
