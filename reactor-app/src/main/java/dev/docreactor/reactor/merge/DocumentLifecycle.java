package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.Reduction;

/**
 * The lifecycle of a document branch: the {@link Scopes#DOCUMENT document} scope, its two actions and its reducer.
 *
 * <p>The {@code document} stream's state is {@code {}} before creation, then
 * {@code {"deleted":false,"type":"<type>"}}, then {@code {"deleted":true,"type":"<type>"}}. Its
 * reducer, applied in canonical order like any other:
 *
 * <ul>
 *   <li>{@value #CREATE_DOCUMENT} with input {@code {"type": "<type>", "initialState"?: {"<scope>":
 *       <state>, ...}}} creates the document; it is rejected when the input is not of that form
 *       ({@value #INVALID_CREATION}...), when the document already exists ({@value #ALREADY_EXISTS}) or
 *       was deleted ({@value #DELETED}). So among concurrent creations the canonically first wins,
 *       everywhere, and the others are kept as failed operations.
 *   <li>{@value #DELETE_DOCUMENT} deletes it; rejected before creation ({@value #MISSING}) and after
 *       deletion ({@value #ALREADY_DELETED}).
 *   <li>any other action type is rejected ({@value #UNKNOWN_ACTION}...).
 * </ul>
 *
 * <p>The creation in effect decides the document type (and so the reducer of every other scope) and
 * the initial states; operations of other scopes that order after the deletion in effect fail with
 * {@value #DELETED}.
 */
public final class DocumentLifecycle {

    /** Creates the document; input {@code {"type": ..., "initialState"?: {scope: state}}}. */
    public static final String CREATE_DOCUMENT = "CREATE_DOCUMENT";

    /** Deletes the document; no input. */
    public static final String DELETE_DOCUMENT = "DELETE_DOCUMENT";

    /** The creation input member naming the document type, and the state member holding it. */
    public static final String TYPE = "type";

    /** The creation input member with per-scope initial states. */
    public static final String INITIAL_STATE = "initialState";

    /** The state member that says whether the document is deleted. */
    public static final String DELETED_MEMBER = "deleted";

    /** Reason: a creation when the document exists. */
    public static final String ALREADY_EXISTS = "document already exists";

    /** Reason: an operation (other than a first deletion) ordering after the deletion in effect. */
    public static final String DELETED = "document deleted";

    /** Reason: a deletion of a document that does not exist. */
    public static final String MISSING = "document does not exist";

    /** Reason: a second deletion. */
    public static final String ALREADY_DELETED = "document already deleted";

    /** Reason prefix: a malformed creation input. */
    public static final String INVALID_CREATION = "invalid CREATE_DOCUMENT input: ";

    /** Reason prefix: an action type the lifecycle does not know. */
    public static final String UNKNOWN_ACTION = "unknown action type for the document scope: ";

    private DocumentLifecycle() {
    }

    /**
     * A valid creation input.
     *
     * @param type the document type
     * @param initialStates per-scope initial states, or {@code null}
     */
    public record Creation(String type, ObjectNode initialStates) {
    }

    /** The state of the {@code document} stream before any operation: {@code {}}. */
    public static JsonNode initialState() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * What is wrong with a creation input, or {@code null} if it is valid: an object with a non-empty
     * string {@code type} and, optionally, an {@code initialState} object (or {@code null}).
     */
    public static String creationProblem(JsonNode input) {
        if (input == null || !input.isObject()) {
            return INVALID_CREATION + "expected an object";
        }
        JsonNode type = input.get(TYPE);
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            return INVALID_CREATION + "\"type\" must be a non-empty string";
        }
        JsonNode initial = input.get(INITIAL_STATE);
        if (initial != null && !initial.isNull() && !initial.isObject()) {
            return INVALID_CREATION + "\"initialState\" must be an object of per-scope states";
        }
        return null;
    }

    /**
     * The creation described by a valid input.
     *
     * @throws IllegalArgumentException if {@link #creationProblem} finds a problem
     */
    public static Creation creation(JsonNode input) {
        String problem = creationProblem(input);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        JsonNode initial = input.get(INITIAL_STATE);
        return new Creation(input.get(TYPE).textValue(),
                initial == null || initial.isNull() ? null : (ObjectNode) initial);
    }

    /**
     * Applies a lifecycle action to the {@code document} stream's state (which it does not modify).
     *
     * @param state the state before the action
     * @param actionType the action type
     * @param input the action input
     * @return the new state, or a rejection with one of the reasons of this class
     */
    public static Reduction reduce(JsonNode state, String actionType, JsonNode input) {
        boolean exists = state.hasNonNull(TYPE);
        boolean deleted = state.path(DELETED_MEMBER).asBoolean(false);
        if (CREATE_DOCUMENT.equals(actionType)) {
            if (deleted) {
                return Reduction.rejected(DELETED);
            }
            if (exists) {
                return Reduction.rejected(ALREADY_EXISTS);
            }
            String problem = creationProblem(input);
            if (problem != null) {
                return Reduction.rejected(problem);
            }
            return Reduction.applied(lifecycleState(input.get(TYPE).textValue(), false));
        }
        if (DELETE_DOCUMENT.equals(actionType)) {
            if (!exists) {
                return Reduction.rejected(MISSING);
            }
            if (deleted) {
                return Reduction.rejected(ALREADY_DELETED);
            }
            return Reduction.applied(lifecycleState(state.get(TYPE).textValue(), true));
        }
        if (deleted) {
            return Reduction.rejected(DELETED);
        }
        return Reduction.rejected(UNKNOWN_ACTION + actionType);
    }

    /** Whether an action of {@code actionType} in {@code scope} is a document creation. */
    static boolean isCreation(String scope, String actionType) {
        return Scopes.DOCUMENT.equals(scope) && CREATE_DOCUMENT.equals(actionType);
    }

    private static JsonNode lifecycleState(String type, boolean deleted) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put(DELETED_MEMBER, deleted);
        state.put(TYPE, type);
        return state;
    }
}
