package dev.docreactor.reactor.merge;

import static dev.docreactor.reactor.merge.TestReactor.patch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.JsonDocumentModel;
import org.junit.jupiter.api.Test;

/** The state texts of document reads: used while the head has not moved, bounded in bytes. */
class StateTextsTest {

    private static final long T = 1_800_000_000_000L;
    private static final StreamId STREAM = new StreamId("doc-1", TestReactor.MAIN, Scopes.GLOBAL);

    @Test
    void aReadAnswersTheKeptTextWhileTheHeadHasNotMovedAndRebuildsOnceItHas() {
        TestReactor a = new TestReactor("a", T);
        a.execute("doc-1", TestReactor.create("c", JsonDocumentModel.TYPE), patch("p1", Scopes.GLOBAL, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":1}]"));
        // A reader of the stores (nothing in memory), as the HTTP API's.
        DocumentMerger reader = new DocumentMerger(a.storage, TestReactor.MODELS, "a", () -> T, MergeSettings.DEFAULTS);
        StateTexts texts = new StateTexts(1024 * 1024);

        assertThat(text(reader, texts)).isEqualTo("{\"n\":1}");
        assertThat(texts.bytes()).as("the rebuilt state is kept").isPositive();
        StreamHead head = a.head("doc-1", Scopes.GLOBAL);
        assertThat(texts.get(STREAM, head.size(), head.hash())).isEqualTo("{\"n\":1}");

        // What is kept for the head's revision and hash is what a read answers: no rebuild.
        texts.put(STREAM, head.size(), head.hash(), "{\"kept\":true}");
        assertThat(text(reader, texts)).isEqualTo("{\"kept\":true}");

        // A write moves the head: the kept text no longer answers.
        a.execute("doc-1", patch("p2", Scopes.GLOBAL, "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]"));
        assertThat(text(reader, texts)).isEqualTo("{\"n\":2}");
    }

    @Test
    void theLeastRecentlyReadGoFirstAndAStateLargerThanAQuarterIsNotKept() {
        StateTexts texts = new StateTexts(4_000);
        StreamId first = new StreamId("d1", "main", "global");
        StreamId second = new StreamId("d2", "main", "global");
        StreamId third = new StreamId("d3", "main", "global");
        String text = "x".repeat(400);

        texts.put(first, 1, "h1", text);
        texts.put(second, 1, "h2", text);
        assertThat(texts.get(first, 1, "h1")).as("read again: now the most recent").isEqualTo(text);
        texts.put(third, 1, "h3", text);
        texts.put(new StreamId("d4", "main", "global"), 1, "h4", text);
        texts.put(new StreamId("d5", "main", "global"), 1, "h5", text);
        assertThat(texts.bytes()).isLessThanOrEqualTo(4_000);
        assertThat(texts.get(second, 1, "h2")).as("least recently read").isNull();
        assertThat(texts.get(first, 1, "h1")).isEqualTo(text);
        assertThat(texts.get(first, 2, "h1")).as("another revision").isNull();
        assertThat(texts.get(first, 1, "other")).as("another hash").isNull();

        texts.put(first, 1, "h1", "y".repeat(600));
        assertThat(texts.get(first, 1, "h1")).as("larger than a quarter of the bound: not kept, and the old text gone").isNull();
        assertThat(new StateTexts(0).bytes()).isZero();
    }

    private static String text(DocumentMerger reader, StateTexts texts) {
        return reader.snapshot("doc-1", TestReactor.MAIN, 0, texts).orElseThrow().getScopes().get(Scopes.GLOBAL).getState();
    }
}
