package dev.nabla.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Recipes: YAML files of run options that reproduce a seed's setup ({@code recipes/} in the repository,
 * bundled with the library). {@code --recipe} takes a bundled name or a file; flags override it.
 *
 * <pre>{@code
 * RunConfig c = RunConfig.defaults().with(Recipes.load("cnn-default")).with(Map.of("dataset", "fashion-mnist"));
 * }</pre>
 */
public final class Recipes {
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Recipes() {}

    /** The bundled recipe names, sorted. */
    public static List<String> names() {
        return Bundled.names("recipes");
    }

    /**
     * The options of a bundled recipe, or of a YAML file when {@code nameOrFile} is a path that exists;
     * the recipe's name is recorded under "recipe".
     *
     * @throws IllegalArgumentException for an unknown name (listing the bundled ones) or malformed YAML
     *     (with the line)
     */
    public static Map<String, Object> load(String nameOrFile) {
        Path file = Path.of(nameOrFile);
        String name;
        JsonNode root;
        try {
            if (Files.isRegularFile(file)) {
                name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                root = YAML.readTree(Files.readString(file));
            } else {
                name = nameOrFile;
                try (InputStream in = Bundled.open("recipes", nameOrFile)) {
                    if (in == null) {
                        throw new IllegalArgumentException("unknown recipe '" + nameOrFile + "': not a file, and the"
                                + " bundled recipes are " + String.join(", ", names()));
                    }
                    root = YAML.readTree(in);
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("recipe " + nameOrFile + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recipe " + nameOrFile + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("recipe " + nameOrFile + " must be a mapping of option: value");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("recipe", name);
        root.properties().forEach(e -> options.put(e.getKey(), YAML.treeToValue(e.getValue(), Object.class)));
        RunConfig.defaults().with(options);
        return options;
    }
}
