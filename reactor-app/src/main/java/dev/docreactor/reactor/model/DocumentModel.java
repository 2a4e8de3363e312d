package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
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

    /**
     * Whether the states this model's reducer returns never share nodes with the action input (it copies what it
     * puts into a state): then the reactor may hand the same parsed input to it again, for instance when it
     * re-applies an operation after a late insertion, instead of parsing the input text each time. The default is
     * {@code false}: every application gets an input of its own.
     */
    default boolean sharesNoInput() {
        return false;
    }

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
    /**
     * Applies one action by changing {@code state} in place where the model can, reporting each change to
     * {@code changes} right after making it. The reactor calls this with a tree it owns (its running state of
     * the scope), so a change costs what it changes, not a copy of the state. On a rejection the reducer
     * either leaves {@code state} as it was ({@link StateEdit#rejected}) or says it spoiled it
     * ({@link StateEdit#spoiled}). The same purity rules as {@link #reduce} hold: the outcome depends on the
     * state and the action only.
     *
     * <p>The default applies {@link #reduce(JsonNode, String, JsonNode, String, Limits)}, which leaves
     * {@code state} unchanged, and reports the result as a new root: right for every model, at the cost of
     * one pass over the new state by whoever derives something from it.
     *
     * @param changes told of every change made to the state, in order
     */
    default StateEdit reduceInPlace(JsonNode state, String actionType, JsonNode input, String scope, Limits limits,
            StateChanges changes) {
        Reduction reduction = reduce(state, actionType, input, scope, limits);
        if (reduction instanceof Reduction.Applied applied) {
            changes.replaced(applied.state(), "");
            return StateEdit.applied(applied.state(), false);
        }
        return StateEdit.rejected(((Reduction.Rejected) reduction).reason());
    }

    /**
     * Where the action can change a state, whatever the state: JSON Pointers such that the state the action
     * produces from any state equals that state except at or under one of them. {@code null} (the default): the
     * model does not say, the action may change anything. A pointer naming more than the action changes is
     * always right (the root, {@code ""}, names everything); one naming less makes reactors disagree.
     *
     * <p>With {@link #overwrites} it lets the reactor skip re-applying operations after a late insertion: see
     * there. Reactors that sync need not use the same model version for this, since the answer changes how much
     * work a reactor does, never a state.
     */
    default List<String> changedPaths(String actionType, JsonNode input, String scope) {
        return null;
    }

    /**
     * Whether applying the action to any state that equals {@code state} except at or under the JSON Pointers
     * {@code paths} has the same outcome as applying it to {@code state} (applied or rejected, within the same
     * limits) and, when it applies, gives the same resulting state. The default, {@code false}, is always right.
     *
     * <p>The reactor asks this of the operations that follow a late insertion: when the operations inserted
     * (and those re-applied around them) changed the state only under {@code paths} ({@link #changedPaths}), and
     * the next operation in effect overwrites all of that, every state after it is the same as before the
     * insertion, so the operations after it are not applied again. For the {@code json} model: a one-operation
     * patch that {@code add}s an object member at or above every one of the paths.
     *
     * @param state the state the reactor applies the action to next (do not mutate it)
     */
    default boolean overwrites(String actionType, JsonNode input, String scope, JsonNode state,
            Collection<String> paths) {
        return false;
    }
}
