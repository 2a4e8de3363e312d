package dev.docreactor.reactor.merge;

import java.util.Objects;

/**
 * The current end of a stream: where the next log entry goes, how many operations are in effect, and
 * the state they produce. A stream has a head from its first append on.
 *
 * @param nextIndex the index the next log entry gets (the log's length)
 * @param size the number of operations in effect (the effective list's length, the view's revision)
 * @param state canonical JSON of the state after all operations in effect
 * @param hash hex SHA-256 of {@code state}'s UTF-8 bytes ({@code CanonicalJson.hash})
 * @param lastKey the canonical key of the last operation in effect (the largest one)
 */
public record StreamHead(long nextIndex, long size, String state, String hash, OperationKey lastKey) {

    /** Validates the fields. */
    public StreamHead {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(lastKey, "lastKey");
        if (size <= 0 || nextIndex < size) {
            throw new IllegalArgumentException("a stream head needs 0 < size <= nextIndex, got size " + size
                    + " and nextIndex " + nextIndex);
        }
    }

    /**
     * This head in its compact binary form: version byte {@code 1}, next index and size (8 bytes each),
     * state and hash (each a 4-byte length and UTF-8 bytes), then the last key (clock, origin, id).
     */
    public byte[] toBytes() {
        return Codec.encode(out -> {
            out.writeLong(nextIndex);
            out.writeLong(size);
            Codec.writeString(out, state);
            Codec.writeString(out, hash);
            lastKey.write(out);
        });
    }

    /**
     * Reads a head written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a head of a known version
     */
    public static StreamHead fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "StreamHead", in -> new StreamHead(in.readLong(), in.readLong(),
                Codec.readString(in), Codec.readString(in), OperationKey.read(in)));
    }
}
