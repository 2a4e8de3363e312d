package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying (index, skip) as an event-bus consumer does. */
class LogReplayTest {

    private static Operation entry(String id, long index, int skip) {
        Action action = Action.newBuilder().setId(id).setType("PATCH").setScope("global").setInput("[]").build();
        return new Operation("r:" + id, "d", "json", "global", "main", index, skip, 0L, index, "hash-" + index, "r",
                action, null, false);
    }

    @Test
    void shouldUndoSkippedOperationsBeforeAppending() {
        LogReplay replay = LogReplay.of(List.of(entry("a", 0, 0), entry("b", 1, 0), entry("c", 2, 0),
                entry("x", 3, 2), entry("b", 4, 0), entry("c", 5, 0)));

        assertThat(replay.effectiveIds()).as("x replaces b and c, which follow again")
                .containsExactly("r:a", "r:x", "r:b", "r:c");
        assertThat(replay.nextIndex()).as("entries read").isEqualTo(6);
        assertThat(replay.hash()).as("hash of the last entry").contains("hash-5");
    }

    @Test
    void shouldRejectGapsAndOversizedSkips() {
        assertThatThrownBy(() -> LogReplay.of(List.of(entry("a", 0, 0), entry("b", 2, 0))))
                .as("a gap in the indices").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected the entry at index 1");
        assertThatThrownBy(() -> LogReplay.of(List.of(entry("a", 0, 0), entry("b", 1, 2))))
                .as("skipping more than is in effect").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("skips 2");
    }
}
