package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.Operation;
import java.util.Optional;

/**
 * Rebuilds a stream's state at a position of its effective list: the nearest checkpoint at or before it,
 * then the operations in between (their recorded outcome says which ones applied), at most one checkpoint
 * interval of them. Used by a rebase (the state before its insertion point), after a rejected operation
 * that spoiled the running state, for a stream whose state is not in memory, and to read a document's view.
 */
final class StateRebuild {

    private final MergeStorage storage;
    private final Applier applier;
    private final int checkpointInterval;

    StateRebuild(MergeStorage storage, Applier applier, int checkpointInterval) {
        this.storage = storage;
        this.applier = applier;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * The state after the first {@code position} operations in effect, as a tree the caller owns.
     *
     * @param useEntryAtPosition whether a checkpoint stored at {@code position} itself holds that state
     *     (not while a rebase rewrites the positions before it)
     */
    JsonNode stateBefore(StreamId stream, long position, boolean useEntryAtPosition) {
        long start = position - position % checkpointInterval;
        JsonNode state = null;
        while (start > 0 && state == null) {
            // At the end of the effective list there is no entry (nor checkpoint) at the position itself.
            String checkpoint = start < position ? effectiveAt(stream, start).checkpoint()
                    : !useEntryAtPosition ? null
                    : storage.effective(stream, start).map(EffectiveEntry::checkpoint).orElse(null);
            if (checkpoint != null) {
                state = CanonicalJson.parse(checkpoint);
            } else {
                // No checkpoint here (a large state keeps fewer; another interval wrote others): look earlier.
                start -= checkpointInterval;
            }
        }
        if (state == null) {
            state = applier.initialState(stream.scope());
        }
        for (long p = start; p < position; p++) {
            Operation operation = logAt(stream, effectiveAt(stream, p).logIndex());
            if (operation.getError() == null) {
                state = applier.reapply(stream, state, operation);
            }
        }
        return state;
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
