package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code todo-list} document type: an ordered list of to-do items.
 *
 * <p>The state of every scope is {@code {"todos":[...]}}, each item {@code {"id","text","done"}}, in the
 * order they were added. Actions:
 *
 * <ul>
 *   <li>{@code ADD_TODO {"id","text"}} appends a not-done item; {@code id} and {@code text} must be
 *       non-blank strings and {@code id} must not be in the list yet;
 *   <li>{@code TOGGLE_TODO {"id"}} flips {@code done} of the item with that id;
 *   <li>{@code REMOVE_TODO {"id"}} removes the item with that id.
 * </ul>
 *
 * <p>Other members of an input object are ignored. Any other input, and an id that is not in the list
 * (for toggle and remove), is rejected.
 */
public final class TodoListModel implements DocumentModel {

    /** The document type name. */
    public static final String TYPE = "todo-list";

    /** Appends an item: input {@code {"id": string, "text": string}}. */
    public static final String ADD_TODO = "ADD_TODO";

    /** Flips the {@code done} flag of an item: input {@code {"id": string}}. */
    public static final String TOGGLE_TODO = "TOGGLE_TODO";

    /** Removes an item: input {@code {"id": string}}. */
    public static final String REMOVE_TODO = "REMOVE_TODO";

    private static final List<String> ACTION_TYPES = List.of(ADD_TODO, TOGGLE_TODO, REMOVE_TODO);

    private static final String TODOS = "todos";
    private static final String ID = "id";
    private static final String TEXT = "text";
    private static final String DONE = "done";

    /** Creates the model; {@link java.util.ServiceLoader} needs this public no-argument constructor. */
    public TodoListModel() {
        // Stateless: all behaviour is in reduce.
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> actionTypes() {
        return ACTION_TYPES;
    }

    /** A new {@code {"todos":[]}}, whatever the scope. */
    @Override
    public JsonNode initialState(String scope) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.putArray(TODOS);
        return state;
    }

    /** Applies one of the actions described on the class; the given state is left unchanged. */
    @Override
    public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope) {
        Objects.requireNonNull(state, "state");
        if (actionType == null || !ACTION_TYPES.contains(actionType)) {
            return Reduction.rejected("unknown action type " + actionType + " for document type " + TYPE
                    + "; expected one of " + ACTION_TYPES);
        }
        if (!state.isObject() || !state.path(TODOS).isArray()) {
            return Reduction.rejected("the state is not a todo-list state: expected an object with a \""
                    + TODOS + "\" array");
        }
        if (input == null || !input.isObject()) {
            return Reduction.rejected(actionType + " expects a JSON object input, got "
                    + (input == null ? "nothing" : describeType(input)));
        }
        String problem = stringProblem(input, ID, actionType);
        if (problem == null && ADD_TODO.equals(actionType)) {
            problem = stringProblem(input, TEXT, actionType);
        }
        if (problem != null) {
            return Reduction.rejected(problem);
        }
        String id = input.get(ID).textValue();
        int index = indexOf(state.get(TODOS), id);
        if (ADD_TODO.equals(actionType) && index >= 0) {
            return Reduction.rejected(ADD_TODO + ": a todo with id \"" + id + "\" already exists");
        }
        if (!ADD_TODO.equals(actionType) && index < 0) {
            return Reduction.rejected(actionType + ": no todo with id \"" + id + "\"");
        }
        // Every change is made to a copy: the reducer must not mutate the state it is given.
        ObjectNode next = state.deepCopy();
        ArrayNode todos = (ArrayNode) next.get(TODOS);
        switch (actionType) {
            case ADD_TODO -> todos.addObject()
                    .put(ID, id)
                    .put(TEXT, input.get(TEXT).textValue())
                    .put(DONE, false);
            case TOGGLE_TODO -> {
                ObjectNode item = (ObjectNode) todos.get(index);
                item.put(DONE, !item.path(DONE).asBoolean(false));
            }
            case REMOVE_TODO -> todos.remove(index);
            default -> throw new IllegalStateException("action type " + actionType + " is listed but not handled");
        }
        return Reduction.applied(next);
    }

    /** The position of the item with {@code id}, or -1. */
    private static int indexOf(JsonNode todos, String id) {
        for (int i = 0; i < todos.size(); i++) {
            JsonNode item = todos.get(i);
            if (item.isObject() && id.equals(item.path(ID).textValue())) {
                return i;
            }
        }
        return -1;
    }

    /** Why {@code input.field} is not a non-blank string, or {@code null} if it is one. */
    private static String stringProblem(JsonNode input, String field, String actionType) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            return actionType + ": missing \"" + field + "\"";
        }
        if (!value.isTextual()) {
            return actionType + ": \"" + field + "\" must be a string, got " + describeType(value);
        }
        if (value.textValue().isBlank()) {
            return actionType + ": \"" + field + "\" must not be blank";
        }
        return null;
    }

    private static String describeType(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
