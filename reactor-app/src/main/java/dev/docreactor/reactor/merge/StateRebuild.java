package dev.docreactor.reactor.merge;

import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds a stream's state at a position of its effective list: the nearest checkpoint at or before it,
 * then the operations in between, each applied as the merge applies it (one that fails changes nothing),
 * about {@code MAX_CHECKPOINT_SPACING} checkpoint intervals of them at most. Used by a merge that inserts
 * operations (the state before its insertion point), after a rejected operation that spoiled the running
 * state, for a stream whose state is not in memory, and to read a document's view.
 */
final class StateRebuild {

    private final MergeStorage storage;
    private final Applier applier;
    private long lastStart;

    StateRebuild(MergeStorage storage, Applier applier) {
        this.storage = storage;
        this.applier = applier;
    }

    /**
     * The state after the first {@code position} operations in effect, which the caller owns.
     *
     * <p>An operation's outcome is decided here again, not read from its log entry: an operation inserted
     * before it since it was written can have changed it. One that fails after changing the state in place
     * makes the rebuild start again from the checkpoint, passing over it (at most once per such operation).
     *
     * @param useEntryAtPosition whether a checkpoint stored at {@code position} itself holds that state
     *     (not while a merge rewrites the positions before it)
     */
    RunningState stateBefore(StreamId stream, long position, boolean useEntryAtPosition) {
        // Checkpoints are kept at multiples of the interval, and move with their entries when an operation inserted
        // before them leaves their states as they were (StreamMerge): look at every position, nearest first.
        long scanFrom = useEntryAtPosition ? position : position - 1;
        long start = scanFrom;
        String checkpoint = null;
        // The entries the scan read, nearest first (null: none stored), so that the operations after the checkpoint
        // are found without reading their positions again.
        List<EffectiveEntry> scanned = new ArrayList<>();
        while (start > 0) {
            // At the end of the effective list there is no entry (nor checkpoint) at the position itself.
            EffectiveEntry entry = storage.effective(stream, start).orElse(null);
            scanned.add(entry);
            checkpoint = entry == null ? null : entry.checkpoint();
            if (checkpoint != null) {
                break;
            }
            start--;
        }
        if (checkpoint == null) {
            start = 0;
        }
        lastStart = start;
        int count = Math.toIntExact(position - start);
        Operation[] operations = new Operation[count];
        for (int i = 0; i < count; i++) {
            long at = start + i;
            int nearest = Math.toIntExact(scanFrom - at);
            EffectiveEntry entry = nearest < scanned.size() ? scanned.get(nearest)
                    : storage.effective(stream, at).orElse(null);
            // A position no entry is stored for is implicit: its log index is its position.
            operations[i] = logAt(stream, entry == null ? at : entry.logIndex());
        }
        Set<Integer> spoiling = new HashSet<>();
        while (true) {
            RunningState state = RunningState.of(checkpoint != null ? CanonicalJson.parse(checkpoint)
                    : applier.initialState(stream.scope()));
            int spoiledAt = fold(stream, state, operations, spoiling);
            if (spoiledAt < 0) {
                return state;
            }
            spoiling.add(spoiledAt);
        }
    }

    /** Applies {@code operations} but those in {@code skipped}; the first that spoils the state, or -1. */
    private int fold(StreamId stream, RunningState state, Operation[] operations, Set<Integer> skipped) {
        for (int i = 0; i < operations.length; i++) {
            if (skipped.contains(i)) {
                continue;
            }
            Operation operation = operations[i];
            if (applier.apply(stream, state, operation, OperationKey.of(operation)).spoiled()) {
                return i;
            }
        }
        return -1;
    }

    /** The position of the checkpoint the last {@link #stateBefore} started from (0: the initial state). */
    long lastStart() {
        return lastStart;
    }

    /**
     * The effective entry at {@code position} (below the head's size): the stored one, or, where none is
     * stored, the implicit one of a position that no rebase ever reached: the log entry with that index,
     * without a checkpoint. The merge stores an effective entry only where it says more than that.
     */
    EffectiveEntry effectiveAt(StreamId stream, long position) {
        Optional<EffectiveEntry> stored = storage.effective(stream, position);
        if (stored.isPresent()) {
            return stored.get();
        }
        Operation implicit = storage.logEntry(stream, position).orElseThrow(() -> new IllegalStateException(
                stream + ": no effective entry at position " + position));
        return new EffectiveEntry(OperationKey.of(implicit), position, null);
    }

    Operation logAt(StreamId stream, long index) {
        return storage.logEntry(stream, index).orElseThrow(() -> new IllegalStateException(
                stream + ": no log entry at index " + index));
    }
}
