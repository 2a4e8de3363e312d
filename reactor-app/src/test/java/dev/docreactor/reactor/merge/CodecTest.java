package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The records' writer and reader: the bytes of {@link DataOutputStream}, and the errors on bad bytes. */
class CodecTest {

    private static final int[] INTS = {0, 1, -1, 127, 128, -128, 255, 256, 0x01020304, -0x01020304,
        Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long[] LONGS = {0, 1, -1, 255, 0x0102030405060708L, -0x0102030405060708L, 42L << 16 | 7,
        Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, 1L << 32};
    private static final int[] BYTES = {0, 1, -1, 127, -128, 128, 255, 0x1ff, Integer.MIN_VALUE};
    private static final String[] STRINGS = {null, "", "a", "r:1", "réactor-1", "日本語", "€",
        "\u07ff\u0800\uffff",
        "\uD834\uDD1E", "clef \uD834\uDD1E and smile \uD83D\uDE00!", "unpaired high \uD83D", "\uDE00 unpaired low",
        "\uDE00\uD83D reversed pair", "nul \u0000 inside", "x".repeat(256), "x".repeat(257),
        "é".repeat(255) + "\uD83D\uDE00",
        "{\"big\":\"" + "é".repeat(70_000) + "\"}", "{\"big\":\"" + "x".repeat(70_000) + "\"}"};

    @Test
    void shouldWriteTheBytesOfADataOutputStream() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        // A buffer of one byte, so that every write grows it.
        Codec.Out out = new Codec.Out(1);
        for (int value : BYTES) {
            data.writeByte(value);
            out.writeByte(value);
        }
        data.writeBoolean(true);
        data.writeBoolean(false);
        out.writeBoolean(true);
        out.writeBoolean(false);
        for (int value : INTS) {
            data.writeInt(value);
            out.writeInt(value);
        }
        for (long value : LONGS) {
            data.writeLong(value);
            out.writeLong(value);
        }
        byte[] raw = {1, -1, 0, 127, -128};
        data.write(raw);
        out.write(raw);
        data.write(new byte[0]);
        out.write(new byte[0]);
        for (String value : STRINGS) {
            writeString(data, value);
            out.writeString(value);
        }
        assertThat(out.size()).as("bytes written").isEqualTo(data.size());
        assertThat(out.toByteArray()).as("the bytes DataOutputStream writes for the same calls")
                .isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldWriteEachStringLikeADataOutputStream() throws IOException {
        for (String value : STRINGS) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            writeString(new DataOutputStream(expected), value);
            Codec.Out out = new Codec.Out(1);
            out.writeString(value);
            assertThat(out.toByteArray()).as("bytes of %s", shortened(value)).isEqualTo(expected.toByteArray());
        }
    }

    @Property(tries = 500)
    void shouldWriteAnyStringLikeADataOutputStream(@ForAll("strings") String value) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        data.writeLong(-7);
        writeString(data, value);
        data.writeBoolean(true);
        Codec.Out out = new Codec.Out(3);
        out.writeLong(-7);
        out.writeString(value);
        out.writeBoolean(true);
        assertThat(out.toByteArray()).as("bytes of %s", value).isEqualTo(expected.toByteArray());

