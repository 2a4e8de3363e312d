package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code json} model's promises that let the reactor skip re-applications ({@link DocumentModel#changedPaths},
 * {@link DocumentModel#overwrites}), checked over every combination of a set of states, patches and differences:
 * a patch changes a state only at or under its changed paths, and a patch said to overwrite some paths has the same
 * outcome and result on every state that differs only there.
 */
class JsonOverwritesTest {

    private static final String SCOPE = "global";
    private final JsonDocumentModel model = new JsonDocumentModel();

    private static final List<String> STATES = List.of(
            "{\"a\":{\"x\":1,\"y\":[1,2]},\"b\":[1,2,3],\"c\":\"s\"}",
            "{\"a\":{},\"b\":[],\"c\":null}",
            "{\"a\":1,\"b\":{\"0\":1,\"-\":2}}",
            "{}",
            "[1,{\"a\":2}]");

    private static final List<String> PATCHES = List.of(
            "[{\"op\":\"add\",\"path\":\"/a\",\"value\":5}]",
            "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":5}]",
            "[{\"op\":\"add\",\"path\":\"/a/z\",\"value\":{\"k\":[1]}}]",
            "[{\"op\":\"add\",\"path\":\"/b/0\",\"value\":9}]",
            "[{\"op\":\"add\",\"path\":\"/b/-\",\"value\":9}]",
            "[{\"op\":\"add\",\"path\":\"/c\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/1/a\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"\",\"value\":{\"r\":1}}]",
            "[{\"op\":\"replace\",\"path\":\"/a/x\",\"value\":2}]",
            "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2}]",
            "[{\"op\":\"remove\",\"path\":\"/a\"}]",
            "[{\"op\":\"remove\",\"path\":\"/b/1\"}]",
            "[{\"op\":\"move\",\"from\":\"/a/x\",\"path\":\"/c\"}]",
            "[{\"op\":\"move\",\"from\":\"/b/0\",\"path\":\"/b/2\"}]",
            "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/d\"}]",
            "[{\"op\":\"test\",\"path\":\"/c\",\"value\":\"s\"}]",
            "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/c\",\"value\":2}]",
            "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/a/q\",\"value\":2}]");

    private static final List<List<String>> DIFFERENCES = List.of(
            List.of("/a"), List.of("/a/x"), List.of("/a/y"), List.of("/a/x/deep"), List.of("/b"), List.of("/b/0"),
            List.of("/c"), List.of("/a", "/c"), List.of("/a/x", "/a/z"), List.of(""), List.of("/d"), List.of("/1"));

    @Test
    void shouldChangeAStateOnlyAtOrUnderItsChangedPaths() {
        int applied = 0;
        for (String stateText : STATES) {
            for (String patch : PATCHES) {
                JsonNode state = CanonicalJson.parse(stateText);
                List<String> paths = model.changedPaths(JsonDocumentModel.PATCH, CanonicalJson.parse(patch), SCOPE);
                assertThat(paths).as("the json model says where %s changes a state", patch).isNotNull();
                Reduction reduction = model.reduce(state, JsonDocumentModel.PATCH, CanonicalJson.parse(patch), SCOPE);
                if (reduction instanceof Reduction.Applied result) {
                    applied++;
                    assertThat(CanonicalJson.write(without(result.state(), paths)))
                            .as("%s on %s: the same outside %s", patch, stateText, paths)
                            .isEqualTo(CanonicalJson.write(without(state, paths)));
                }
            }
        }
        assertThat(applied).as("patches that applied").isGreaterThan(PATCHES.size());
    }

    @Test
    void shouldHaveTheSameOutcomeOnEveryStateThatDiffersOnlyWhereItOverwrites() {
        int overwriting = 0;
        for (String stateText : STATES) {
            for (String patchText : PATCHES) {
                JsonNode patch = CanonicalJson.parse(patchText);
                for (List<String> differing : DIFFERENCES) {
                    JsonNode state = CanonicalJson.parse(stateText);
                    if (!model.overwrites(JsonDocumentModel.PATCH, patch, SCOPE, state, differing)) {
                        continue;
                    }
                    overwriting++;
                    String expected = outcome(state, patch);
                    for (JsonNode other : variants(state, differing)) {
                        assertThat(outcome(other, patch)).as("%s said to overwrite %s: on %s as on %s", patchText,
                                differing, CanonicalJson.write(other), stateText).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(overwriting).as("cases said to overwrite").isGreaterThan(10);
    }

    @Test
    void shouldOverwriteOnlyWithOneAddOfAnObjectMemberAtOrAboveEveryPath() {
        JsonNode state = CanonicalJson.parse(STATES.get(0));
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/a\",\"value\":5}]", state, "/a", "/a/x")).isTrue();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":5}]", state, "/a/x")).isTrue();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":5}]", state, "/a")).as("a path above it")
                .isFalse();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":5}]", state, "/a/xy")).as("a sibling")
                .isFalse();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/b/0\",\"value\":5}]", state, "/b/0")).as("an array insertion")
                .isFalse();
        assertThat(overwrites("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":5}]", state, "/a"))
                .as("replace fails where the member is missing").isFalse();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"\",\"value\":5}]", state, "")).as("the root").isFalse();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/c/k\",\"value\":5}]", state, "/c/k")).as("not an object")
                .isFalse();
        assertThat(overwrites("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/c\",\"value\":2}]",
                state, "/a")).as("more than one operation").isFalse();
        assertThat(model.changedPaths(JsonDocumentModel.PATCH,
                CanonicalJson.parse("[{\"op\":\"move\",\"from\":\"/b/1\",\"path\":\"/a/x\"},{\"op\":\"test\",\"path\":\"/c\",\"value\":1}]"),
                SCOPE)).as("move: both ends; an array element: its array; test: nothing").containsExactly("/b", "/a/x");
        assertThat(model.changedPaths(JsonDocumentModel.PATCH, CanonicalJson.parse("{}"), SCOPE)).as("not a patch")
                .isEmpty();
        assertThat(model.changedPaths(JsonDocumentModel.PATCH, CanonicalJson.parse("[{\"op\":\"add\"}]"), SCOPE))
                .as("no path: anything").isNull();
    }

    private boolean overwrites(String patch, JsonNode state, String... paths) {
        return model.overwrites(JsonDocumentModel.PATCH, CanonicalJson.parse(patch), SCOPE, state, List.of(paths));
    }

    private String outcome(JsonNode state, JsonNode patch) {
        Reduction reduction = model.reduce(state, JsonDocumentModel.PATCH, patch, SCOPE);
        return reduction instanceof Reduction.Applied applied ? CanonicalJson.write(applied.state()) : "rejected";
    }

    /** States equal to {@code state} except at the paths: each path's value replaced, or removed. */
    private static List<JsonNode> variants(JsonNode state, List<String> paths) {
        List<JsonNode> variants = new ArrayList<>();
        for (JsonNode value : List.of(IntNode.valueOf(42), CanonicalJson.parse("{\"x\":[3]}"), NullNode.getInstance())) {
            JsonNode changed = state.deepCopy();
            for (String path : paths) {
                changed = set(changed, path, value);
            }
            variants.add(changed);
        }
        variants.add(without(state, paths));
        return variants;
    }

    private static JsonNode set(JsonNode root, String path, JsonNode value) {
        if (path.isEmpty()) {
            return value.deepCopy();
        }
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(JsonPointer.compile(path.substring(0, slash)));
        String token = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(token, value.deepCopy());
        } else if (parent instanceof ArrayNode array && token.chars().allMatch(Character::isDigit)
                && Integer.parseInt(token) < array.size()) {
            array.set(Integer.parseInt(token), value.deepCopy());
        }
        return root;
    }

    /** A copy of {@code state} without what is at the paths (the root: replaced by a marker). */
    private static JsonNode without(JsonNode state, List<String> paths) {
        JsonNode copy = state.deepCopy();
        for (String path : paths) {
            if (path.isEmpty()) {
                return CanonicalJson.parse("\"(everything)\"");
            }
            int slash = path.lastIndexOf('/');
            JsonNode parent = copy.at(JsonPointer.compile(path.substring(0, slash)));
            String token = path.substring(slash + 1);
            if (parent instanceof ObjectNode object) {
                object.remove(token);
            } else if (parent instanceof ArrayNode array && token.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(token) < array.size()) {
                array.set(Integer.parseInt(token), CanonicalJson.parse("\"(removed)\""));
            }
        }
        return copy;
    }
}
