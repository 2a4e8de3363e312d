package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;
import dev.docreactor.schema.Operation;
import java.io.IOException;
import java.util.Objects;

/**
 * The canonical sort key of an operation: {@code (clock, origin, id)}.
 *
 * <p>Every reactor orders the operations of a stream by this key, so the order of concurrent
 * operations is the same everywhere:
 *
 * <ol>
 *   <li>{@code clock}, the hybrid logical clock value ({@link HybridLogicalClock}), as a signed 64-bit
 *       number (valid clocks are never negative);
 *   <li>then {@code origin}, the id of the reactor that created the operation;
 *   <li>then {@code id}, the operation id.
 * </ol>
 *
 * <p>Strings are compared by their UTF-8 bytes as unsigned values ({@link #compareUtf8}), which is
 * the Unicode code point order: {@code "Z" < "a" < "z" < "é"}. No locale, collation or UTF-16 order
 * (Java's {@link String#compareTo}) is involved, so reactors written in any language agree.
 *
 * @param clock the hybrid logical clock value of the operation at its origin
 * @param origin the id of the reactor that created the operation
 * @param id the operation id ({@link IdRules#operationId})
 */
public record OperationKey(long clock, String origin, String id) implements Comparable<OperationKey> {

    /** Validates that the strings are present. */
    public OperationKey {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(id, "id");
    }

    /** The key of {@code operation}. */
    public static OperationKey of(Operation operation) {
        return new OperationKey(operation.getClock(), operation.getOrigin(), operation.getId());
    }

    @Override
    public int compareTo(OperationKey other) {
        int byClock = Long.compare(clock, other.clock);
        if (byClock != 0) {
            return byClock;
        }
        int byOrigin = compareUtf8(origin, other.origin);
        return byOrigin != 0 ? byOrigin : compareUtf8(id, other.id);
    }

    /** Whether this key orders strictly after {@code other}. */
    public boolean isAfter(OperationKey other) {
        return compareTo(other) > 0;
    }

    /**
     * Compares two strings as their UTF-8 encodings compared byte by byte as unsigned values, without
     * encoding them.
     *
     * <p>UTF-8 preserves code point order, so this compares code points. It differs from
     * {@link String#compareTo}, which compares UTF-16 code units and therefore sorts characters above
     * U+FFFF (surrogate pairs) before U+E000..U+FFFF. Unpaired surrogates, which have no UTF-8 form,
     * compare as their code unit value.
     *
     * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
     */
    public static int compareUtf8(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Both strings agree up to i, so i starts a code point in both, or both are inside the
                // same high surrogate's pair, where the low surrogates compare like their code points.
                return Integer.compare(a.codePointAt(i), b.codePointAt(i));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /**
     * This key in its compact binary form: version byte {@code 1}, clock (8 bytes big-endian), origin
     * and id (each a 4-byte length and UTF-8 bytes).
     */
    public byte[] toBytes() {
        return Codec.encode(this::write);
    }

    /**
     * Reads a key written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a key of a known version
     */
    public static OperationKey fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "OperationKey", OperationKey::read);
    }

    /** Writes the key's fields (without version byte), for embedding in other records. */
    void write(Codec.Out out) {
        out.writeLong(clock);
        Codec.writeString(out, origin);
        Codec.writeString(out, id);
    }

    /** Reads fields written by {@link #write}. */
    static OperationKey read(Codec.In in) throws IOException {
        long clock = in.readLong();
        String origin = Codec.readString(in);
        String id = Codec.readString(in);
        return new OperationKey(clock, origin, id);
    }

    /** Writes a possibly absent key: a presence byte, then the fields. */
    static void writeNullable(Codec.Out out, OperationKey key) {
        out.writeBoolean(key != null);
        if (key != null) {
            key.write(out);
        }
    }

    /** Reads a key written by {@link #writeNullable}. */
    static OperationKey readNullable(Codec.In in) throws IOException {
        return in.readBoolean() ? read(in) : null;
    }

    /** The smaller of two keys, where {@code null} means "no key" and is larger than any key. */
    static OperationKey min(OperationKey a, OperationKey b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
