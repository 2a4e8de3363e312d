package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.contract.IdRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping records' byte encodings and key formats. */
class MergeRecordsTest {

    private static final OperationKey KEY = new OperationKey(42L << 16 | 7, "réactor-1", "réactor-1:a-b");
    private static final StreamId STREAM = new StreamId("doc-1", "main", "global");

    @Test
    void shouldRoundTripAnEffectiveEntryWithAndWithoutCheckpoint() {
        EffectiveEntry plain = new EffectiveEntry(KEY, 17, null);
        EffectiveEntry checkpointed = new EffectiveEntry(KEY, 18, "{\"big\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(EffectiveEntry.fromBytes(plain.toBytes())).as("entry without checkpoint").isEqualTo(plain);
        assertThat(EffectiveEntry.fromBytes(checkpointed.toBytes())).as("entry with a checkpoint over 64 KiB")
                .isEqualTo(checkpointed);
    }

    @Test
    void shouldRoundTripAStreamHead() {
        StreamHead head = new StreamHead(10, 7, "2:" + "ab".repeat(32), KEY);
        assertThat(StreamHead.fromBytes(head.toBytes())).as("decoded head").isEqualTo(head);
        assertThat(head.toBytes().length).as("no state in a head: its size does not grow with the document")
                .isLessThan(128);
    }

    @Test
    void shouldReadAStreamHeadOfVersionOneWithoutItsState() {
        String hash = "cd".repeat(32);
        byte[] versionOne = Codec.encode((byte) 1, out -> {
            out.writeLong(10);
            out.writeLong(7);
            Codec.writeString(out, "{\"a\":" + "1".repeat(100_000) + "}");
            Codec.writeString(out, hash);
            KEY.write(out);
        });
        assertThat(StreamHead.fromBytes(versionOne)).as("a head written before version 2, its state skipped")
                .isEqualTo(new StreamHead(10, 7, hash, KEY));
    }

    @Test
    void shouldRoundTripDocumentHeaders() {
        DocumentHeader empty = DocumentHeader.EMPTY.withClock(99);
        DocumentHeader full = new DocumentHeader("todo-list", KEY, new OperationKey(50L << 16, "b", "b:x"),
                "{\"global\":{\"todos\":[]}}", 123456789L, List.of("document", "global", "local"));
        assertThat(DocumentHeader.fromBytes(empty.toBytes())).as("header of an unknown document").isEqualTo(empty);
        assertThat(DocumentHeader.fromBytes(full.toBytes())).as("header with every field").isEqualTo(full);
    }

    @Test
    void shouldKeepScopesSortedByBytes() {
        DocumentHeader header = DocumentHeader.EMPTY.withScope("local").withScope("Zeta").withScope("global")
                .withScope("local");
        assertThat(header.scopes()).as("sorted, without duplicates").containsExactly("Zeta", "global", "local");
    }

    @Test
    void shouldRejectUnknownVersionsAndTruncatedBytes() {
        byte[] bytes = new StreamHead(1, 1, "h", KEY).toBytes();
        bytes[0] = 3;
        assertThatThrownBy(() -> StreamHead.fromBytes(bytes)).as("version 3 is unknown")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3");
        byte[] truncated = java.util.Arrays.copyOf(KEY.toBytes(), 5);
        assertThatThrownBy(() -> OperationKey.fromBytes(truncated)).as("truncated key")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldFormatKeysSoThatAStreamIsContiguousInIndexOrder() {
        assertThat(MergeKeys.log(STREAM, 5)).as("log key").isEqualTo("doc-1/main/global/00000000000000000005");
        assertThat(MergeKeys.effective(STREAM, 12)).as("effective key").isEqualTo("e/doc-1/main/global/00000000000000000012");
        assertThat(MergeKeys.head(STREAM)).as("head key").isEqualTo("s/doc-1/main/global");
        assertThat(MergeKeys.header("doc-1", "main")).as("header key").isEqualTo("h/doc-1/main");
        assertThat(MergeKeys.id(STREAM, "r:1")).as("id key").isEqualTo("i/doc-1/main/global/r:1");
        assertThat(MergeKeys.pending(STREAM, "r:1")).as("pending key").isEqualTo("p/doc-1/main/global/r:1");

        List<String> keys = new ArrayList<>();
        for (long index : new long[] {0, 9, 10, 99, 100, Long.MAX_VALUE}) {
            keys.add(MergeKeys.log(STREAM, index));
        }
        assertThat(keys).as("lexicographic order is index order").isSorted();
        assertThat(MergeKeys.log(new StreamId("doc-1", "main", "global-2"), 0))
                .as("another scope is outside the stream's prefix")
                .doesNotStartWith(MergeKeys.logPrefix(STREAM));
    }

    @Test
    void shouldRejectNamesWithTheKeySeparator() {
        assertThatThrownBy(() -> new StreamId("a/b", "main", "global")).as("document id with '/'")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IdRules.isOrigin("r:1")).as("a reactor id with ':' is invalid").isFalse();
        assertThat(IdRules.operationId("r1", "a-7")).as("operation id").isEqualTo("r1:a-7");
    }
}
