package dev.docreactor.reactor.merge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The binary form shared by the bookkeeping records of this package: a version byte, then the fields
 * in {@link DataOutput} big-endian form, strings as a 4-byte length and UTF-8 bytes ({@code -1} for
 * an absent string). {@link DataOutput#writeUTF} is not used because it limits strings to 64 KiB.
 */
final class Codec {

    /** The only version written so far; readers reject other versions. */
    static final byte VERSION = 1;

    /** Writes the fields of one record. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutput out) throws IOException;
    }

    /** Reads the fields of one record. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    private Codec() {
    }

    static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte[] bytes, String what, Reader<T> reader) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no bytes to read a " + what + " from");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("unknown " + what + " encoding version " + bytes[0]
                    + "; this reactor reads version " + VERSION);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " unexpected trailing bytes after a " + what);
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated " + what + " (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + what + ": " + e.getMessage(), e);
        }
    }

    static void writeString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new IOException("negative string length " + length);
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
