package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.docreactor.contract.IdRules;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        StreamHead head = new StreamHead(10, 7, "2:" + "ab".repeat(32), KEY, 77L << 16);
        assertThat(StreamHead.fromBytes(head.toBytes())).as("decoded head, with its branch clock").isEqualTo(head);
        assertThat(head.toBytes().length).as("no state in a head: its size does not grow with the document")
                .isLessThan(160);
        assertThat(head.withClock(78L << 16).clock()).as("the clock a commit sets").isEqualTo(78L << 16);
        assertThat(head.withClock(77L << 16)).as("the same head when the clock is the same").isSameAs(head);
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
                .isEqualTo(new StreamHead(10, 7, hash, KEY, 0L));
    }

    @Test
    void shouldReadAStreamHeadOfVersionTwoWithoutABranchClock() {
        String hash = "2:" + "ef".repeat(32);
        byte[] versionTwo = Codec.encode((byte) 2, out -> {
            out.writeLong(10);
            out.writeLong(7);
            Codec.writeString(out, hash);
            KEY.write(out);
        });
        assertThat(StreamHead.fromBytes(versionTwo)).as("a head written before version 3: clock unknown (0)")
                .isEqualTo(new StreamHead(10, 7, hash, KEY, 0L));
    }

    @Test
    void shouldRoundTripDocumentHeadersWithTheInitialStatesApart() {
        String initialStates = "{\"global\":{\"big\":\"" + "x".repeat(100_000) + "\"}}";
        DocumentHeader empty = DocumentHeader.EMPTY.withClock(99);
        DocumentHeader full = new DocumentHeader("todo-list", KEY, new OperationKey(50L << 16, "b", "b:x"),
                initialStates, 123456789L, List.of("document", "global", "local"));
        byte[] stored = DocumentHeader.initialStatesToBytes(initialStates);

        assertThat(DocumentHeader.fromBytes(empty.toBytes(), () -> fail("no initial states to read")))
                .as("header of an unknown document").isEqualTo(empty);
        assertThat(DocumentHeader.fromBytes(full.toBytes(), () -> DocumentHeader.initialStatesFromBytes(stored)))
                .as("header with every field").isEqualTo(full);
        assertThat(full.toBytes().length).as("the header does not hold the initial states").isLessThan(256);
        assertThatThrownBy(() -> DocumentHeader.fromBytes(full.toBytes(), () -> null))
                .as("a header whose initial states are missing").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial states are missing");
    }

    @Test
    void shouldReadADocumentHeaderOfVersionOneWithItsInitialStatesInside() {
        DocumentHeader header = new DocumentHeader("json", KEY, null, "{\"global\":{\"a\":1}}", 5L << 16,
                List.of("document", "global"));
        byte[] versionOne = Codec.encode((byte) 1, out -> {
            Codec.writeString(out, header.type());
            OperationKey.writeNullable(out, header.createKey());
            OperationKey.writeNullable(out, header.deleteKey());
            Codec.writeString(out, header.initialStates());
            out.writeLong(header.clock());
            out.writeInt(header.scopes().size());
            for (String scope : header.scopes()) {
                Codec.writeString(out, scope);
            }
        });
        assertThat(DocumentHeader.fromBytes(versionOne, () -> fail("layout 1 has the initial states inside")))
                .as("a header written before version 2").isEqualTo(header);
    }

    @Test
    void shouldTakeTheLargestClockOfAHeaderAndItsHeads() {
        DocumentHeader header = DocumentHeader.EMPTY.withScope("document").withScope("global").withScope("local")
                .withClock(10L << 16);
        Map<String, StreamHead> heads = Map.of(
                "document", new StreamHead(1, 1, "h", KEY, 9L << 16),
                "global", new StreamHead(5, 5, "h", KEY, 12L << 16));

        assertThat(header.withClockOfHeads(scope -> Optional.ofNullable(heads.get(scope))).clock())
                .as("a head written after the header carries the newer clock").isEqualTo(12L << 16);
        assertThat(header.withClockOfHeads(scope -> Optional.empty()).clock()).as("no heads: the header's clock")
                .isEqualTo(10L << 16);
    }

    @Test
    void shouldRejectUnknownVersionsAndTruncatedBytes() {
        byte[] bytes = new StreamHead(1, 1, "h", KEY).toBytes();
        bytes[0] = 4;
        assertThatThrownBy(() -> StreamHead.fromBytes(bytes)).as("version 4 is unknown")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 4");
        byte[] header = DocumentHeader.EMPTY.toBytes();
        header[0] = 3;
        assertThatThrownBy(() -> DocumentHeader.fromBytes(header, () -> null)).as("header version 3 is unknown")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3");
        byte[] truncated = Arrays.copyOf(KEY.toBytes(), 5);
        assertThatThrownBy(() -> OperationKey.fromBytes(truncated)).as("truncated key")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldWriteIdKeysInTheirFixedBinaryLayout() {
        byte[] expected = concat(new byte[] {1}, new byte[] {0, 0, 0, 5}, ascii("doc-1"), new byte[] {0, 0, 0, 4}, ascii("main"),
                new byte[] {0, 0, 0, 6}, ascii("global"), ascii("r:1"));
        assertThat(MergeKeys.id(STREAM, "r:1")).as("layout byte, three length-prefixed names, the operation id").isEqualTo(expected);
        assertThat(MergeKeys.id(STREAM, "r:é")).as("names are UTF-8")
                .endsWith(new byte[] {'r', ':', (byte) 0xc3, (byte) 0xa9});
        assertThat(MergeKeys.idOfLegacy("i/doc-1/main/global/r:1")).as("an id key of the earlier layout maps to the same key")
                .isEqualTo(expected);
        byte[] otherScope = MergeKeys.id(new StreamId("doc-1", "main", "global-2"), "r:1");
        assertThat(Arrays.copyOf(otherScope, expected.length - 3)).as("another scope is another prefix")
                .isNotEqualTo(Arrays.copyOf(expected, expected.length - 3));
        assertThat(Arrays.copyOf(MergeKeys.id(STREAM, "r:2"), expected.length - 3)).as("one stream's keys share a prefix")
                .isEqualTo(Arrays.copyOf(expected, expected.length - 3));
        assertThat(MergeKeys.id(new StreamId("doc-1m", "ain", "global"), "r:1")).as("names cannot run into each other")
                .isNotEqualTo(expected);
        for (String malformed : new String[] {"i/doc-1/main/r:1", "i/doc-1/main/global/r:1/x", "h/doc-1/main/global/r:1",
                "i//main/global/r:1", "i/doc-1/main/global/"}) {
            assertThatThrownBy(() -> MergeKeys.idOfLegacy(malformed)).as("not an id key of the earlier layout: " + malformed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(malformed);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void shouldLayAnEffectivePageOutAsDocumented() throws IOException {
        byte[] states = new byte[EffectivePage.SIZE];
        EffectiveEntry[] entries = new EffectiveEntry[EffectivePage.SIZE];
        byte[] empty = EffectivePage.encode(states, entries);
        assertThat(empty.length).as("layout byte, offsets, one state byte per slot").isEqualTo(1 + 4 * 64 + 64);
        assertThat(empty[0]).as("layout").isEqualTo((byte) 1);

        EffectiveEntry entry = new EffectiveEntry(new OperationKey(0x0102030405060708L, "r", "r:a"), 9, null);
        EffectiveEntry checkpointed = new EffectiveEntry(new OperationKey(7, "q", "q:b"), 3, "{\"big\":1}");
        states[5] = EffectivePage.ENTRY;
        entries[5] = entry;
        states[63] = EffectivePage.CHECKPOINTED;
        entries[63] = checkpointed;
        byte[] page = EffectivePage.encode(states, entries);

        // Slot 5, spelled out: state, clock, origin and id (4-byte length, UTF-8), log index.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeByte(1);
        out.writeLong(0x0102030405060708L);
        out.writeInt(1);
        out.write("r".getBytes(StandardCharsets.UTF_8));
        out.writeInt(3);
        out.write("r:a".getBytes(StandardCharsets.UTF_8));
        out.writeLong(9);
        int slotsStart = 1 + 4 * 64;
        // Slots 0 to 4 are one state byte each, so slot 5 starts 5 bytes into the slots; its offset says so.
        assertThat(Arrays.copyOfRange(page, 1 + 4 * 5, 1 + 4 * 6)).as("offset of slot 5").containsExactly(0, 0, 0, 5);
        assertThat(Arrays.copyOfRange(page, slotsStart + 5, slotsStart + 5 + expected.size())).as("slot 5")
                .isEqualTo(expected.toByteArray());
        assertThat(page.length).as("a checkpointed slot holds no checkpoint")
                .isEqualTo(1 + 4 * 64 + 62 + expected.size() + 1 + 8 + 4 + 1 + 4 + 3 + 8);

        EffectivePage read = EffectivePage.of(page);
        assertThat(read.state(5)).isEqualTo(EffectivePage.ENTRY);
        assertThat(read.entry(5)).as("entry").isEqualTo(entry);
        assertThat(read.state(63)).isEqualTo(EffectivePage.CHECKPOINTED);
        assertThat(read.entry(63)).as("key and log index, the checkpoint stored apart")
                .isEqualTo(new EffectiveEntry(checkpointed.key(), 3, null));
        assertThat(read.state(0)).isEqualTo(EffectivePage.IMPLICIT);
        assertThat(read.entry(0)).as("implicit").isNull();
        assertThat(EffectivePage.pageOf(130)).isEqualTo(2);
        assertThat(EffectivePage.slotOf(130)).isEqualTo(2);
    }

    @Test
    void shouldRejectADamagedEffectivePage() {
        byte[] page = EffectivePage.encode(new byte[EffectivePage.SIZE], new EffectiveEntry[EffectivePage.SIZE]);
        byte[] otherLayout = page.clone();
        otherLayout[0] = 2;
        assertThatThrownBy(() -> EffectivePage.of(otherLayout)).as("another layout")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layout 2");
        assertThatThrownBy(() -> EffectivePage.of(Arrays.copyOf(page, 100))).as("truncated")
                .isInstanceOf(IllegalArgumentException.class);
        byte[] unknownState = page.clone();
        unknownState[1 + 4 * 64 + 3] = 7;
        assertThatThrownBy(() -> EffectivePage.of(unknownState).state(3)).as("unknown state")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state 7");
        byte[] badOffset = page.clone();
        badOffset[1 + 4 * 3] = 0x7f;
        assertThatThrownBy(() -> EffectivePage.of(badOffset).entry(3)).as("offset outside the page")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the page");
        byte[] truncatedEntry = page.clone();
        truncatedEntry[1 + 4 * 64 + 63] = EffectivePage.ENTRY;
        assertThatThrownBy(() -> EffectivePage.of(truncatedEntry).entry(63)).as("an entry cut short")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldFormatKeysSoThatAStreamIsContiguousInIndexOrder() {
        assertThat(MergeKeys.log(STREAM, 5)).as("log key").isEqualTo("doc-1/main/global/00000000000000000005");
        assertThat(MergeKeys.legacyEffective(STREAM, 12)).as("effective key of the earlier layout").isEqualTo("e/doc-1/main/global/00000000000000000012");
        assertThat(MergeKeys.legacyEffectivePage(STREAM, 3)).as("page key of the earlier layout").isEqualTo("g/doc-1/main/global/00000000000000000003");
        assertThat(MergeKeys.legacyCheckpoint(STREAM, 64)).as("checkpoint key of the earlier layout").isEqualTo("t/doc-1/main/global/00000000000000000064");
        assertThat(MergeKeys.legacyHead(STREAM)).as("head key of the earlier layout").isEqualTo("s/doc-1/main/global");
        assertThat(MergeKeys.legacyHeader("doc-1", "main")).as("header key of the earlier layout").isEqualTo("h/doc-1/main");
        assertThat(MergeKeys.legacyInitialStates("doc-1", "main")).as("initial states key of the earlier layout").isEqualTo("c/doc-1/main");
        assertThat(MergeKeys.legacyId(STREAM, "r:1")).as("id key of the earlier layout").isEqualTo("i/doc-1/main/global/r:1");
        assertThat(MergeKeys.legacyPending(STREAM, "r:1")).as("pending key of the earlier layout").isEqualTo("p/doc-1/main/global/r:1");
        assertThat(MergeKeys.legacyPendingPrefix("doc-1", "main")).as("pending prefix of the earlier layout").isEqualTo("p/doc-1/main/");

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
    void shouldWriteBookkeepingKeysInTheirFixedBinaryLayout() {
        byte[] branch = concat(new byte[] {0, 0, 0, 5}, ascii("doc-1"), new byte[] {0, 0, 0, 4}, ascii("main"));
        byte[] stream = concat(branch, new byte[] {0, 0, 0, 6}, ascii("global"));
        assertThat(MergeKeys.header("doc-1", "main")).as("header: kind, document, branch").isEqualTo(concat(new byte[] {0x10}, branch));
        assertThat(MergeKeys.initialStates("doc-1", "main")).as("initial states").isEqualTo(concat(new byte[] {0x11}, branch));
        assertThat(MergeKeys.head(STREAM)).as("head: kind, document, branch, scope").isEqualTo(concat(new byte[] {0x12}, stream));
        assertThat(MergeKeys.effectivePage(STREAM, 3)).as("page: then the page, 8 bytes big-endian")
                .isEqualTo(concat(new byte[] {0x13}, stream, new byte[] {0, 0, 0, 0, 0, 0, 0, 3}));
        assertThat(MergeKeys.checkpoint(STREAM, 0x0102030405060708L)).as("checkpoint: then the position")
                .isEqualTo(concat(new byte[] {0x14}, stream, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertThat(MergeKeys.pending(STREAM, "r:é")).as("pending: then the operation id's UTF-8 bytes to the end")
                .isEqualTo(concat(new byte[] {0x15}, stream, new byte[] {'r', ':', (byte) 0xc3, (byte) 0xa9}));
        assertThat(MergeKeys.pendingPrefix("doc-1", "main")).as("a branch's pending operations share a prefix")
                .isEqualTo(concat(new byte[] {0x15}, branch));

        List<byte[]> pages = new ArrayList<>();
        for (long page : new long[] {0, 1, 255, 256, 1L << 40, Long.MAX_VALUE}) {
            pages.add(MergeKeys.effectivePage(STREAM, page));
        }
        assertThat(pages).as("byte order is page order").isSortedAccordingTo(Arrays::compareUnsigned);
        assertThat(Arrays.copyOf(MergeKeys.effectivePage(new StreamId("doc-1", "main", "global-2"), 0), 1 + stream.length))
                .as("another scope is another prefix").isNotEqualTo(Arrays.copyOf(MergeKeys.effectivePage(STREAM, 0), 1 + stream.length));
    }

    @Test
    void shouldMapEveryBookkeepingKeyOfTheEarlierLayoutToItsBinaryKey() {
        StreamId stream = new StreamId("doc-1", "main", "global");
        assertThat(MergeKeys.ofLegacy("h/doc-1/main")).as("header").isEqualTo(MergeKeys.header("doc-1", "main"));
        assertThat(MergeKeys.ofLegacy("c/doc-1/main")).as("initial states").isEqualTo(MergeKeys.initialStates("doc-1", "main"));
        assertThat(MergeKeys.ofLegacy("s/doc-1/main/global")).as("head").isEqualTo(MergeKeys.head(stream));
        assertThat(MergeKeys.ofLegacy("g/doc-1/main/global/00000000000000000003")).as("page").isEqualTo(MergeKeys.effectivePage(stream, 3));
        assertThat(MergeKeys.ofLegacy("t/doc-1/main/global/00000000000000000128")).as("checkpoint")
                .isEqualTo(MergeKeys.checkpoint(stream, 128));
        assertThat(MergeKeys.ofLegacy("p/doc-1/main/global/r:1")).as("pending").isEqualTo(MergeKeys.pending(stream, "r:1"));
        for (String prefix : MergeKeys.LEGACY_PREFIXES) {
            assertThat(prefix).as("a prefix the move scans").hasSize(2).endsWith("/");
        }
        for (String malformed : new String[] {"h/doc-1", "h/doc-1/main/x", "s/doc-1/main", "g/doc-1/main/global/3",
                "t/doc-1/main/global/0000000000000000012x", "p/doc-1/main/global/", "g//main/global/00000000000000000003",
                "i/doc-1/main/global/r:1", "e/doc-1/main/global/00000000000000000001", "x", "",
                "t/doc-1/main/global/99999999999999999999"}) {
            assertThatThrownBy(() -> MergeKeys.ofLegacy(malformed)).as("not a bookkeeping key of the earlier layout: " + malformed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(malformed);
        }
    }

    @Test
    void shouldRejectNamesWithTheKeySeparator() {
        assertThatThrownBy(() -> new StreamId("a/b", "main", "global")).as("document id with '/'")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IdRules.isOrigin("r:1")).as("a reactor id with ':' is invalid").isFalse();
        assertThat(IdRules.operationId("r1", "a-7")).as("operation id").isEqualTo("r1:a-7");
    }
}
