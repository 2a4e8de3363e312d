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

    /** The version of records whose layout never changed; readers reject other versions. */
    static final byte VERSION = 1;

    /** Reads the fields of one record written with a given version. */
    @FunctionalInterface
    interface VersionedReader<T> {
        T read(int version, DataInput in) throws IOException;
    }

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
        return encode(VERSION, writer);
    }

    /** Encodes a record whose layout is at {@code version}. */
    static byte[] encode(byte version, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            writer.write(out);
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte[] bytes, String what, Reader<T> reader) {
        return decode(bytes, what, VERSION, (version, in) -> reader.read(in));
    }

    /** Decodes a record written with any version from 1 to {@code latest}; the reader gets the version. */
    static <T> T decode(byte[] bytes, String what, int latest, VersionedReader<T> reader) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no bytes to read a " + what + " from");
        }
        int version = bytes[0];
        if (version < 1 || version > latest) {
            throw new IllegalArgumentException("unknown " + what + " encoding version " + version
                    + "; this reactor reads versions 1 to " + latest);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            T value = reader.read(version, in);
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
