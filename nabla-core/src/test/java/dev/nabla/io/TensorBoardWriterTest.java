package dev.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decodes the event file with an independent reader of TFRecord framing and the Event protobuf. */
class TensorBoardWriterTest {
    @TempDir
    Path dir;

    @Test
    void maskedCrcMatchesTheTfRecordDefinition() {
        // CRC-32C("123456789") = 0xE3069283 (the standard check value); masked = rotr15 + 0xa282ead8.
        int crc = 0xE3069283;
        int expected = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        byte[] masked = TensorBoardWriter.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(ByteBuffer.wrap(masked).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(expected);
    }

    record Scalar(long step, String tag, float value) {}

    @Test
    void writesAVersionEventThenOneEventPerScalar() throws IOException {
        Path file;
        try (TensorBoardWriter w = new TensorBoardWriter(dir)) {
            w.addScalar("loss/train", 2.5, 100);
            w.addScalar("accuracy/test", 0.875, 200);
            file = w.file();
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
        List<byte[]> records = records(Files.readAllBytes(file));
        assertThat(records).hasSize(3);
        assertThat(new String(records.get(0), StandardCharsets.UTF_8)).contains("brain.Event:2");
        assertThat(decode(records.get(1))).isEqualTo(new Scalar(100, "loss/train", 2.5f));
        assertThat(decode(records.get(2))).isEqualTo(new Scalar(200, "accuracy/test", 0.875f));
    }

    private static List<byte[]> records(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            byte[] lenCrc = new byte[4];
            b.get(lenCrc);
            assertThat(lenCrc).containsExactly(TensorBoardWriter.maskedCrc(len));
            byte[] payload = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(payload);
            byte[] crc = new byte[4];
            b.get(crc);
            assertThat(crc).containsExactly(TensorBoardWriter.maskedCrc(payload));
            out.add(payload);
        }
        return out;
    }

    /** Minimal protobuf decoding of Event{step=2, summary=5{value=1{tag=1, simple_value=2}}}. */
    private static Scalar decode(byte[] event) {
        ByteBuffer b = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
        long step = -1;
        Scalar inner = null;
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> {
                    long v = varint(b);
                    if (field == 2) {
                        step = v;
                    }
                }
                case 1 -> b.getDouble();
                case 2 -> {
                    byte[] sub = new byte[(int) varint(b)];
                    b.get(sub);
                    if (field == 5) {
                        inner = decodeSummary(sub);
                    }
                }
                case 5 -> b.getFloat();
                default -> throw new AssertionError("unexpected wire type " + wire);
            }
        }
        return new Scalar(step, inner.tag(), inner.value());
    }

    private static Scalar decodeSummary(byte[] summary) {
        ByteBuffer b = ByteBuffer.wrap(summary).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(varint(b)).isEqualTo((1 << 3) | 2);
        byte[] value = new byte[(int) varint(b)];
        b.get(value);
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(varint(v)).isEqualTo((1 << 3) | 2);
        byte[] tag = new byte[(int) varint(v)];
        v.get(tag);
        assertThat(varint(v)).isEqualTo((2 << 3) | 5);
        return new Scalar(-1, new String(tag, StandardCharsets.UTF_8), v.getFloat());
    }

    private static long varint(ByteBuffer b) {
        long result = 0;
        int shift = 0;
        while (true) {
            byte x = b.get();
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }
}
