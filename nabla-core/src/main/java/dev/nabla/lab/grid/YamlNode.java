package dev.nabla.lab.grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML value with the line it starts on, so that grid-spec errors can name the line. Jackson's tree
 * model drops locations, hence this small reader over the token stream. Keys of mappings are
 * normalised ({@code max-steps} is {@code max_steps}); a key given twice is an error.
 *
 * @param value a {@code Map<String, YamlNode>}, a {@code List<YamlNode>}, a String, Number, Boolean or null
 * @param line 1-based line of the value in the file
 */
record YamlNode(Object value, int line) {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * Parses a YAML document.
     *
     * @throws IllegalArgumentException for malformed YAML or a duplicate key, naming the line
     */
    static YamlNode parse(String text, String source) {
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                return new YamlNode(null, 1);
            }
            return read(p, source);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + (e.getLocation() == null ? "" : " line "
                    + e.getLocation().getLineNr()) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static YamlNode read(JsonParser p, String source) {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName().strip().replace('-', '_');
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    if (map.put(key, read(p, source)) != null) {
                        throw new IllegalArgumentException(source + " line " + keyLine + ": '" + key
                                + "' is given twice");
                    }
                }
                return new YamlNode(map, line);
            }
            case START_ARRAY -> {
                List<YamlNode> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, source));
                }
                return new YamlNode(list, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new YamlNode(p.getNumberValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode(t == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new YamlNode(null, line);
            }
            default -> {
                return new YamlNode(p.getString(), line);
            }
        }
    }

    /** Plain maps, lists and scalars as a YAML document. */
    static String write(Object plain) {
        return YAML.writeValueAsString(plain);
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    Map<String, YamlNode> map() {
        return (Map<String, YamlNode>) value;
    }

    @SuppressWarnings("unchecked")
    List<YamlNode> list() {
        return (List<YamlNode>) value;
    }

    /** The plain value: maps and lists of plain values, as RunConfig.with takes them. */
    Object plain() {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> out = new LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (value instanceof List<?>) {
            List<Object> out = new ArrayList<>();
            list().forEach(v -> out.add(v.plain()));
            return out;
        }
        return value;
    }
}
