package dev.docreactor.reactor.merge;

import java.io.EOFException;
import java.io.IOException;

/**
 * {@value #SIZE} consecutive positions of a stream's effective list in one bookkeeping record: page {@code p} holds
 * positions {@code p * SIZE} to {@code p * SIZE + SIZE - 1}. A merge that inserts an operation {@code d} positions
 * before the end of the list moves every position after it; kept one record per position, that was {@code d} records
 * to write and to log per rebase (Kafka Streams' record cache folds repeated writes of one key within a commit, not
 * writes of different keys), kept in pages it is about {@code d / SIZE}.
 *
 * <p>Each position (slot) is one of: {@link #IMPLICIT} (no entry: the operation in effect there is the log entry of
 * the same index, what an appended operation that no merge moved has), {@link #ENTRY} (its key and log index are in
 * the page) or {@link #CHECKPOINTED} (the same, and the whole {@link EffectiveEntry} with the checkpoint before the
 * position is stored apart, under {@link MergeKeys#checkpoint}, so that a page stays small and a rebase does not
 * rewrite a large state it did not change).
 *
 * <p>Layout {@value #LAYOUT}: the layout byte; {@value #SIZE} offsets, each 4 bytes big-endian, of the slots' bytes
 * counted from the end of the offsets; then the slots, each a state byte and, unless {@link #IMPLICIT}, the key's
 * fields (clock: 8 bytes; origin and id: each a 4-byte length and UTF-8 bytes) and the log index (8 bytes). One slot
 * is read without decoding the others.
 */
public final class EffectivePage {

    /** Positions per page. Part of the stored layout: pages of another size are another layout. */
    public static final int SIZE = 64;

    /** The first byte of every page. */
    static final byte LAYOUT = 1;

    /** A slot without entry: the operation in effect at the position is the log entry of the same index. */
    public static final byte IMPLICIT = 0;
    /** A slot with an entry, without checkpoint. */
    public static final byte ENTRY = 1;
    /** A slot with an entry whose checkpoint is stored apart ({@link MergeKeys#checkpoint}). */
    public static final byte CHECKPOINTED = 2;

    private static final int SLOTS_START = 1 + SIZE * Integer.BYTES;

    private final byte[] bytes;

    private EffectivePage(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A page over stored bytes; its slots are checked as they are read.
     *
     * @throws IllegalArgumentException if the bytes are not a page of a known layout
     */
    public static EffectivePage of(byte[] bytes) {
        if (bytes == null || bytes.length < SLOTS_START + SIZE || bytes[0] != LAYOUT) {
            throw new IllegalArgumentException("not an effective page of layout " + LAYOUT
                    + (bytes == null ? "" : " (" + bytes.length + " bytes" + (bytes.length > 0 ? ", layout " + bytes[0] : "") + ")"));
        }
        return new EffectivePage(bytes);
    }

    /** The page that holds {@code position}. */
    public static long pageOf(long position) {
        return position / SIZE;
    }

    /** The slot of {@code position} in its page. */
    public static int slotOf(long position) {
        return (int) (position % SIZE);
    }

    /**
     * The state of a slot: {@link #IMPLICIT}, {@link #ENTRY} or {@link #CHECKPOINTED}.
     *
     * @throws IllegalArgumentException if the page is damaged there
     */
    public byte state(int slot) {
        byte state = bytes[start(slot)];
        if (state != IMPLICIT && state != ENTRY && state != CHECKPOINTED) {
            throw new IllegalArgumentException("effective page slot " + slot + " has unknown state " + state);
        }
        return state;
    }

    /**
     * The entry of a slot without its checkpoint (a {@link #CHECKPOINTED} slot's is stored apart); {@code null} for
     * an {@link #IMPLICIT} slot.
     *
     * @throws IllegalArgumentException if the page is damaged there
     */
    public EffectiveEntry entry(int slot) {
        if (state(slot) == IMPLICIT) {
            return null;
        }
        Codec.In in = new Codec.In(bytes, start(slot) + 1);
        try {
            return new EffectiveEntry(OperationKey.read(in), in.readLong(), null);
        } catch (EOFException e) {
            throw new IllegalArgumentException("effective page slot " + slot + " is truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("effective page slot " + slot + " is unreadable: " + e.getMessage(), e);
        }
    }

    private int start(int slot) {
        if (slot < 0 || slot >= SIZE) {
            throw new IndexOutOfBoundsException("slot " + slot + " of a page of " + SIZE);
        }
        int at = 1 + slot * Integer.BYTES;
        int offset = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
        if (offset < 0 || SLOTS_START + offset >= bytes.length) {
            throw new IllegalArgumentException("effective page slot " + slot + " has offset " + offset + " outside the page");
        }
        return SLOTS_START + offset;
    }

    /**
     * Encodes a page.
     *
     * @param states each slot's state
     * @param entries each slot's entry (its checkpoint is not written); ignored for {@link #IMPLICIT} slots
     */
    public static byte[] encode(byte[] states, EffectiveEntry[] entries) {
        if (states.length != SIZE || entries.length != SIZE) {
            throw new IllegalArgumentException("a page has " + SIZE + " slots");
        }
        Codec.Out out = new Codec.Out(SLOTS_START + SIZE * 48);
        out.writeByte(LAYOUT);
        // The offsets, filled in as the slots are written.
        out.skip(SIZE * Integer.BYTES);
        for (int slot = 0; slot < SIZE; slot++) {
            out.writeIntAt(1 + slot * Integer.BYTES, out.size() - SLOTS_START);
            byte state = states[slot];
            out.writeByte(state);
            if (state == IMPLICIT) {
                continue;
            }
            if (state != ENTRY && state != CHECKPOINTED) {
                throw new IllegalArgumentException("slot " + slot + ": unknown state " + state);
            }
            entries[slot].key().write(out);
            out.writeLong(entries[slot].logIndex());
        }
        return out.toByteArray();
    }
}
