package dev.nabla.io;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesOrderShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc1.weight", Tensor.randn(new Rng(1), 100, 784));
        tensors.put("fc1.bias", Tensor.randn(new Rng(2), 100));
        tensors.put("bn.num_batches_tracked", Tensor.scalar(3));
        tensors.put("double", Tensor.of(new double[] {Math.PI, -1e300}));
        tensors.put("empty", Tensor.zeros(0, 4));
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));
        Safetensors.Contents back = Safetensors.read(file);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((k, v) -> assertBitIdentical(back.tensors().get(k), v, k));
        assertThat(back.tensors().get("double").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(back.metadata()).containsEntry("format", "pt");
        assertThat(Files.list(dir)).containsExactly(file);
    }

    /** A file built by hand: the header JSON as given, then {@code dataBytes} bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
        out.write(new byte[dataBytes]);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void readsHalfPrecisionAndIntegerTensorsAsFloat32() throws IOException {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]}}";
        Path p = file(header, 0);
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f)).putLong(7);
        Files.write(p, data.array(), java.nio.file.StandardOpenOption.APPEND);
        Safetensors.Contents c = Safetensors.read(p);
        assertThat(c.tensors().get("h").toFloatArray()).containsExactly(1.5f, -2f);
        assertThat(c.tensors().get("n").item()).isEqualTo(7f);
    }

    @Test
    void hugeHeaderLengthIsRejectedWithoutAllocating() throws IOException {
        Path p = dir.resolve("huge.safetensors");
        Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3).array());
        assertThatThrownBy(() -> Safetensors.read(p)).isInstanceOf(IOException.class)
                .hasMessageContaining("huge.safetensors").hasMessageContaining("header length");
        Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("header length");
    }

    @Test
    void tooShortFile() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[3]);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("fewer than the 8-byte header length");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        Path p = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("'w' ends at byte 16")
                .hasMessageContaining("only 8 bytes");
    }

    @Test
    void overlappingTensors() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("overlaps");
    }

    @Test
    void unclaimedBytes() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("belong to no tensor");
        Path q = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8);
        assertThatThrownBy(() -> Safetensors.read(q)).hasMessageContaining("tensors cover 4");
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("unsupported dtype 'C64'");
    }

    @Test
    void shapeThatDisagreesWithTheByteRange() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("needs 12 bytes");
    }

    @Test
    void malformedJsonAndDuplicateKeys() throws IOException {
        Path p = file("{\"a\": [", 0);
        assertThatThrownBy(() -> Safetensors.read(p)).hasMessageContaining("not valid JSON");
        Path q = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        assertThatThrownBy(() -> Safetensors.read(q)).hasMessageContaining("not valid JSON");
        Path r = file("[1, 2]", 0);
        assertThatThrownBy(() -> Safetensors.read(r)).hasMessageContaining("JSON object");
        Path s = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4);
        assertThatThrownBy(() -> Safetensors.read(s)).hasMessageContaining("invalid dimension");
    }

    @Test
    void atomicWriteLeavesTheOldFileWhenTheWriterFails() throws IOException {
        Path target = dir.resolve("keep.txt");
        AtomicFiles.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Files.list(dir)).containsExactly(target);
    }
}
