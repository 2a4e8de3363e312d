package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.schema.Operation;
import java.util.Optional;

/**
 * The recent log entries and effective entries of one stream, decoded, for {@link CachedMergeStorage}: what
 * re-applying the operations after a late insertion, and rebuilding a state from the checkpoint before it,
 * read again and again while the stream is written concurrently by several reactors.
 *
 * <p>Two direct-mapped tables of {@link #SLOTS} slots, by log index and by effective position: a slot holds the
 * entry of one index (or position), and the entry of another index that maps to the same slot replaces it.
 * Effective positions that hold no stored entry (the implicit ones) are kept as known absences. Every write of
 * the stream goes through the same storage, which updates the tables, so they never hold what the stores do not.
 * An entry larger than {@link #MAX_ENTRY_BYTES} (a large document's checkpoint, a large action) is not kept: it would
 * crowd the document's own state out of the cache, and reading it again costs little next to parsing it.
 */
final class StreamTail {

    /** Slots per table: about the depth of the late insertions a busy conflict load produces, plus a checkpoint interval. */
    static final int SLOTS = 2048;

    /** The largest entry kept, by {@link #operationBytes} or the effective entry's estimate. */
    static final long MAX_ENTRY_BYTES = 64 * 1024;

    /** Estimated memory of the tables themselves. */
    static final long TABLE_BYTES = 5L * SLOTS * Long.BYTES + 64;

    /** The longest action input kept parsed with its log entry. */
    static final int MAX_INPUT_CHARS = 16 * 1024;

    private final Operation[] log = new Operation[SLOTS];
    /** The parsed action input of {@code log[slot]}, if offered ({@link #keepParsedInput}). */
    private final JsonNode[] inputs = new JsonNode[SLOTS];
    private final long[] positions = new long[SLOTS];
    /** The effective entry at {@code positions[slot]}; {@code null} with {@link #known} set: no stored entry there. */
    private final EffectiveEntry[] effective = new EffectiveEntry[SLOTS];
    private final boolean[] known = new boolean[SLOTS];
    private long bytes = TABLE_BYTES;

    /** Estimated memory of the tables and the entries they hold. */
    long bytes() {
        return bytes;
    }

    /** The log entry at {@code index}, or {@code null} if not kept. */
    Operation logEntry(long index) {
        Operation kept = log[slot(index)];
        return kept != null && kept.getIndex() == index ? kept : null;
    }

    /**
     * Keeps the log entry at {@code entry.getIndex()}, unless it is above {@link #MAX_ENTRY_BYTES} (the slot is emptied).
     *
     * @return the change of {@link #bytes()}
     */
    long putLogEntry(Operation entry) {
        int slot = slot(entry.getIndex());
        Operation kept = operationBytes(entry) > MAX_ENTRY_BYTES ? null : entry;
        long delta = operationBytes(kept) - operationBytes(log[slot]) - (inputs[slot] == null ? 0 : inputBytes(log[slot]));
        log[slot] = kept;
        inputs[slot] = null;
        bytes += delta;
        return delta;
    }

    /** The parsed input kept with this very log entry object, or {@code null}. */
    JsonNode parsedInput(Operation entry) {
        int slot = slot(entry.getIndex());
        return log[slot] == entry ? inputs[slot] : null;
    }

    /**
     * Keeps the parsed input of a log entry while the entry is kept (this very object), unless its text is longer
     * than {@link #MAX_INPUT_CHARS}.
     *
     * @return the change of {@link #bytes()}
     */
    long keepParsedInput(Operation entry, JsonNode input) {
        int slot = slot(entry.getIndex());
        if (log[slot] != entry || inputs[slot] != null || input == null
                || length(entry.getAction().getInput()) > MAX_INPUT_CHARS) {
            return 0;
        }
        inputs[slot] = input;
        long delta = inputBytes(entry);
        bytes += delta;
        return delta;
    }

    /** Estimated memory of an entry's parsed input: a tree takes several times its text. */
    private static long inputBytes(Operation entry) {
        return 200 + 8L * length(entry.getAction().getInput());
    }

    /** The effective entry at {@code position} if kept: present, or empty for a position known to hold none; else {@code null}. */
    Optional<EffectiveEntry> effective(long position) {
        int slot = slot(position);
        if (!known[slot] || positions[slot] != position) {
            return null;
        }
        return Optional.ofNullable(effective[slot]);
    }

    /**
     * Keeps what is stored at {@code position}: {@code entry}, or nothing ({@code null}); an entry above
     * {@link #MAX_ENTRY_BYTES} is not kept (the slot is emptied).
     *
     * @return the change of {@link #bytes()}
     */
    long putEffective(long position, EffectiveEntry entry) {
        int slot = slot(position);
        boolean keep = effectiveBytes(entry) <= MAX_ENTRY_BYTES;
        long delta = (keep ? effectiveBytes(entry) : 0) - (known[slot] ? effectiveBytes(effective[slot]) : 0);
        positions[slot] = position;
        effective[slot] = keep ? entry : null;
        known[slot] = keep;
        bytes += delta;
        return delta;
    }

    private static int slot(long indexOrPosition) {
        return (int) Math.floorMod(indexOrPosition, (long) SLOTS);
    }

    /** Estimated memory of a decoded operation: its object graph and its strings, two bytes per character. */
    static long operationBytes(Operation operation) {
        if (operation == null) {
            return 0;
        }
        return 400 + 2L * (length(operation.getId()) + length(operation.getHash()) + length(operation.getError())
                + length(operation.getAction().getInput()) + length(operation.getAction().getId()));
    }

    private static long effectiveBytes(EffectiveEntry entry) {
        if (entry == null) {
            return 0;
        }
        return 120 + 2L * (length(entry.checkpoint()) + length(entry.key().id()) + length(entry.key().origin()));
    }

    private static int length(CharSequence text) {
        return text == null ? 0 : text.length();
    }
}
