package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying (index, skip, behind) as an event-bus consumer does, and folding the operations in effect. */
class LogReplayTest {

    private static Operation entry(String id, long index, int skip, int behind) {
        return entry(id, index, skip, behind, index, "global", "PATCH", "[]");
    }

    private static Operation entry(String id, long index, int skip, int behind, long clock, String scope, String type,
            String input) {
        Action action = Action.newBuilder().setId(id).setType(type).setScope(scope).setInput(input).build();
        return new Operation("r:" + id, "d", "json", scope, "main", index, skip, 0L, clock, "hash-" + index, "r",
                action, null, false, behind);
    }

    @Test
    void shouldUndoSkippedOperationsBeforeAppending() {
        LogReplay replay = LogReplay.of(List.of(entry("a", 0, 0, 0), entry("b", 1, 0, 0), entry("c", 2, 0, 0),
                entry("x", 3, 2, 0), entry("b", 4, 0, 0), entry("c", 5, 0, 0)));

        assertThat(replay.effectiveIds()).as("x replaces b and c, which follow again")
                .containsExactly("r:a", "r:x", "r:b", "r:c");
        assertThat(replay.nextIndex()).as("entries read").isEqualTo(6);
    }

    @Test
    void shouldInsertAnEntryBehindTheOperationsThatOrderAfterIt() {
        Operation y = entry("y", 4, 0, 1);
        LogReplay replay = LogReplay.of(List.of(entry("a", 0, 0, 0), entry("b", 1, 0, 0), entry("c", 2, 0, 0),
                entry("x", 3, 0, 2), y, entry("d", 5, 0, 0)));

        assertThat(replay.effectiveIds()).as("x goes before b and c, y before c, d at the end")
                .containsExactly("r:a", "r:x", "r:b", "r:y", "r:c", "r:d");
        assertThat(replay.nextIndex()).as("each operation written once").isEqualTo(6);
    }

    @Test
    void shouldFoldTheOperationsInEffectWhateverTheirRecordedOutcome() {
        // "late" was written with an error (the test failed then); "set" is inserted before it later, so it applies.
        Operation late = entry("late", 0, 0, 0, 20, "global", "PATCH",
                "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1},{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]");
        late.setError("test failed");
        Operation set = entry("set", 1, 0, 1, 10, "global", "PATCH", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]");
        Operation failing = entry("bad", 2, 0, 0, 30, "global", "PATCH",
                "[{\"op\":\"remove\",\"path\":\"/missing\"}]");
        LogReplay replay = LogReplay.of(List.of(late, set, failing));
        JsonDocumentModel model = new JsonDocumentModel();

        JsonNode state = replay.state(CanonicalJson.parse("{}"), LogReplay.modelReducer(model));

        assertThat(replay.effectiveIds()).as("canonical order").containsExactly("r:set", "r:late", "r:bad");
        assertThat(CanonicalJson.write(state)).as("late applies after set; the failing patch changes nothing")
                .isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(CanonicalJson.write(replay.state(CanonicalJson.parse("{}"), LogReplay.modelReducer(model), 1)))
                .as("the state after the first operation in effect").isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldIgnoreWhatOrdersAfterTheDeletionInEffect() {
        LogReplay lifecycle = LogReplay.of(List.of(
                entry("create", 0, 0, 0, 1, "document", DocumentLifecycle.CREATE_DOCUMENT, "{\"type\":\"json\"}"),
                entry("delete", 1, 0, 0, 5, "document", DocumentLifecycle.DELETE_DOCUMENT, "{}"),
                entry("delete2", 2, 0, 0, 7, "document", DocumentLifecycle.DELETE_DOCUMENT, "{}")));
        LogReplay global = LogReplay.of(List.of(
                entry("before", 0, 0, 0, 3, "global", "PATCH", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"),
                entry("after", 1, 0, 0, 6, "global", "PATCH", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")));

        Operation deletion = lifecycle.deletion().orElseThrow();
        JsonNode state = global.state(CanonicalJson.parse("{}"),
                LogReplay.modelReducer(new JsonDocumentModel(), deletion));

        assertThat(deletion.getId()).as("the first deletion that applies").isEqualTo("r:delete");
        assertThat(CanonicalJson.write(state)).as("the operation after the deletion changes nothing")
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldRejectGapsAndOversizedSkipsOrInsertions() {
        assertThatThrownBy(() -> LogReplay.of(List.of(entry("a", 0, 0, 0), entry("b", 2, 0, 0))))
                .as("a gap in the indices").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected the entry at index 1");
        assertThatThrownBy(() -> LogReplay.of(List.of(entry("a", 0, 0, 0), entry("b", 1, 2, 0))))
                .as("skipping more than is in effect").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("skips 2");
        assertThatThrownBy(() -> LogReplay.of(List.of(entry("a", 0, 0, 0), entry("b", 1, 0, 2))))
                .as("inserting further back than the list").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goes 2 places back");
    }
}
