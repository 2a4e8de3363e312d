package dev.docreactor.reactor.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records that an earlier release kept under string keys in one store to a store of binary keys, in bounded
 * batches on the task's stream thread, until none is left: how a store written by an earlier release reaches the
 * current layout while jobs run. The records to move are those under a few string prefixes of the source store;
 * a converter gives each its binary key (a key it cannot convert, which no lookup builds, is left in place and
 * logged).
 *
 * <p>Moving is idempotent and never loses a newer write: a record is written to the new store before it is deleted
 * from the old one, in the same transaction, and a record the new store already has is newer (the writers of the
 * new layout delete the old record when they write its key), so the old one is only deleted. Until the move is
 * done ({@link #pending()}), readers look a key up in the old store where the new one misses.
 */
final class LayoutMove {

    /** How many records {@link #schedule} moves per {@link #INTERVAL}: 10,000 a second beside the jobs. */
    static final int BATCH = 1_000;
    static final Duration INTERVAL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(LayoutMove.class);

    private final String what;
    private final KeyValueStore<String, byte[]> from;
    private final KeyValueStore<Bytes, byte[]> to;
    private final List<String> prefixes;
    private final Function<String, byte[]> convert;
    /** The prefix being moved; {@code prefixes.size()} once done. */
    private int prefix;
    /** Where the next batch starts within the current prefix: records before it were moved or skipped. */
    private String cursor;
    private long moved;
    private long skipped;

    /**
     * A move; finds out whether the old store holds any record to move (one range seek per prefix) and logs it.
     *
     * @param what what is moved, for the log ("id index entries")
     * @param from the store of the earlier layout
     * @param to the store of the current layout
     * @param prefixes the string prefixes of the records to move
     * @param convert the binary key of a record's string key; throws {@link IllegalArgumentException} for a key that
     *     is not of the earlier layout
     */
    LayoutMove(String what, KeyValueStore<String, byte[]> from, KeyValueStore<Bytes, byte[]> to, List<String> prefixes,
            Function<String, byte[]> convert) {
        this.what = what;
        this.from = from;
        this.to = to;
        this.prefixes = List.copyOf(prefixes);
        this.convert = convert;
        skipEmptyPrefixes();
        if (pending()) {
            log.info("{} of an earlier release's layout found; moving them to the current layout", what);
        }
    }

    private void skipEmptyPrefixes() {
        while (prefix < prefixes.size()) {
            cursor = cursor == null ? prefixes.get(prefix) : cursor;
            try (KeyValueIterator<String, byte[]> it = from.range(cursor, end(prefixes.get(prefix)))) {
                if (it.hasNext()) {
                    return;
                }
            }
            prefix++;
            cursor = null;
        }
    }

    /** Whether {@code store} holds any key under one of {@code prefixes} (a range seek per prefix, at most). */
    static boolean anyUnder(ReadOnlyKeyValueStore<String, byte[]> store, List<String> prefixes) {
        for (String prefix : prefixes) {
            try (KeyValueIterator<String, byte[]> it = store.range(prefix, end(prefix))) {
                if (it.hasNext()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String end(String prefix) {
        return prefix + Character.MAX_VALUE;
    }

    /** Whether records of the earlier layout may be left. */
    boolean pending() {
        return prefix < prefixes.size();
    }

    /** While records are left, moves them in batches on the task's stream thread (a wall-clock punctuation). */
    void schedule(ProcessorContext<?, ?> context) {
        if (!pending()) {
            return;
        }
        Cancellable[] moves = new Cancellable[1];
        moves[0] = context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, at -> {
            if (move(BATCH) < BATCH) {
                moves[0].cancel();
            }
        });
    }

    /**
     * Moves up to {@code max} records of the earlier layout.
     *
     * @return how many were looked at (moved, or left in place if not convertible); when fewer than {@code max}, none
     *     is left and {@link #pending()} turns false
     */
    int move(int max) {
        if (!pending()) {
            return 0;
        }
        int looked = 0;
        while (pending() && looked < max) {
            int wanted = max - looked;
            List<KeyValue<String, byte[]>> batch = new ArrayList<>(Math.min(wanted, 1024));
            try (KeyValueIterator<String, byte[]> it = from.range(cursor, end(prefixes.get(prefix)))) {
                while (batch.size() < wanted && it.hasNext()) {
                    batch.add(it.next());
                }
            }
            for (KeyValue<String, byte[]> entry : batch) {
                moveOne(entry);
            }
            looked += batch.size();
            if (batch.size() < wanted) {
                // This prefix has none left.
                prefix++;
                cursor = null;
                skipEmptyPrefixes();
            } else {
                cursor = batch.get(batch.size() - 1).key + Character.MIN_VALUE;
            }
        }
        if (!pending() && looked < max) {
            log.info("{}: {} moved to the current layout ({} left in place as malformed); none left to move", what, moved,
                skipped);
        }
        return looked;
    }

    private void moveOne(KeyValue<String, byte[]> entry) {
        byte[] key;
        try {
            key = convert.apply(entry.key);
        } catch (IllegalArgumentException e) {
            // No lookup builds such a key (names never contain '/'), so it is left where it is.
            log.warn("{}: key {} is not of the earlier layout; left in place", what, entry.key);
            skipped++;
            return;
        }
        Bytes binary = Bytes.wrap(key);
        if (to.get(binary) == null) {
            to.put(binary, entry.value);
        }
        from.delete(entry.key);
        moved++;
    }

    /** How many records were moved so far. */
    long moved() {
        return moved;
    }
}
