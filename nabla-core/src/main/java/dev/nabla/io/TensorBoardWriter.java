package dev.nabla.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes scalar summaries as a TensorBoard event file ({@code events.out.tfevents.<time>.<host>}), so that
 * {@code tensorboard --logdir runs/} shows the learning curves.
 *
 * <p>The file is a sequence of TFRecords (length, masked CRC-32C of the length, payload, masked CRC-32C of
 * the payload), each payload a serialised {@code tensorflow.Event} protocol buffer. The first event
 * carries {@code file_version = "brain.Event:2"}; each scalar is an Event with {@code wall_time},
 * {@code step} and a {@code Summary} holding one {@code Value{tag, simple_value}}. Event files are
 * append-only logs: a killed run leaves every complete record readable.
 */
public final class TensorBoardWriter implements Closeable {
    private final Path file;
    private final OutputStream out;

    /** Creates a new event file in {@code logDir}. */
    public TensorBoardWriter(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        long now = System.currentTimeMillis();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        this.file = logDir.resolve("events.out.tfevents." + now / 1000 + "." + host);
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        writeRecord(event(now / 1000.0, 0, out -> stringField(out, 3, "brain.Event:2")));
        out.flush();
    }

    /** The event file being written. */
    public Path file() {
        return file;
    }

    /** Records {@code value} under {@code tag} (e.g. "loss/train") at {@code step}. */
    public void addScalar(String tag, double value, long step) throws IOException {
        ByteArrayOutputStream summaryValue = new ByteArrayOutputStream();
        stringField(summaryValue, 1, tag);
        tag(summaryValue, 2, 5);
        summaryValue.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat((float) value).array());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        bytesField(summary, 1, summaryValue.toByteArray());
        writeRecord(event(System.currentTimeMillis() / 1000.0, step, ev -> bytesField(ev, 5, summary.toByteArray())));
    }

    /** Pushes buffered records to the file. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private interface Fields {
        void write(ByteArrayOutputStream out) throws IOException;
    }

    /** An Event message: wall_time (field 1, double), step (field 2, int64), then the given fields. */
    private static byte[] event(double wallTime, long step, Fields rest) throws IOException {
        ByteArrayOutputStream ev = new ByteArrayOutputStream();
        tag(ev, 1, 1);
        ev.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(wallTime).array());
        tag(ev, 2, 0);
        varint(ev, step);
        rest.write(ev);
        return ev.toByteArray();
    }

    private void writeRecord(byte[] payload) throws IOException {
        byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(payload.length).array();
        out.write(len);
        out.write(maskedCrc(len));
        out.write(payload);
        out.write(maskedCrc(payload));
    }

    /** TFRecord's checksum: CRC-32C, rotated right by 15 bits plus a constant. */
    static byte[] maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array();
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        tag(out, field, 2);
        varint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void stringField(ByteArrayOutputStream out, int field, String s) {
        bytesField(out, field, s.getBytes(StandardCharsets.UTF_8));
    }
}
