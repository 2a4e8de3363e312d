package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TodoListModelTest {

    private final TodoListModel model = new TodoListModel();

    private static JsonNode json(String text) {
        return CanonicalJson.parse(text);
    }

    private static JsonNode appliedState(Reduction reduction) {
        assertThat(reduction).as("reduction").isInstanceOf(Reduction.Applied.class);
        return ((Reduction.Applied) reduction).state();
    }

    private static String rejectionReason(Reduction reduction) {
        assertThat(reduction).as("reduction").isInstanceOf(Reduction.Rejected.class);
        return ((Reduction.Rejected) reduction).reason();
    }

    /** Reduces and checks that the given state was left exactly as it was. */
    private Reduction reduce(JsonNode state, String actionType, JsonNode input) {
        JsonNode before = state.deepCopy();
        Reduction reduction = model.reduce(state, actionType, input, "main");
        assertThat(state).as("input state after %s", actionType).isEqualTo(before);
        return reduction;
    }

    private Reduction reduce(String state, String actionType, String input) {
        return reduce(json(state), actionType, json(input));
    }

    @Test
    void shouldDescribeItselfAsTodoListWithThreeActions() {
        assertThat(model.type()).as("type").isEqualTo("todo-list");
        assertThat(model.actionTypes()).as("action types").containsExactly("ADD_TODO", "TOGGLE_TODO", "REMOVE_TODO");
    }

    @Test
    void shouldStartEveryScopeWithAFreshEmptyList() {
        JsonNode first = model.initialState("a");

        assertThat(first).as("initial state").isEqualTo(json("{\"todos\":[]}"));
        ((ObjectNode) first).withArray("todos").add("x");
        assertThat(model.initialState("b")).as("initial state after a previous one was changed")
                .isEqualTo(json("{\"todos\":[]}"));
    }

    @Test
    void shouldAppendAddedTodoNotDone() {
        JsonNode state = appliedState(reduce(model.initialState("main"), "ADD_TODO", json("{\"id\":\"1\",\"text\":\"milk\"}")));
        state = appliedState(reduce(state, "ADD_TODO", json("{\"id\":\"2\",\"text\":\"eggs\"}")));

        assertThat(state)
                .as("state after two adds")
                .isEqualTo(json("""
                        {"todos":[{"id":"1","text":"milk","done":false},{"id":"2","text":"eggs","done":false}]}"""));
    }

    @Test
    void shouldIgnoreExtraInputMembers() {
        assertThat(appliedState(reduce("{\"todos\":[]}", "ADD_TODO", "{\"id\":\"1\",\"text\":\"t\",\"done\":true,\"x\":1}")))
                .as("state after add with extra members")
                .isEqualTo(json("{\"todos\":[{\"id\":\"1\",\"text\":\"t\",\"done\":false}]}"));
    }

    @Test
    void shouldRejectAddWithDuplicateId() {
        assertThat(rejectionReason(reduce(
                        "{\"todos\":[{\"id\":\"1\",\"text\":\"a\",\"done\":false}]}", "ADD_TODO", "{\"id\":\"1\",\"text\":\"b\"}")))
                .as("duplicate id")
                .isEqualTo("ADD_TODO: a todo with id \"1\" already exists");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"text":"t"}                | ADD_TODO: missing "id"
            {"id":null,"text":"t"}      | ADD_TODO: missing "id"
            {"id":"","text":"t"}        | ADD_TODO: "id" must not be blank
            {"id":" \\t","text":"t"}    | ADD_TODO: "id" must not be blank
            {"id":1,"text":"t"}         | ADD_TODO: "id" must be a string, got number
            {"id":["1"],"text":"t"}     | ADD_TODO: "id" must be a string, got array
            {"id":"1"}                  | ADD_TODO: missing "text"
            {"id":"1","text":"  "}      | ADD_TODO: "text" must not be blank
            {"id":"1","text":false}     | ADD_TODO: "text" must be a string, got boolean
            {"id":"1","text":{}}        | ADD_TODO: "text" must be a string, got object
            """)
    void shouldRejectAddWithInvalidInput(String input, String expectedReason) {
        assertThat(rejectionReason(reduce("{\"todos\":[]}", "ADD_TODO", input)))
                .as("reason for input %s", input)
                .isEqualTo(expectedReason);
    }

    @Test
    void shouldRejectInputThatIsNotAnObject() {
        assertThat(rejectionReason(reduce("{\"todos\":[]}", "ADD_TODO", "[\"1\",\"t\"]")))
                .as("array input")
                .isEqualTo("ADD_TODO expects a JSON object input, got array");
        assertThat(rejectionReason(reduce(json("{\"todos\":[]}"), "REMOVE_TODO", NullNode.getInstance())))
                .as("absent input")
                .isEqualTo("REMOVE_TODO expects a JSON object input, got null");
        assertThat(rejectionReason(reduce(json("{\"todos\":[]}"), "TOGGLE_TODO", null)))
                .as("Java null input")
                .isEqualTo("TOGGLE_TODO expects a JSON object input, got nothing");
    }

    @Test
    void shouldFlipDoneOnToggle() {
        JsonNode state = json("""
                {"todos":[{"id":"1","text":"a","done":false},{"id":"2","text":"b","done":false}]}""");

        JsonNode toggled = appliedState(reduce(state, "TOGGLE_TODO", json("{\"id\":\"2\"}")));
        assertThat(toggled)
                .as("after one toggle")
                .isEqualTo(json("""
                        {"todos":[{"id":"1","text":"a","done":false},{"id":"2","text":"b","done":true}]}"""));

        assertThat(appliedState(reduce(toggled, "TOGGLE_TODO", json("{\"id\":\"2\"}"))))
                .as("after a second toggle")
                .isEqualTo(state);
    }

    @Test
    void shouldRejectToggleOfUnknownId() {
        assertThat(rejectionReason(reduce("{\"todos\":[{\"id\":\"1\",\"text\":\"a\",\"done\":false}]}", "TOGGLE_TODO", "{\"id\":\"9\"}")))
                .as("unknown id")
                .isEqualTo("TOGGLE_TODO: no todo with id \"9\"");
        assertThat(rejectionReason(reduce("{\"todos\":[]}", "TOGGLE_TODO", "{\"id\":7}")))
                .as("non-string id")
                .isEqualTo("TOGGLE_TODO: \"id\" must be a string, got number");
    }

    @Test
    void shouldRemoveTodoKeepingTheOthersInOrder() {
        JsonNode state = json("""
                {"todos":[{"id":"1","text":"a","done":false},{"id":"2","text":"b","done":true},
                          {"id":"3","text":"c","done":false}]}""");

        assertThat(appliedState(reduce(state, "REMOVE_TODO", json("{\"id\":\"2\"}"))))
                .as("after removing the middle item")
                .isEqualTo(json("""
                        {"todos":[{"id":"1","text":"a","done":false},{"id":"3","text":"c","done":false}]}"""));
    }

    @Test
    void shouldRejectRemoveOfUnknownId() {
        assertThat(rejectionReason(reduce("{\"todos\":[{\"id\":\"1\",\"text\":\"a\",\"done\":false}]}", "REMOVE_TODO", "{\"id\":\"2\"}")))
                .as("unknown id")
                .isEqualTo("REMOVE_TODO: no todo with id \"2\"");
        assertThat(rejectionReason(reduce("{\"todos\":[]}", "REMOVE_TODO", "{}")))
                .as("missing id")
                .isEqualTo("REMOVE_TODO: missing \"id\"");
    }

    @Test
    void shouldAllowReAddingARemovedId() {
        JsonNode state = appliedState(reduce("{\"todos\":[]}", "ADD_TODO", "{\"id\":\"1\",\"text\":\"a\"}"));
        state = appliedState(reduce(state, "REMOVE_TODO", json("{\"id\":\"1\"}")));

        assertThat(appliedState(reduce(state, "ADD_TODO", json("{\"id\":\"1\",\"text\":\"b\"}"))))
                .as("state after add, remove, add of the same id")
                .isEqualTo(json("{\"todos\":[{\"id\":\"1\",\"text\":\"b\",\"done\":false}]}"));
    }

    @Test
    void shouldNotShareNodesBetweenOldAndNewState() {
        JsonNode state = json("{\"todos\":[{\"id\":\"1\",\"text\":\"a\",\"done\":false}]}");
        JsonNode before = state.deepCopy();

        JsonNode next = appliedState(reduce(state, "ADD_TODO", json("{\"id\":\"2\",\"text\":\"b\"}")));
        ((ObjectNode) next.at("/todos/0")).put("text", "changed");

        assertThat(state).as("old state after the new state is changed").isEqualTo(before);
    }

    @Test
    void shouldRejectUnknownActionType() {
        assertThat(rejectionReason(reduce("{\"todos\":[]}", "PATCH", "[]")))
                .as("unknown action")
                .isEqualTo("unknown action type PATCH for document type todo-list; "
                        + "expected one of [ADD_TODO, TOGGLE_TODO, REMOVE_TODO]");
    }

    @Test
    void shouldRejectStateThatIsNotATodoList() {
        assertThat(rejectionReason(reduce("{\"items\":[]}", "ADD_TODO", "{\"id\":\"1\",\"text\":\"a\"}")))
                .as("state without todos")
                .startsWith("the state is not a todo-list state");
    }
}
