package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A document model: a document type with its initial state and a pure reducer.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: put a jar with an implementation
 * and a {@code META-INF/services/dev.docreactor.reactor.model.DocumentModel} entry on the classpath.
 * The reducer must be pure and deterministic: the same state and action give the same result on every
 * reactor, it never mutates its inputs, and it reads no clock, randomness or environment.
 */
public interface DocumentModel {

    /** The document type name, e.g. {@code json}; unique among registered models. */
    String type();

    /** The action types the reducer accepts, for discovery ({@code GET /models}). */
    List<String> actionTypes();

    /** The state of a scope of a new document; must not be shared mutable state. */
    JsonNode initialState(String scope);

    /**
     * Applies one action to a scope's state.
     *
     * @param state the current state of the scope (do not mutate it)
     * @param actionType the action type
     * @param input the action input (JSON; {@code NullNode} when absent)
     * @param scope the scope the action applies to
     * @return the new state, or a rejection with a reason
     */
    Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope);

    /**
     * Applies one action within {@code limits}. The reactor checks the resulting state's size and depth
     * itself; a model whose reducer can build large intermediate values (the {@code json} model's
     * patches copy subtrees) overrides this to stop before spending more than the limits allow. The
     * default ignores the limits.
     *
     * @param limits the limits of the job; every reactor that syncs uses the same
     */
    default Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope, Limits limits) {
        return reduce(state, actionType, input, scope);
    }
}
