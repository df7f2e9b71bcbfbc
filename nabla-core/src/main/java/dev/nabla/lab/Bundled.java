package dev.nabla.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The YAML files bundled with the library from the repository's top-level folders ({@code recipes/},
 * {@code grids/}), found by name.
 */
public final class Bundled {
    private Bundled() {}

    /** The names (file names without .yaml) in a bundled folder such as "recipes", sorted. */
    public static List<String> names(String folder) {
        URL dir = Bundled.class.getResource("/" + folder + "/");
        if (dir == null) {
            return List.of();
        }
        try {
            if (dir.getProtocol().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(dir.toURI(), Map.of())) {
                    return list(fs.getPath("/" + folder));
                } catch (FileSystemAlreadyExistsException e) {
                    return list(FileSystems.getFileSystem(dir.toURI()).getPath("/" + folder));
                }
            }
            return list(Path.of(dir.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled " + folder + ": " + e.getMessage(), e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 5)));
        }
        Collections.sort(names);
        return names;
    }

    /** The bundled file {@code folder/name.yaml}, or null when there is none. */
    public static InputStream open(String folder, String name) {
        return Bundled.class.getResourceAsStream("/" + folder + "/" + name + ".yaml");
    }
}
