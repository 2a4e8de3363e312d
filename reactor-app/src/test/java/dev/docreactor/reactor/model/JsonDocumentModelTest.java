package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonDocumentModelTest {

    private final JsonDocumentModel model = new JsonDocumentModel();

    private static JsonNode json(String text) {
        return CanonicalJson.parse(text);
    }

    private Reduction patch(String state, String patch) {
        return model.reduce(json(state), JsonDocumentModel.PATCH, json(patch), "main");
    }

    private static JsonNode appliedState(Reduction reduction) {
        assertThat(reduction).as("reduction").isInstanceOf(Reduction.Applied.class);
        return ((Reduction.Applied) reduction).state();
    }

    private static String rejectionReason(Reduction reduction) {
        assertThat(reduction).as("reduction").isInstanceOf(Reduction.Rejected.class);
        return ((Reduction.Rejected) reduction).reason();
    }

    @Test
    void shouldDescribeItselfAsJsonWithPatchAction() {
        assertThat(model.type()).as("type").isEqualTo("json");
        assertThat(model.actionTypes()).as("action types").containsExactly("PATCH");
    }

    @Test
    void shouldStartEveryScopeWithAFreshEmptyObject() {
        JsonNode first = model.initialState("a");
        JsonNode second = model.initialState("b");

        assertThat(first).as("initial state").isEqualTo(json("{}"));
        assertThat(second).as("initial state of another scope").isEqualTo(json("{}"));
        ((ObjectNode) first).put("x", 1);
        assertThat(model.initialState("a")).as("initial state after a previous one was changed").isEqualTo(json("{}"));
        assertThat(second).as("other scope's state").isEqualTo(json("{}"));
    }

    @Test
    void shouldApplyAddReplaceAndRemove() {
        JsonNode state = appliedState(patch("{\"a\":1,\"b\":[1,2],\"c\":true}", """
                [{"op":"add","path":"/d","value":{"x":"y"}},
                 {"op":"replace","path":"/a","value":2},
                 {"op":"remove","path":"/c"},
                 {"op":"add","path":"/b/-","value":3},
                 {"op":"add","path":"/b/0","value":0}]"""));

        assertThat(state).as("patched state").isEqualTo(json("{\"a\":2,\"b\":[0,1,2,3],\"d\":{\"x\":\"y\"}}"));
    }

    @Test
    void shouldApplyMoveCopyAndPassingTest() {
        JsonNode state = appliedState(patch("{\"a\":{\"n\":1},\"b\":[]}", """
                [{"op":"test","path":"/a/n","value":1},
                 {"op":"copy","from":"/a","path":"/c"},
                 {"op":"move","from":"/a/n","path":"/b/0"}]"""));

        assertThat(state).as("patched state").isEqualTo(json("{\"a\":{},\"b\":[1],\"c\":{\"n\":1}}"));
    }

    @Test
    void shouldApplyOperationsInOrder() {
        JsonNode state = appliedState(patch("{}", """
                [{"op":"add","path":"/list","value":[]},
                 {"op":"add","path":"/list/-","value":"first"},
                 {"op":"test","path":"/list/0","value":"first"},
                 {"op":"replace","path":"/list/0","value":"second"}]"""));

        assertThat(state).as("each operation sees the previous one's result").isEqualTo(json("{\"list\":[\"second\"]}"));
    }

    @Test
    void shouldReplaceTheWholeDocument() {
        assertThat(appliedState(patch("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[1,2]}]")))
                .as("root replaced by an array")
                .isEqualTo(json("[1,2]"));
        assertThat(appliedState(patch("{\"a\":1}",
                        "[{\"op\":\"replace\",\"path\":\"\",\"value\":{}},{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")))
                .as("operations after a root replacement apply to the new root")
                .isEqualTo(json("{\"b\":2}"));
    }

    @Test
    void shouldApplyEmptyPatchAsNoChange() {
        assertThat(appliedState(patch("{\"a\":1}", "[]"))).as("state after []").isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void shouldRejectPatchThatIsNotAnArray() {
        assertThat(rejectionReason(patch("{}", "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}")))
                .as("object instead of array")
                .isEqualTo("invalid JSON Patch: the input must be a JSON array of operations, got object");
        assertThat(rejectionReason(model.reduce(json("{}"), "PATCH", NullNode.getInstance(), "main")))
                .as("absent input")
                .contains("must be a JSON array", "got null");
        assertThat(rejectionReason(model.reduce(json("{}"), "PATCH", null, "main")))
                .as("Java null input")
                .contains("must be a JSON array");
    }

    @Test
    void shouldRejectPatchWithUnknownOperation() {
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"merge\",\"path\":\"/a\",\"value\":1}]")))
                .as("unknown op")
                .startsWith("invalid JSON Patch")
                .contains("merge");
    }

    @Test
    void shouldRejectOperationThatIsMissingAMember() {
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"add\",\"path\":\"/a\"}]")))
                .as("add without value")
                .contains("missing 'value' field");
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"add\",\"value\":1}]")))
                .as("add without path")
                .contains("missing 'path' field");
        assertThat(rejectionReason(patch("{}", "[1]"))).as("operation that is not an object").contains("not an object");
    }

    @Test
    void shouldRejectPatchWithFailedTest() {
        String reason = rejectionReason(patch("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"));

        assertThat(reason)
                .as("failed test reason")
                .isEqualTo("JSON Patch operation 0 (test \"/a\") failed: at path \"/a\" expected 2 but found 1");
    }

    @Test
    void shouldRejectTestOfMissingPath() {
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":null}]")))
                .as("test of a missing member, even against null")
                .contains("no value at path \"/a\"");
    }

    @Test
    void shouldCompareNumbersByValueAndObjectsRegardlessOfOrderInTest() {
        assertThat(patch("{\"n\":1.0,\"o\":{\"a\":1,\"b\":2}}", """
                [{"op":"test","path":"/n","value":1},
                 {"op":"test","path":"/o","value":{"b":2.00,"a":1}}]"""))
                .as("test of 1.0 against 1 and of a reordered object")
                .isInstanceOf(Reduction.Applied.class);
    }

    @Test
    void shouldRejectRemoveOfMissingPath() {
        assertThat(rejectionReason(patch("{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/nope\"}]")))
                .as("remove of a missing member")
                .isEqualTo("JSON Patch operation 0 (remove \"/nope\") failed: no value at path \"/nope\"");
        assertThat(rejectionReason(patch("{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/-\"}]")))
                .as("remove of the end of an array")
                .contains("no value at path");
        assertThat(rejectionReason(patch("{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/3\"}]")))
                .as("remove of an index out of bounds")
                .contains("no value at path");
    }

    @Test
    void shouldRejectOperationsOnMissingLocations() {
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]")))
                .as("replace of a missing member")
                .contains("replace \"/a\"", "Missing field \"a\"");
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]")))
                .as("add below a missing member")
                .contains("Missing field \"a\"");
        assertThat(rejectionReason(patch("{\"l\":[]}", "[{\"op\":\"add\",\"path\":\"/l/5\",\"value\":1}]")))
                .as("add beyond the end of an array")
                .contains("out of bounds");
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"move\",\"from\":\"/x\",\"path\":\"/y\"}]")))
                .as("move from a missing member")
                .contains("Missing field \"x\"");
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"remove\",\"path\":\"\"}]")))
                .as("remove of the root")
                .contains("root");
    }

    @Test
    void shouldRejectMalformedPointer() {
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]")))
                .as("path without leading slash")
                .isEqualTo("invalid JSON Patch: Missing leading slash");
        assertThat(rejectionReason(patch("{}", "[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":1}]")))
                .as("bad escape")
                .contains("Invalid escape sequence");
    }

    @Test
    void shouldApplyAllOperationsOrNone() {
        JsonNode state = json("{\"a\":1}");
        JsonNode before = state.deepCopy();

        Reduction reduction = model.reduce(state, "PATCH", json("""
                [{"op":"add","path":"/b","value":2},
                 {"op":"test","path":"/a","value":99}]"""), "main");

        assertThat(rejectionReason(reduction)).as("reason names the failing operation").startsWith("JSON Patch operation 1 (test");
        assertThat(state).as("state after a rejected patch whose first operation succeeded").isEqualTo(before);
    }

    @Test
    void shouldNotMutateTheInputStateOrPatch() {
        JsonNode state = json("{\"a\":{\"b\":[1,2]},\"c\":1}");
        JsonNode patch = json("""
                [{"op":"add","path":"/a/b/-","value":{"v":3}},
                 {"op":"remove","path":"/c"},
                 {"op":"move","from":"/a","path":"/m"}]""");
        JsonNode stateBefore = state.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        JsonNode result = appliedState(model.reduce(state, "PATCH", patch, "main"));

        assertThat(result).as("result").isEqualTo(json("{\"m\":{\"b\":[1,2,{\"v\":3}]}}"));
        assertThat(state).as("input state").isEqualTo(stateBefore);
        assertThat(patch).as("input patch").isEqualTo(patchBefore);
        ((ObjectNode) result.at("/m/b/2")).put("v", 4);
        assertThat(patch).as("input patch after the result is changed").isEqualTo(patchBefore);
        assertThat(state).as("input state after the result is changed").isEqualTo(stateBefore);
    }

    @Test
    void shouldRejectUnknownActionType() {
        assertThat(rejectionReason(model.reduce(json("{}"), "ADD_TODO", json("{}"), "main")))
                .as("unknown action")
                .isEqualTo("unknown action type ADD_TODO for document type json; expected one of [PATCH]");
    }

    @Test
    void shouldIgnoreTheScope() {
        assertThat(model.reduce(json("{}"), "PATCH", json("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"), "other"))
                .as("same result in another scope")
                .isEqualTo(patch("{}", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"));
    }
}
