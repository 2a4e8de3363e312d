package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The outcome of {@link DocumentModel#reduceInPlace}: the action applied, giving {@code state} (the same
 * tree changed in place, or a new one), or it was rejected for {@code rejection}. A rejection either left
 * the state as it was, or came after the reducer had changed part of it ({@link #spoiled()}): the caller
 * then drops that tree and rebuilds the state before the action from what it stored.
 *
 * @param state the state after the action; {@code null} when rejected
 * @param rejection why the action was rejected, or {@code null} when it applied
 * @param spoiled rejected after changing the state in place: the tree given to the reducer is no longer the state before the action
 * @param depthChecked the reducer made sure the state nests no deeper than the limit, so the caller need not measure the whole state
 */
public record StateEdit(JsonNode state, String rejection, boolean spoiled, boolean depthChecked) {

    /** Validates the combination. */
    public StateEdit {
        if ((state == null) == (rejection == null)) {
            throw new IllegalArgumentException("a state edit has either a state or a rejection");
        }
        if (spoiled && rejection == null) {
            throw new IllegalArgumentException("only a rejection can spoil the state");
        }
    }

    /** The action applied and gave {@code state}; {@code depthChecked} as in the record's description. */
    public static StateEdit applied(JsonNode state, boolean depthChecked) {
        return new StateEdit(Objects.requireNonNull(state, "state"), null, false, depthChecked);
    }

    /** The action was rejected and the state is as it was. */
    public static StateEdit rejected(String reason) {
        return new StateEdit(null, Objects.requireNonNull(reason, "reason"), false, false);
    }

    /** The action was rejected after part of it changed the state in place. */
    public static StateEdit spoiled(String reason) {
        return new StateEdit(null, Objects.requireNonNull(reason, "reason"), true, false);
    }

    /** Whether the action applied. */
    public boolean applied() {
        return rejection == null;
    }
}
