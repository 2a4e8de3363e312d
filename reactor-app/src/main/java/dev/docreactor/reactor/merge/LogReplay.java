package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.Reduction;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Replays one stream's log, the way any event-bus consumer does, to find the operations in effect and
 * the hash of their state, by the replay rule ({@code index} and {@code skip}) of the
 * {@linkplain dev.docreactor.reactor.merge package description}. A consumer that keeps the state after
 * every effective entry (or re-reduces from the start) reaches the canonical state without knowing
 * anything about rebases.
 *
 * <p>Pure: no storage, no clock. Not thread-safe.
 */
public final class LogReplay {

    /** Applies one effective operation to a state, as a stream's reducer does. */
    @FunctionalInterface
    public interface StateReducer {

        /** The result of applying {@code entry}'s action to {@code state}. */
        Reduction reduce(JsonNode state, Operation entry);
    }

    private final List<Operation> effective = new ArrayList<>();
    private long nextIndex;
    private String hash;

    /** An empty replay: no entry read yet. */
    public LogReplay() {
        // Nothing read.
    }

    /**
     * Replays a whole log.
     *
     * @throws IllegalArgumentException if the indices are not 0, 1, 2, ... or a skip is larger than the
     *     effective list
     */
    public static LogReplay of(Iterable<Operation> log) {
        LogReplay replay = new LogReplay();
        for (Operation entry : log) {
            replay.apply(entry);
        }
        return replay;
    }

    /**
     * Reads the next log entry.
     *
     * @throws IllegalArgumentException if its index is not the next one or its skip is negative or
     *     larger than the effective list
     */
    public void apply(Operation entry) {
        if (entry.getIndex() != nextIndex) {
            throw new IllegalArgumentException("expected the entry at index " + nextIndex + ", got index "
                    + entry.getIndex() + " (" + entry.getId() + ")");
        }
        int skip = entry.getSkip();
        if (skip < 0 || skip > effective.size()) {
            throw new IllegalArgumentException("entry " + entry.getIndex() + " skips " + skip + " but only "
                    + effective.size() + " operations are in effect");
        }
        effective.subList(effective.size() - skip, effective.size()).clear();
        effective.add(entry);
        nextIndex++;
        hash = entry.getHash();
    }

    /** The operations in effect, in canonical order (the latest entry of each). */
    public List<Operation> effective() {
        return Collections.unmodifiableList(effective);
    }

    /** The ids of the operations in effect, in canonical order. */
    public List<String> effectiveIds() {
        List<String> ids = new ArrayList<>(effective.size());
        for (Operation entry : effective) {
            ids.add(entry.getId());
        }
        return ids;
    }

    /** The index the next entry must have: the number of entries read. */
    public long nextIndex() {
        return nextIndex;
    }

    /** The hash of the state after the operations in effect: the last entry's hash. */
    public Optional<String> hash() {
        return Optional.ofNullable(hash);
    }

    /**
     * Folds the operations in effect into a state: entries recorded with an error change nothing, the
     * others are applied with {@code reducer}.
     *
     * @throws IllegalStateException if the reducer rejects an entry that was recorded as applied (the
     *     reducer is not the one that wrote the log, or not deterministic)
     */
    public JsonNode state(JsonNode initialState, StateReducer reducer) {
        JsonNode state = initialState;
        for (Operation entry : effective) {
            if (entry.getError() != null) {
                continue;
            }
            Reduction reduction = reducer.reduce(state, entry);
            if (reduction instanceof Reduction.Applied applied) {
                state = applied.state();
            } else {
                throw new IllegalStateException("entry " + entry.getIndex() + " (" + entry.getId()
                        + ") was recorded as applied but the reducer rejects it: "
                        + ((Reduction.Rejected) reduction).reason());
            }
        }
        return state;
    }

    /** A reducer for a scope of a document of {@code model}'s type. */
    public static StateReducer modelReducer(DocumentModel model) {
        return (state, entry) -> model.reduce(state, entry.getAction().getType(),
                input(entry), entry.getScope());
    }

    /** The reducer of the {@code document} scope ({@link DocumentLifecycle}). */
    public static StateReducer lifecycleReducer() {
        return (state, entry) -> DocumentLifecycle.reduce(state, entry.getAction().getType(), input(entry));
    }

    private static JsonNode input(Operation entry) {
        return ActionInput.parse(entry.getAction().getInput());
    }
}
