package dev.docreactor.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-bus key: its text, round trips, ordering by index and prefixes. */
class EventBusKeyTest {

    @Test
    void shouldWriteTheDocumentedFormat() {
        assertThat(EventBusKey.format("doc-1", "main", "global", 42)).as("documented example")
            .isEqualTo("doc-1/main/global/00000000000000000042");
        assertThat(EventBusKey.format("d", "b", "s", Long.MAX_VALUE)).as("largest index")
            .isEqualTo("d/b/s/09223372036854775807");
        assertThat(new EventBusKey("doc-1", "main", "global", 42).text()).as("record text = format")
            .isEqualTo(EventBusKey.format("doc-1", "main", "global", 42));
    }

    @Test
    void shouldRoundTripThroughText() {
        for (long index : new long[] {0, 1, 9, 10, 99_999, 1L << 40, Long.MAX_VALUE}) {
            EventBusKey key = new EventBusKey("doc:1@x", "feature.2", "notes", index);
            assertThat(EventBusKey.parse(key.text())).as("round trip of index %d", index).isEqualTo(key);
        }
    }

    @Test
    void shouldSortKeysOfAStreamByIndex() {
        long[] indices = {0, 1, 2, 9, 10, 11, 99, 100, 1_000_000, 1L << 33, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        List<String> keys = new ArrayList<>();
        for (long index : indices) {
            keys.add(EventBusKey.format("doc", "main", "global", index));
        }
        assertThat(keys).as("text order equals index order").isSorted();
        assertThat(keys).as("every key of the stream starts with its prefix")
            .allMatch(k -> k.startsWith(EventBusKey.streamPrefix("doc", "main", "global")))
            .allMatch(k -> k.startsWith(EventBusKey.documentPrefix("doc", "main")));
    }

    @Test
    void shouldKeepOtherStreamsOutOfAStreamsPrefix() {
        assertThat(EventBusKey.format("doc", "main", "global-2", 0)).as("a scope that extends another")
            .doesNotStartWith(EventBusKey.streamPrefix("doc", "main", "global"));
        assertThat(EventBusKey.format("doc-2", "main", "global", 0)).as("a document id that extends another")
            .doesNotStartWith(EventBusKey.documentPrefix("doc", "main"));
    }

    @Test
    void shouldPadOtherKeysTheSameWay() {
        assertThat(EventBusKey.appendIndex(new StringBuilder("e/"), 12).toString()).as("padded position")
            .isEqualTo("e/00000000000000000012");
    }

    @Test
    void shouldRejectNegativeIndices() {
        assertThatThrownBy(() -> EventBusKey.format("d", "b", "s", -1)).as("negative index")
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventBusKey("d", "b", "s", -1)).as("negative index in a record")
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectInvalidParts() {
        assertThatThrownBy(() -> new EventBusKey("a/b", "main", "global", 0)).as("'/' in the document id")
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document id");
        assertThatThrownBy(() -> new EventBusKey("doc", "", "global", 0)).as("empty branch")
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("branch");
    }

    @Test
    void shouldRejectTextThatIsNotAKey() {
        String[] bad = {
            "", "doc", "doc/main/global", "doc/main/global/42", "doc/main/global/0000000000000000004x",
            "doc/main/global/000000000000000000042", "doc/main/global/x/00000000000000000042",
            "/main/global/00000000000000000042", "doc/main/global/-0000000000000000001",
            "doc/main/global/99999999999999999999",
        };
        for (String text : bad) {
            assertThatThrownBy(() -> EventBusKey.parse(text)).as("'%s'", text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
