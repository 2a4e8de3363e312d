package dev.docreactor.reactor.merge;

import java.util.Objects;

/**
 * The current end of a stream: where the next log entry goes, how many operations are in effect, and
 * the hash of the state they produce. A stream has a head from its first append on. The state itself is
 * not part of the head (a head is written once per job, whatever the document's size): it is kept in
 * memory for hot documents ({@link CachedMergeStorage}) and otherwise rebuilt from the nearest checkpoint
 * of the effective list and the operations after it.
 *
 * @param nextIndex the index the next log entry gets (the log's length)
 * @param size the number of operations in effect (the effective list's length, the view's revision)
 * @param hash the state hash of the state after all operations in effect ({@code model.StateTree})
 * @param lastKey the canonical key of the last operation in effect (the largest one)
 */
public record StreamHead(long nextIndex, long size, String hash, OperationKey lastKey) {

    /** The layout written: version 2, without the state's text. */
    private static final byte VERSION = 2;

    /** Validates the fields. */
    public StreamHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(lastKey, "lastKey");
        if (size <= 0 || nextIndex < size) {
            throw new IllegalArgumentException("a stream head needs 0 < size <= nextIndex, got size " + size
                    + " and nextIndex " + nextIndex);
        }
    }

    /**
     * This head in its compact binary form: version byte {@code 2}, next index and size (8 bytes each),
     * the hash (a 4-byte length and UTF-8 bytes), then the last key (clock, origin, id).
     */
    public byte[] toBytes() {
        return Codec.encode(VERSION, out -> {
            out.writeLong(nextIndex);
            out.writeLong(size);
            Codec.writeString(out, hash);
            lastKey.write(out);
        });
    }

    /**
     * Reads a head written by {@link #toBytes()}, or by a reactor before version 2 (version 1 had the
     * state's canonical text between size and hash; it is skipped, the state is rebuilt when needed).
     *
     * @throws IllegalArgumentException if the bytes are not a head of a known version
     */
    public static StreamHead fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "StreamHead", VERSION, (version, in) -> {
            long nextIndex = in.readLong();
            long size = in.readLong();
            if (version == 1) {
                Codec.readString(in);
            }
            return new StreamHead(nextIndex, size, Codec.readString(in), OperationKey.read(in));
        });
    }
}
