package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.schema.Operation;
import org.junit.jupiter.api.Test;

/** The stage's check that a job's appends continue their logs, which lets the stores write them without reading first. */
class StagedMergeStorageTest {

    private static final StreamId STREAM = new StreamId("doc", "main", "global");
    private static final StreamId OTHER = new StreamId("doc", "main", "other");

    @Test
    void shouldAcceptAppendsThatContinueEachStreamsLog() {
        InMemoryMergeStorage base = baseWithThreeEntries();
        StagedMergeStorage stage = new StagedMergeStorage(base);
        stage.appendLog(STREAM, entry(STREAM, 3));
        stage.appendLog(OTHER, entry(OTHER, 0));
        stage.appendLog(STREAM, entry(STREAM, 4));
        assertThatCode(stage::checkAppends).as("the next index of a stream with a head, 0 of one without, then one by one")
            .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnAppendThatWouldOverwriteOrLeaveAGap() {
        InMemoryMergeStorage base = baseWithThreeEntries();
        StagedMergeStorage overwrite = new StagedMergeStorage(base);
        overwrite.appendLog(STREAM, entry(STREAM, 2));
        assertThatThrownBy(overwrite::checkAppends).as("index 2 exists").isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("doc/main/global/00000000000000000002").hasMessageContaining("append-only");
        StagedMergeStorage gap = new StagedMergeStorage(base);
        gap.appendLog(STREAM, entry(STREAM, 3));
        gap.appendLog(STREAM, entry(STREAM, 5));
        assertThatThrownBy(gap::checkAppends).as("index 4 missing").isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("(4)");
        StagedMergeStorage fresh = new StagedMergeStorage(base);
        fresh.appendLog(OTHER, entry(OTHER, 1));
        assertThat(base.logEntry(STREAM, 3)).as("nothing reached the storage").isEmpty();
        assertThatThrownBy(fresh::checkAppends).as("a stream without a head starts at 0").isInstanceOf(IllegalStateException.class);
    }

    private static Operation entry(StreamId stream, long index) {
        return InMemoryMergeStorage.logEntry(stream, index, "r");
    }

    /** A storage whose stream {@link #STREAM} has 3 entries (a head with next index 3); {@link #OTHER} has none. */
    private static InMemoryMergeStorage baseWithThreeEntries() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        base.putHead(STREAM, new StreamHead(3L, 3L, "h", new OperationKey(1L, "r", "r:2")));
        return base;
    }
}
