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
 * their state, by the replay rule ({@code index}, {@code skip} and {@code behind}) of the
 * {@linkplain dev.docreactor.reactor.merge package description}: the effective list is the stream's
 * operations in canonical order, and the state is that list applied in order, an operation that fails
 * changing nothing.
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
    private int lastPosition = -1;

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
     * Reads the next log entry: removes the last {@code skip} operations of the effective list (a rebase of
     * an earlier release), then inserts the entry {@code behind} places before the list's end.
     *
     * @throws IllegalArgumentException if its index is not the next one or its skip or behind is negative
     *     or larger than the effective list
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
        int behind = entry.getBehind();
        if (behind < 0 || behind > effective.size()) {
            throw new IllegalArgumentException("entry " + entry.getIndex() + " goes " + behind + " places back but only "
                    + effective.size() + " operations are in effect");
        }
        lastPosition = effective.size() - behind;
        effective.add(lastPosition, entry);
        nextIndex++;
    }

    /**
     * The position the entry read last took in the effective list ({@code -1} before any): the hash it carries
     * is the state's after the operations up to and including that position, when it was written.
     */
    public int lastPosition() {
        return lastPosition;
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

    /**
     * Folds the operations in effect into a state: each is applied with {@code reducer} in order, and one
     * the reducer rejects changes nothing. An entry's own {@code error} is not consulted: it is the
     * outcome when the entry was written, which an operation inserted before it later can change.
     */
    public JsonNode state(JsonNode initialState, StateReducer reducer) {
        return state(initialState, reducer, effective.size());
    }

    /** Folds the first {@code count} operations in effect, as {@link #state(JsonNode, StateReducer)}. */
    public JsonNode state(JsonNode initialState, StateReducer reducer, int count) {
        JsonNode state = initialState;
        for (Operation entry : effective.subList(0, count)) {
            if (reducer.reduce(state, entry) instanceof Reduction.Applied applied) {
                state = applied.state();
            }
        }
        return state;
    }

    /**
     * The deletion in effect of a {@code document} stream's replay: the first {@code DELETE_DOCUMENT} in
     * effect that applies; operations of the document's other scopes that order after it change nothing.
     */
    public Optional<Operation> deletion() {
        JsonNode state = DocumentLifecycle.initialState();
        StateReducer lifecycle = lifecycleReducer();
        for (Operation entry : effective) {
            if (lifecycle.reduce(state, entry) instanceof Reduction.Applied applied) {
                if (DocumentLifecycle.DELETE_DOCUMENT.equals(entry.getAction().getType())) {
                    return Optional.of(entry);
                }
                state = applied.state();
            }
        }
        return Optional.empty();
    }

    /** A reducer for a scope of a document of {@code model}'s type. */
    public static StateReducer modelReducer(DocumentModel model) {
        return modelReducer(model, null);
    }

    /**
     * A reducer for a scope of a document of {@code model}'s type that rejects what orders after
     * {@code deletion}, the deletion in effect ({@link #deletion()}), if any.
     */
    public static StateReducer modelReducer(DocumentModel model, Operation deletion) {
        OperationKey deleted = deletion == null ? null : OperationKey.of(deletion);
        return (state, entry) -> deleted != null && OperationKey.of(entry).isAfter(deleted)
                ? new Reduction.Rejected(DocumentLifecycle.DELETED)
                : model.reduce(state, entry.getAction().getType(), input(entry), entry.getScope());
    }

    /** The reducer of the {@code document} scope ({@link DocumentLifecycle}). */
    public static StateReducer lifecycleReducer() {
        return (state, entry) -> DocumentLifecycle.reduce(state, entry.getAction().getType(), input(entry));
    }

    private static JsonNode input(Operation entry) {
        return ActionInput.parse(entry.getAction().getInput());
    }
}
