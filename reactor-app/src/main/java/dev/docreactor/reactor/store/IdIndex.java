package dev.docreactor.reactor.store;

import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge's id index ({@code operation id -> key} per stream) in its own store ({@link StoreNames#IDS}), under
 * the binary keys of {@link MergeKeys#id}.
 *
 * <p>Its entries are written once, when an operation first enters a stream, and read mostly for operations that
 * are not there yet: Kafka Streams' record cache, which folds repeated writes of a key within a commit, would
 * only add its sorted map and its flush to each of them, so the store is not cached (the bookkeeping store, whose
 * heads and effective entries are rewritten, is).
 *
 * <p>Releases before this one kept the id index in the bookkeeping store under the string keys of
 * {@link MergeKeys#legacyId}. A task that finds such entries when it starts reads them where a lookup in the
 * id store misses, and {@linkplain #moveLegacy moves} them to the id store in bounded batches (the executor
 * calls it on a schedule); once none is left, lookups read the id store only. Moving is idempotent: an entry
 * is written to the id store before it is deleted from the bookkeeping store, in the same transaction, and an
 * id index entry never changes once written.
 */
public final class IdIndex {

    /**
     * How many entries of the earlier layout {@link #scheduleMoves} moves per {@link #MOVE_INTERVAL}: 10,000 a
     * second beside the jobs, each batch a small share of one transaction.
     */
    static final int MOVE_BATCH = 1_000;
    static final Duration MOVE_INTERVAL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(IdIndex.class);
    private static final String LEGACY_FROM = MergeKeys.LEGACY_ID_PREFIX;
    private static final String LEGACY_TO = MergeKeys.LEGACY_ID_PREFIX + Character.MAX_VALUE;

    private final KeyValueStore<Bytes, byte[]> ids;
    private final KeyValueStore<String, byte[]> bookkeeping;
    private boolean legacy;
    /** Where the next batch of {@link #moveLegacy} starts: entries before it were moved or skipped. */
    private String cursor = LEGACY_FROM;
    private long moved;
    private long skipped;

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
        try (KeyValueIterator<String, byte[]> it = bookkeeping.range(LEGACY_FROM, LEGACY_TO)) {
            this.legacy = it.hasNext();
        }
        if (legacy) {
            log.info("Id index: entries of the earlier layout found in the bookkeeping store; moving them to the id store");
        }
    }

    /** The entry of {@code operationId} in {@code stream}, or {@code null}. */
    public byte[] get(StreamId stream, String operationId) {
        byte[] value = ids.get(Bytes.wrap(MergeKeys.id(stream, operationId)));
        if (value == null && legacy) {
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
        return legacy;
    }

    /**
     * If entries of the earlier layout are left, moves them in batches on the task's stream thread (a wall-clock
     * punctuation), until none is left.
     */
    public void scheduleMoves(ProcessorContext<?, ?> context) {
        if (!legacy) {
            return;
        }
        Cancellable[] moves = new Cancellable[1];
        moves[0] = context.schedule(MOVE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, at -> {
            if (moveLegacy(MOVE_BATCH) < MOVE_BATCH) {
                moves[0].cancel();
            }
        });
    }

    /**
     * Moves up to {@code max} entries of the earlier layout from the bookkeeping store to the id store.
     *
     * @return how many were looked at (moved, or left in place if malformed); when fewer than {@code max}, none is
     *     left and {@link #hasLegacy()} turns false
     */
    public int moveLegacy(int max) {
        if (!legacy) {
            return 0;
        }
        List<KeyValue<String, byte[]>> batch = new ArrayList<>(Math.min(max, 1024));
        try (KeyValueIterator<String, byte[]> it = bookkeeping.range(cursor, LEGACY_TO)) {
            while (batch.size() < max && it.hasNext()) {
                batch.add(it.next());
            }
        }
        for (KeyValue<String, byte[]> entry : batch) {
            byte[] key;
            try {
                key = MergeKeys.idOfLegacy(entry.key);
            } catch (IllegalArgumentException e) {
                // No lookup builds such a key (names never contain '/'), so it is left where it is.
                log.warn("Id index: bookkeeping key {} is not an id index key of the earlier layout; left in place", entry.key);
                skipped++;
                continue;
            }
            ids.put(Bytes.wrap(key), entry.value);
            bookkeeping.delete(entry.key);
            moved++;
        }
        if (!batch.isEmpty()) {
            cursor = batch.get(batch.size() - 1).key + Character.MIN_VALUE;
        }
        if (batch.size() < max) {
            legacy = false;
            log.info("Id index: {} entries of the earlier layout moved from the bookkeeping store to the id store ({} left in "
                + "place as malformed); none left to move", moved, skipped);
        }
        return batch.size();
    }
}
