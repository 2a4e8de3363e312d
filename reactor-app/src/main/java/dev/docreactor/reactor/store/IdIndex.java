package dev.docreactor.reactor.store;

import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.StreamId;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merge's id index ({@code operation id -> key} per stream) in its own store ({@link StoreNames#IDS}), under
 * the binary keys of {@link MergeKeys#id}.
 *
 * <p>Its entries are written once, when an operation first enters a stream, and read mostly for operations that
 * are not there yet: Kafka Streams' record cache, which folds repeated writes of a key within a commit, would
 * only add its sorted map and its flush to each of them, so the store is not cached (the merge store
 * ({@link StoreNames#MERGE}), whose heads and pages are rewritten, is).
 *
 * <p>Earlier releases kept the id index in the bookkeeping store ({@link StoreNames#STREAMS}) under the string keys of
 * {@link MergeKeys#legacyId}. A task that finds such entries when it starts reads them where a lookup in the
 * id store misses, and {@linkplain #moveLegacy moves} them to the id store in bounded batches (the executor
 * calls it on a schedule, {@link LayoutMove}); once none is left, lookups read the id store only. Moving is idempotent: an entry
 * is written to the id store before it is deleted from the bookkeeping store, in the same transaction, and an
 * id index entry never changes once written.
 */
public final class IdIndex {

    /** How many entries of the earlier layout {@link #scheduleMoves} moves per {@link #MOVE_INTERVAL}. */
    static final int MOVE_BATCH = LayoutMove.BATCH;
    static final Duration MOVE_INTERVAL = LayoutMove.INTERVAL;

    private final KeyValueStore<Bytes, byte[]> ids;
    private final KeyValueStore<String, byte[]> bookkeeping;
    private final LayoutMove move;

    /**
     * An id index over the task's stores; finds out whether the bookkeeping store still holds entries of the
     * earlier layout (one range seek).
     *
     * @param ids the id store
     * @param bookkeeping the bookkeeping store, where releases before this one kept the id index
     */
    public IdIndex(KeyValueStore<Bytes, byte[]> ids, KeyValueStore<String, byte[]> bookkeeping) {
        this.ids = ids;
        this.bookkeeping = bookkeeping;
        this.move = new LayoutMove("Id index entries", bookkeeping, ids, List.of(MergeKeys.LEGACY_ID_PREFIX),
            MergeKeys::idOfLegacy);
    }

    /** The entry of {@code operationId} in {@code stream}, or {@code null}. */
    public byte[] get(StreamId stream, String operationId) {
        byte[] value = ids.get(Bytes.wrap(MergeKeys.id(stream, operationId)));
        if (value == null && move.pending()) {
            value = bookkeeping.get(MergeKeys.legacyId(stream, operationId));
        }
        return value;
    }

    /** Writes the entry of {@code operationId} in {@code stream}. */
    public void put(StreamId stream, String operationId, byte[] value) {
        ids.put(Bytes.wrap(MergeKeys.id(stream, operationId)), value);
    }

    /** Whether entries of the earlier layout may be left in the bookkeeping store. */
    public boolean hasLegacy() {
        return move.pending();
    }

    /**
     * If entries of the earlier layout are left, moves them in batches on the task's stream thread (a wall-clock
     * punctuation), until none is left.
     */
    public void scheduleMoves(ProcessorContext<?, ?> context) {
        move.schedule(context);
    }

    /**
     * Moves up to {@code max} entries of the earlier layout from the bookkeeping store to the id store.
     *
     * @return how many were looked at (moved, or left in place if malformed); when fewer than {@code max}, none is
     *     left and {@link #hasLegacy()} turns false
     */
    public int moveLegacy(int max) {
        return move.move(max);
    }
}