        Codec.In in = new Codec.In(expected.toByteArray(), 0);
        assertThat(in.readLong()).isEqualTo(-7);
        assertThat(in.readString()).as("read back, as String.getBytes encoded it")
                .isEqualTo(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.remaining()).isZero();
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\ud7f0', '\ue010').ofMaxLength(40),
                Arbitraries.strings().withChars('a', 'é', '€', '\ud83d', '\ude00').ofMaxLength(400));
    }

    @Test
    void shouldReadWhatADataOutputStreamWrote() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeByte(7);
        for (int value : BYTES) {
            data.writeByte(value);
        }
        data.writeBoolean(true);
        data.writeBoolean(false);
        data.writeByte(2);
        for (int value : INTS) {
            data.writeInt(value);
        }
        for (long value : LONGS) {
            data.writeLong(value);
        }
        data.write(new byte[] {1, -1, 0, 127, -128});
        for (String value : STRINGS) {
            writeString(data, value);
        }
        byte[] written = bytes.toByteArray();

        Codec.In in = new Codec.In(written, 1);
        assertThat(in.remaining()).isEqualTo(written.length - 1);
        for (int value : BYTES) {
            assertThat(in.readByte()).as("byte %s", value).isEqualTo((byte) value);
        }
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readBoolean()).as("any byte but 0 is true").isTrue();
        for (int value : INTS) {
            assertThat(in.readInt()).isEqualTo(value);
        }
        for (long value : LONGS) {
            assertThat(in.readLong()).isEqualTo(value);
        }
        byte[] raw = new byte[5];
        in.readFully(raw);
        assertThat(raw).containsExactly(1, -1, 0, 127, -128);
        in.readFully(new byte[0]);
        for (String value : STRINGS) {
            String read = in.readString();
            if (value != null && (value.contains("unpaired") || value.contains("reversed"))) {
                assertThat(read).as("an unpaired surrogate was written as '?'").contains("?").hasSameSizeAs(value);
            } else {
                assertThat(read).as("string %s", shortened(value)).isEqualTo(value);
            }
        }
        assertThat(in.remaining()).as("all read").isZero();
    }

    @Test
    void shouldWriteKeysAndHeadsInTheirDocumentedLayout() throws IOException {
        OperationKey key = new OperationKey(42L << 16 | 7, "réactor-\uD83D\uDE00", "réactor-\uD83D\uDE00:a-b");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        data.writeByte(1);
        data.writeLong(key.clock());
        writeString(data, key.origin());
        writeString(data, key.id());
        assertThat(key.toBytes()).as("version, clock, origin, id").isEqualTo(expected.toByteArray());

        StreamHead head = new StreamHead(10, 7, "2:" + "ab".repeat(32), key, 77L << 16);
        expected.reset();
        data.writeByte(3);
        data.writeLong(10);
        data.writeLong(7);
        writeString(data, head.hash());
        data.writeLong(key.clock());
        writeString(data, key.origin());
        writeString(data, key.id());
        data.writeLong(77L << 16);
        assertThat(head.toBytes()).as("version 3, next index, size, hash, last key, clock")
                .isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldRejectMissingBytesAndUnknownVersions() {
        assertThatThrownBy(() -> Codec.decode(null, "thing", in -> in.readLong())).as("no array")
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no bytes to read a thing from");
        assertThatThrownBy(() -> Codec.decode(new byte[0], "thing", in -> in.readLong())).as("no bytes")
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no bytes to read a thing from");
        for (byte version : new byte[] {0, 2, -1, Byte.MIN_VALUE}) {
            byte[] bytes = Codec.encode(version, out -> out.writeLong(5));
            assertThatThrownBy(() -> Codec.decode(bytes, "thing", in -> in.readLong())).as("version %s", version)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown thing encoding version " + version + "; this reactor reads versions 1 to 1");
        }
        byte[] three = Codec.encode((byte) 3, out -> out.writeLong(5));
        String read = Codec.decode(three, "thing", 3, (version, in) -> version + ":" + in.readLong());
        assertThat(read).as("a version up to the latest reaches the reader").isEqualTo("3:5");
    }

    @Test
    void shouldRejectTruncatedBytesAndTrailingBytes() {
        byte[] bytes = Codec.encode(out -> {
            out.writeLong(5);
            Codec.writeString(out, "hello");
        });
        String read = Codec.decode(bytes, "thing", in -> in.readLong() + Codec.readString(in));
        assertThat(read).as("the bytes in full").isEqualTo("5hello");
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Codec.decode(truncated, "thing", in -> in.readLong() + Codec.readString(in)))
                    .as("cut to %s bytes", length).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("truncated thing (" + length + " bytes)").hasCauseInstanceOf(EOFException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        assertThatThrownBy(() -> Codec.decode(longer, "thing", in -> in.readLong() + Codec.readString(in)))
                .as("two bytes too many").isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 unexpected trailing bytes after a thing");
    }

    @Test
    void shouldRejectANegativeStringLength() {
        byte[] bytes = Codec.encode(out -> out.writeInt(-2));
        assertThatThrownBy(() -> Codec.decode(bytes, "thing", Codec::readString)).as("length -2")
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unreadable thing: negative string length -2");
        byte[] smallest = Codec.encode(out -> out.writeInt(Integer.MIN_VALUE));
        assertThatThrownBy(() -> Codec.decode(smallest, "thing", Codec::readString)).as("the smallest int")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative string length");
        assertThat(Codec.decode(Codec.encode(out -> out.writeInt(-1)), "thing", Codec::readString))
                .as("-1 is an absent string").isNull();
    }

    @Test
    void shouldRejectAStringLongerThanTheBytesLeftWithoutAllocatingIt() {
        for (int length : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 8, 1 << 30, 6}) {
            byte[] bytes = Codec.encode(out -> {
                out.writeInt(length);
                out.write("hello".getBytes(StandardCharsets.US_ASCII));
            });
            // Allocating the string's bytes first would fail with an OutOfMemoryError (or take 2 GiB).
            assertThatThrownBy(() -> Codec.decode(bytes, "thing", Codec::readString)).as("length %s", length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("truncated thing (10 bytes)");
        }
    }

    @Test
    void shouldReadNothingPastTheEnd() throws IOException {
        Codec.In in = new Codec.In(new byte[] {9, 1, 2, 3}, 1);
        assertThatThrownBy(in::readLong).isInstanceOf(EOFException.class);
        assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> in.readFully(new byte[4])).isInstanceOf(EOFException.class);
        assertThat(in.remaining()).as("a failed read consumes nothing").isEqualTo(3);
        assertThat(in.readByte()).isEqualTo((byte) 1);
        assertThat(in.readByte()).isEqualTo((byte) 2);
        assertThat(in.readBoolean()).isTrue();
        assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
        assertThatThrownBy(in::readBoolean).isInstanceOf(EOFException.class);
        assertThat(new Codec.In(new byte[2], 2).remaining()).as("a reader at the end").isZero();
        assertThatThrownBy(() -> new Codec.In(new byte[2], 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldFillInIntsAlreadyWritten() {
        Codec.Out out = new Codec.Out(2);
        out.writeByte(1);
        out.skip(8);
        out.writeIntAt(1, 0x01020304);
        out.writeIntAt(5, -2);
        assertThat(out.toByteArray()).containsExactly(1, 1, 2, 3, 4, -1, -1, -1, -2);
        assertThatThrownBy(() -> out.writeIntAt(6, 0)).as("past the bytes written")
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> out.writeIntAt(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The string form of {@code Codec}'s layout, spelled out with {@link DataOutputStream}. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String shortened(String value) {
        return value == null || value.length() < 40 ? value
                : value.substring(0, 40) + "... (" + value.length() + " chars)";
    }
}
