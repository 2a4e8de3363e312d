package dev.docreactor.reactor.merge;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary form shared by the bookkeeping records of this package: a version byte, then the fields
 * in {@link java.io.DataOutput} big-endian form (a boolean is one byte, 1 or 0; an int 4 bytes; a long
 * 8 bytes), strings as a 4-byte length and UTF-8 bytes ({@code -1} for an absent string).
 * {@link java.io.DataOutput#writeUTF} is not used because it limits strings to 64 KiB.
 *
 * <p>The fields are written to an {@link Out} and read from an {@link In}, which work on a byte array
 * directly: a record is encoded and decoded several times per job, and the stream layers
 * ({@code DataOutputStream} over {@code ByteArrayOutputStream}, {@code DataInputStream} over
 * {@code ByteArrayInputStream}) cost more than the fields.
 */
final class Codec {

    /** The version of records whose layout never changed; readers reject other versions. */
    static final byte VERSION = 1;

    /** Reads the fields of one record written with a given version. */
    @FunctionalInterface
    interface VersionedReader<T> {
        T read(int version, In in) throws IOException;
    }

    /** Writes the fields of one record. */
    @FunctionalInterface
    interface Writer {
        void write(Out out);
    }

    /** Reads the fields of one record. */
    @FunctionalInterface
    interface Reader<T> {
        T read(In in) throws IOException;
    }

    /** The capacity a record's buffer starts with. */
    private static final int DEFAULT_CAPACITY = 256;

    /** The largest array a JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Codec() {
    }

    static byte[] encode(Writer writer) {
        return encode(VERSION, writer);
    }

    /**
     * Encodes a record whose layout is at {@code version}: into a buffer of {@value #DEFAULT_CAPACITY} bytes (which
     * holds a head, a key or a header), grown as needed, then copied once into an array of the record's length.
     */
    static byte[] encode(byte version, Writer writer) {
        Out out = new Out(DEFAULT_CAPACITY);
        out.writeByte(version);
        writer.write(out);
        return out.toByteArray();
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
        In in = new In(bytes, 1);
        try {
            T value = reader.read(version, in);
            if (in.remaining() > 0) {
                throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes after a " + what);
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated " + what + " (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes a string, possibly {@code null}: see {@link Out#writeString}. */
    static void writeString(Out out, String value) {
        out.writeString(value);
    }

    /** Reads a string written by {@link #writeString}: see {@link In#readString}. */
    static String readString(In in) throws IOException {
        return in.readString();
    }

    /**
     * Writes the fields of a record into a byte array that grows as needed, in the form
     * {@link java.io.DataOutputStream} writes them. Not thread-safe; one per record.
     */
    static final class Out {

        private byte[] buffer;
        private int size;

        /** A writer whose buffer holds {@code capacity} bytes before it grows. */
        Out(int capacity) {
            buffer = new byte[Math.max(capacity, 1)];
        }

        /** The number of bytes written. */
        int size() {
            return size;
        }

        /** Writes the low 8 bits of {@code value}, like {@link java.io.DataOutput#writeByte}. */
        void writeByte(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        /** Writes 1 for {@code true} and 0 for {@code false}, like {@link java.io.DataOutput#writeBoolean}. */
        void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        /** Writes 4 bytes, high byte first, like {@link java.io.DataOutput#writeInt}. */
        void writeInt(int value) {
            ensure(Integer.BYTES);
            putInt(size, value);
            size += Integer.BYTES;
        }

        /** Writes 8 bytes, high byte first, like {@link java.io.DataOutput#writeLong}. */
        void writeLong(long value) {
            ensure(Long.BYTES);
            byte[] b = buffer;
            int at = size;
            b[at] = (byte) (value >>> 56);
            b[at + 1] = (byte) (value >>> 48);
            b[at + 2] = (byte) (value >>> 40);
            b[at + 3] = (byte) (value >>> 32);
            b[at + 4] = (byte) (value >>> 24);
            b[at + 5] = (byte) (value >>> 16);
            b[at + 6] = (byte) (value >>> 8);
            b[at + 7] = (byte) value;
            size = at + Long.BYTES;
        }

        /** Writes {@code bytes} as they are, like {@link java.io.DataOutput#write(byte[])}. */
        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        /** Writes {@code count} zero bytes, to be filled in later with {@link #writeIntAt}. */
        void skip(int count) {
            ensure(count);
            Arrays.fill(buffer, size, size + count, (byte) 0);
            size += count;
        }

        /** Overwrites the 4 bytes at {@code at}, already written, with {@code value}, high byte first. */
        void writeIntAt(int at, int value) {
            if (at < 0 || at > size - Integer.BYTES) {
                throw new IndexOutOfBoundsException("int at " + at + " of " + size + " bytes written");
            }
            putInt(at, value);
        }

        /**
         * Writes a string: its UTF-8 length (4 bytes) and its UTF-8 bytes ({@link String#getBytes}); {@code -1} and
         * nothing else for {@code null}.
         */
        void writeString(String value) {
            if (value == null) {
                writeInt(-1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }

        /**
         * The bytes written. When the buffer is exactly full, that is the buffer itself, so this is the last call
         * on this writer.
         */
        byte[] toByteArray() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }

        private void putInt(int at, int value) {
            byte[] b = buffer;
            b[at] = (byte) (value >>> 24);
            b[at + 1] = (byte) (value >>> 16);
            b[at + 2] = (byte) (value >>> 8);
            b[at + 3] = (byte) value;
        }

        /** Makes room for {@code count} more bytes. */
        private void ensure(int count) {
            if (count > buffer.length - size) {
                grow(count);
            }
        }

        private void grow(int count) {
            long needed = (long) size + count;
            if (needed > MAX_ARRAY) {
                throw new OutOfMemoryError("a record of " + needed + " bytes");
            }
            long doubled = 2L * buffer.length;
            buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_ARRAY, Math.max(needed, doubled)));
        }
    }

    /**
     * Reads the fields of a record from a byte array, in the form {@link java.io.DataInputStream} reads them. Reading
     * past the end throws {@link EOFException} and reads nothing. Not thread-safe; one per record.
     */
    static final class In {

        private final byte[] bytes;
        private final int end;
        private int at;

        /** A reader of {@code bytes} from {@code from} to their end. */
        In(byte[] bytes, int from) {
            if (from < 0 || from > bytes.length) {
                throw new IndexOutOfBoundsException("offset " + from + " of " + bytes.length + " bytes");
            }
            this.bytes = bytes;
            this.end = bytes.length;
            this.at = from;
        }

        /** The number of bytes not read yet. */
        int remaining() {
            return end - at;
        }

        /** Reads one signed byte, like {@link java.io.DataInput#readByte}. */
        byte readByte() throws EOFException {
            need(1);
            return bytes[at++];
        }

        /** Reads a byte, {@code true} unless it is 0, like {@link java.io.DataInput#readBoolean}. */
        boolean readBoolean() throws EOFException {
            return readByte() != 0;
        }

        /** Reads 4 bytes, high byte first, like {@link java.io.DataInput#readInt}. */
        int readInt() throws EOFException {
            need(Integer.BYTES);
            byte[] b = bytes;
            int i = at;
            at = i + Integer.BYTES;
            return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
        }

        /** Reads 8 bytes, high byte first, like {@link java.io.DataInput#readLong}. */
        long readLong() throws EOFException {
            need(Long.BYTES);
            byte[] b = bytes;
            int i = at;
            at = i + Long.BYTES;
            return (b[i] & 0xffL) << 56 | (b[i + 1] & 0xffL) << 48 | (b[i + 2] & 0xffL) << 40 | (b[i + 3] & 0xffL) << 32
                    | (b[i + 4] & 0xffL) << 24 | (b[i + 5] & 0xffL) << 16 | (b[i + 6] & 0xffL) << 8 | b[i + 7] & 0xffL;
        }

        /**
         * Fills {@code into}, like {@link java.io.DataInput#readFully(byte[])}; reads nothing when too
         * few are left.
         */
        void readFully(byte[] into) throws EOFException {
            need(into.length);
            System.arraycopy(bytes, at, into, 0, into.length);
            at += into.length;
        }

        /**
         * Reads a string written by {@link Out#writeString}. A length past the end of the bytes is rejected before
         * anything is allocated for it.
         *
         * @throws EOFException if the bytes end before the string
         * @throws IOException if the length is negative other than {@code -1}
         */
        String readString() throws IOException {
            int length = readInt();
            if (length == -1) {
                return null;
            }
            if (length < 0) {
                throw new IOException("negative string length " + length);
            }
            need(length);
            String value = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return value;
        }

        private void need(int count) throws EOFException {
            if (count > end - at) {
                throw new EOFException(count + " bytes needed at offset " + at + ", " + (end - at) + " left");
            }
        }
    }
}
