package dev.docreactor.reactor.merge;

import java.io.IOException;
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
 * @param clock the hybrid logical clock of the document branch when the head was written, {@code 0} when not
 *     known (heads of layouts 1 and 2). A job that moves only the branch's clock writes it here, with the heads
 *     it writes anyway, and not in the {@link DocumentHeader} ({@link MergeStorage#putClock}); the branch's clock
 *     is the largest of its header's and its heads' ({@link DocumentHeader#withClockOfHeads})
 */
public record StreamHead(long nextIndex, long size, String hash, OperationKey lastKey, long clock) {

    /** The layout written: version 3, with the branch's clock. */
    private static final byte VERSION = 3;

    /** A head whose branch clock is not known yet ({@code 0}); the merge's commit sets it ({@link #withClock}). */
    public StreamHead(long nextIndex, long size, String hash, OperationKey lastKey) {
        this(nextIndex, size, hash, lastKey, 0L);
    }

    /** Validates the fields. */
    public StreamHead {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(lastKey, "lastKey");
        if (size <= 0 || nextIndex < size) {
            throw new IllegalArgumentException("a stream head needs 0 < size <= nextIndex, got size " + size
                    + " and nextIndex " + nextIndex);
        }
    }

    /** This head with the branch's clock {@code branchClock}. */
    public StreamHead withClock(long branchClock) {
        return branchClock == clock ? this : new StreamHead(nextIndex, size, hash, lastKey, branchClock);
    }

    /**
     * This head in its compact binary form: version byte {@code 3}, next index and size (8 bytes each),
     * the hash (a 4-byte length and UTF-8 bytes), the last key (clock, origin, id), then the branch's clock
     * (8 bytes).
     */
    public byte[] toBytes() {
        return Codec.encode(VERSION, out -> {
            out.writeLong(nextIndex);
            out.writeLong(size);
            Codec.writeString(out, hash);
            lastKey.write(out);
            out.writeLong(clock);
        });
    }

    /**
     * Reads a head written by {@link #toBytes()}, or by a reactor before version 3: version 2 had no branch
     * clock (read as {@code 0}, its header has the clock); version 1 also had the state's canonical text between
     * size and hash (skipped, the state is rebuilt when needed).
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
            String hash = Codec.readString(in);
            OperationKey lastKey = OperationKey.read(in);
            long clock = version >= 3 ? in.readLong() : 0L;
            if (clock < 0) {
                throw new IOException("negative branch clock " + clock);
            }
            return new StreamHead(nextIndex, size, hash, lastKey, clock);
        });
    }
}
