package dev.nabla.testing;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden fixtures made with PyTorch by the scripts in {@code src/test/resources/golden/} (see
 * golden_util.py): {@code Golden.load("ops").get("add_broadcast").tensor("out")}.
 */
public final class Golden {
    private final String area;
    private final JsonNode root;

    private Golden(String area, JsonNode root) {
        this.area = area;
        this.root = root;
    }

    /** Loads {@code golden/<area>.json} from the test class path. */
    public static Golden load(String area) {
        String path = "/golden/" + area + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path + ": run make_" + area
                        + ".py with /usr/bin/python3 in src/test/resources/golden");
            }
            // Python's json writes NaN and Infinity bare; golden values include them (stability cases).
            JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
            return new Golden(area, mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One named case. */
    public Case get(String name) {
        JsonNode c = root.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no case '" + name + "' in golden/" + area + ".json");
        }
        return new Case(area + "/" + name, c);
    }

    /** The names of all cases, for parameterised tests. */
    public java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>();
        root.propertyNames().forEach(n -> {
            if (!n.startsWith("_")) {
                out.add(n);
            }
        });
        return out;
    }

    /** A case: named tensors, integer arrays and numbers. */
    public record Case(String name, JsonNode node) {
        private JsonNode field(String key) {
            JsonNode v = node.get(key);
            if (v == null) {
                throw new IllegalArgumentException("case " + name + " has no field '" + key + "'");
            }
            return v;
        }

        public boolean has(String key) {
            return node.has(key);
        }

        /** A tensor field as float32. */
        public Tensor tensor(String key) {
            return tensor(key, DType.FLOAT32);
        }

        /** A tensor field in the given dtype. */
        public Tensor tensor(String key, DType dtype) {
            return decode(field(key), dtype);
        }

        /** Element i of a list-of-tensors field. */
        public Tensor tensor(String key, int i, DType dtype) {
            return decode(field(key).get(i), dtype);
        }

        public int[] ints(String key) {
            JsonNode v = field(key);
            int[] out = new int[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i).asInt();
            }
            return out;
        }

        public double number(String key) {
            return field(key).asDouble();
        }

        public String string(String key) {
            return field(key).asString();
        }

        private static Tensor decode(JsonNode t, DType dtype) {
            JsonNode shapeNode = t.get("shape");
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asInt();
            }
            JsonNode data = t.get("data");
            double[] values = new double[data.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.get(i).asDouble();
            }
            if (values.length != Shape.numel(shape)) {
                throw new IllegalStateException("fixture tensor has " + values.length + " values for shape "
                        + Arrays.toString(shape));
            }
            // Tensor.of reads an empty shape as "1-D"; a PyTorch scalar has shape [].
            Tensor out = shape.length == 0 ? Tensor.of(values).reshape() : Tensor.of(values, shape);
            return dtype == DType.FLOAT64 ? out : out.to(dtype);
        }
    }
}
