package dev.nabla.io;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safetensors checkpoint format: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to its dtype, shape and byte range, then the raw little-endian data. nabla writes state
 * dicts with PyTorch's names and layouts, so {@code model.load_state_dict(...)} accepts them.
 *
 * <p>Reading validates everything before allocating tensor memory: the header length against the file
 * size, the JSON, every dtype, shape and byte range (in bounds, matching the shape, not overlapping,
 * covering the data exactly). A malformed file gives an {@link IOException} naming the file and the
 * problem, never an OutOfMemoryError or a partial result.
 */
public final class Safetensors {
    /** The reference implementation's limit; a larger header is a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Safetensors() {}

    /** The tensors of a file, in file order, and its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes tensors (float32 as F32, float64 as F64) and metadata atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().bytes();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype() == DType.FLOAT32 ? "F32" : "F64");
            var shape = entry.putArray("shape");
            for (int s : t.shape()) {
                shape.add(s);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (int i = 0; i < t.numel(); i++) {
                    if (chunk.remaining() < 8) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    if (t.dtype() == DType.FLOAT32) {
                        chunk.putFloat((float) t.getFlat(i));
                    } else {
                        chunk.putDouble(t.getFlat(i));
                    }
                }
            }
            out.write(chunk.array(), 0, chunk.position());
            out.flush();
        });
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    /** Reads and validates a whole file. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "the file has " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw bad(file, "header length " + Long.toUnsignedString(headerLen) + " is impossible for a file of "
                        + size + " bytes (limit " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, headerBuf.array(), metadata);
            long dataStart = 8 + headerLen;
            checkLayout(file, entries, size - dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + e.begin, file);
                data.flip();
                tensors.put(e.name, decode(e, data));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static List<Entry> parseHeader(Path file, byte[] header, Map<String, String> metadata) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8).strip());
        } catch (JacksonException e) {
            throw bad(file, "the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "the header must be a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw bad(file, "__metadata__ must be an object of strings");
                }
                for (Map.Entry<String, JsonNode> m : v.properties()) {
                    if (!m.getValue().isString()) {
                        throw bad(file, "__metadata__." + m.getKey() + " must be a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asString());
                }
                continue;
            }
            entries.add(parseEntry(file, name, v));
        }
        return entries;
    }

    private static Entry parseEntry(Path file, String name, JsonNode v) throws IOException {
        if (!v.isObject() || !v.has("dtype") || !v.has("shape") || !v.has("data_offsets")) {
            throw bad(file, "tensor '" + name + "' needs dtype, shape and data_offsets");
        }
        String dtype = v.get("dtype").asString();
        if (bytesPerElement(dtype) == 0) {
            throw bad(file, "tensor '" + name + "' has unsupported dtype '" + dtype
                    + "' (readable: F32, F64, F16, BF16, I64, I32)");
        }
        JsonNode shapeNode = v.get("shape");
        JsonNode offsets = v.get("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' has a malformed shape or data_offsets");
        }
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "' has an invalid dimension " + d);
            }
            shape[i] = d.asInt();
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "' with shape " + shapeNode + " is too large");
            }
        }
        if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw bad(file, "tensor '" + name + "' has non-integer data_offsets");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw bad(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "]");
        }
        if (end - begin != numel * bytesPerElement(dtype)) {
            throw bad(file, "tensor '" + name + "' of shape " + Shape.str(shape) + " and dtype " + dtype + " needs "
                    + numel * bytesPerElement(dtype) + " bytes, but data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Byte ranges must be in bounds, must not overlap, and must cover the data exactly (no hidden bytes). */
    private static void checkLayout(Path file, List<Entry> entries, long dataBytes) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.end > dataBytes) {
                throw bad(file, "tensor '" + e.name + "' ends at byte " + e.end + " but the data section has only "
                        + dataBytes + " bytes (truncated file?)");
            }
            if (e.begin < expected) {
                throw bad(file, "tensor '" + e.name + "' overlaps the tensor before it (starts at " + e.begin
                        + ", previous ends at " + expected + ")");
            }
            if (e.begin > expected) {
                throw bad(file, "bytes " + expected + " to " + e.begin + " of the data section belong to no tensor");
            }
            expected = e.end;
        }
        if (expected != dataBytes) {
            throw bad(file, "the data section has " + dataBytes + " bytes but the tensors cover " + expected);
        }
    }

    private static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            default -> 0;
        };
    }

    private static Tensor decode(Entry e, ByteBuffer data) {
        int n = Shape.numel(e.shape);
        if (e.dtype.equals("F64")) {
            double[] out = new double[n];
            data.asDoubleBuffer().get(out);
            return Tensor.wrap(out, e.shape);
        }
        float[] out = new float[n];
        switch (e.dtype) {
            case "F32" -> data.asFloatBuffer().get(out);
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(data.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((data.getShort() & 0xFFFF) << 16);
                }
            }
            case "I64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.getLong();
                }
            }
            case "I32" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = data.getInt();
                }
            }
            default -> throw new IllegalStateException("unreachable dtype " + e.dtype);
        }
        return Tensor.wrap(out, e.shape);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw bad(file, "unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static IOException bad(Path file, String problem) {
        return new IOException(file + ": not a valid safetensors file: " + problem);
    }
}
