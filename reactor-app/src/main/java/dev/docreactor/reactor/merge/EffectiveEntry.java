package dev.docreactor.reactor.merge;

import java.util.Objects;

/**
 * One position of a stream's effective list: the operations in effect, sorted by their canonical
 * {@link OperationKey}. Positions are {@code 0..size-1}; a rebase overwrites positions from the
 * insertion point on, and the list never shrinks (a rebase re-applies everything it undoes).
 *
 * <p>The list is what makes rebases cheap (binary search for the insertion point, the state before it
 * from the nearest checkpoint): see the {@linkplain dev.docreactor.reactor.merge package description}.
 *
 * @param key the canonical key of the operation at this position
 * @param logIndex the index of the log entry that applied it last (the entry holds the action)
 * @param checkpoint canonical JSON of the stream's state <em>before</em> this position, kept at every
 *     position that is a positive multiple of the checkpoint interval; {@code null} elsewhere
 */
public record EffectiveEntry(OperationKey key, long logIndex, String checkpoint) {

    /** Validates the key. */
    public EffectiveEntry {
        Objects.requireNonNull(key, "key");
    }

    /**
     * This entry in its compact binary form: version byte {@code 1}, the key (clock, origin, id), the log
     * index (8 bytes) and the checkpoint (4-byte length, {@code -1} when absent, and UTF-8 bytes).
     */
    public byte[] toBytes() {
        return Codec.encode(out -> {
            key.write(out);
            out.writeLong(logIndex);
            Codec.writeString(out, checkpoint);
        });
    }

    /**
     * Reads an entry written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not an entry of a known version
     */
    public static EffectiveEntry fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "EffectiveEntry",
                in -> new EffectiveEntry(OperationKey.read(in), in.readLong(), Codec.readString(in)));
    }
}
