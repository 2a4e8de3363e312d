package dev.docreactor.reactor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.merge.CachedMergeStorage;
import dev.docreactor.reactor.merge.DocumentHeader;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.EffectiveEntry;
import dev.docreactor.reactor.merge.EffectivePage;
import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.MergeResult;
import dev.docreactor.reactor.merge.MergeSettings;
import dev.docreactor.reactor.merge.MergeStorage;
import dev.docreactor.reactor.merge.OperationKey;
import dev.docreactor.reactor.merge.StreamHead;
import dev.docreactor.reactor.merge.StreamId;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.ScopeState;
import dev.docreactor.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The merge's storage on Kafka Streams stores: a read-only one reads what the executor's wrote, and writes nothing. */
class KafkaMergeStorageTest {

    private static final DocumentModelRegistry MODELS = DocumentModelRegistry.of(new JsonDocumentModel());
    private static final int CHECKPOINT_INTERVAL = 4;
    private static final MergeSettings SETTINGS = MergeSettings.DEFAULTS.withCheckpointInterval(CHECKPOINT_INTERVAL);

    private KeyValueStore<String, Operation> operations;
    /** The merge store. */
    private KeyValueStore<Bytes, byte[]> bookkeeping;
    /** The store where earlier releases kept the merge's bookkeeping under string keys. */
    private KeyValueStore<String, byte[]> streams;
    private KeyValueStore<Bytes, byte[]> ids;
    private MockProcessorContext<Object, Object> context;

    @BeforeEach
    void initStores() {
        InMemoryStores stores = new InMemoryStores();
        context = stores.context();
        operations = stores.store(StoreNames.OPERATIONS, Serdes.String(), AvroSerdes.operation());
        bookkeeping = stores.store(StoreNames.MERGE, Serdes.Bytes(), Serdes.ByteArray());
        streams = stores.store(StoreNames.STREAMS, Serdes.String(), Serdes.ByteArray());
        ids = stores.store(StoreNames.IDS, Serdes.Bytes(), Serdes.ByteArray());
    }

    private KafkaMergeStorage writable() {
        return new KafkaMergeStorage(operations, bookkeeping, streams, new IdIndex(ids, streams), AvroSerdes.operation().format());
    }

    @Test
    void shouldReadTheStatesTheExecutorsStorageWrotePastSeveralCheckpoints() {
        DocumentMerger writer = merger(writable());
        int patches = 3 * CHECKPOINT_INTERVAL + 1;
        ObjectNode expected = CanonicalJson.mapper().createObjectNode();
        assertThat(writer.execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\"}"))).completed()).as("created").isTrue();
        for (int i = 0; i < patches; i++) {
            List<Action> one = List.of(action("p" + i, Scopes.GLOBAL, JsonDocumentModel.PATCH,
                "[{\"op\":\"add\",\"path\":\"/n" + i + "\",\"value\":" + i + "}]"));
            assertThat(writer.execute("doc", "main", null, one).completed()).as("patch %d applied", i).isTrue();
            expected.put("n" + i, i);
        }

        DocumentMerger reader = merger(KafkaMergeStorage.readOnly(operations, bookkeeping, streams, AvroSerdes.operation().format()));
        DocumentSnapshot view = reader.snapshot("doc", "main", 5L).orElseThrow();
        ScopeState global = view.getScopes().get(Scopes.GLOBAL);
        JsonNode state = CanonicalJson.parse(global.getState());

        assertThat(state).as("the state rebuilt through the read-only storage").isEqualTo(expected);
        assertThat(global.getRevision()).as("one revision per patch").isEqualTo(patches);
        assertThat(global.getHash()).as("the hash of the state it reports").isEqualTo(StateTree.hash(state));
    }

    @Test
    void shouldRefuseEveryWriteOfAReadOnlyStorageAndWriteNothing() {
        KafkaMergeStorage readOnly = KafkaMergeStorage.readOnly(operations, bookkeeping, streams, AvroSerdes.operation().format());
        StreamId stream = new StreamId("doc", "main", Scopes.GLOBAL);
        OperationKey key = new OperationKey(1L, "r", "r:a");
        Operation operation = Operation.newBuilder().setId("r:a").setDocumentId("doc").setDocumentType("json").setBranch("main")
            .setScope(Scopes.GLOBAL).setIndex(0L).setSkip(0).setTimestampUtcMs(1L).setClock(1L).setOrigin("r").setHash("h")
            .setAction(action("a", Scopes.GLOBAL, JsonDocumentModel.PATCH, "[]")).build();
        Map<String, Executable> writes = Map.of(
            "putHeader", () -> readOnly.putHeader("doc", "main", DocumentHeader.EMPTY, null),
            "putClock", () -> readOnly.putClock("doc", "main", DocumentHeader.EMPTY),
            "putHead", () -> readOnly.putHead(stream, new StreamHead(1L, 1L, "h", key)),
            "appendLog", () -> readOnly.appendLog(stream, operation),
            "putEffective", () -> readOnly.putEffective(stream, 0L, new EffectiveEntry(key, 0L, null)),
            "putIdEntry", () -> readOnly.putIdEntry(stream, "r:a", key),
            "idEntry", () -> readOnly.idEntry(stream, "r:a"),
            "putPending", () -> readOnly.putPending(stream, operation),
            "deletePending", () -> readOnly.deletePending(stream, "r:a"));
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Executable> write : writes.entrySet()) {
            assertThatThrownBy(() -> write.getValue().execute()).as(write.getKey())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
            refused.add(write.getKey());
        }
        assertThat(refused).as("every write (and the id index, which only the executor needs) refused").hasSize(writes.size());
        assertThat(operations.approximateNumEntries() + bookkeeping.approximateNumEntries() + streams.approximateNumEntries()
            + ids.approximateNumEntries())
            .as("nothing written").isZero();
    }

    @Test
    void shouldFindOperationsInAnIdIndexOfTheEarlierLayoutAndKeepNewEntriesInTheIdStore() {
        DocumentMerger before = merger(writable());
        assertThat(before.execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\"}"))).completed()).as("created").isTrue();
        patch(before, "a", 1);
        // As an earlier release left them: every id index entry in the bookkeeping store under its string key.
        List<String> moved = new ArrayList<>();
        try (var it = ids.all()) {
            it.forEachRemaining(entry -> moved.add(HexFormat.of().formatHex(entry.key.get())));
        }
        assertThat(moved).as("the creation's and the patch's entries").hasSize(2);
        streams.put(MergeKeys.legacyId(new StreamId("doc", "main", Scopes.DOCUMENT), "r:c"),
            ids.delete(Bytes.wrap(MergeKeys.id(new StreamId("doc", "main", Scopes.DOCUMENT), "r:c"))));
        streams.put(MergeKeys.legacyId(new StreamId("doc", "main", Scopes.GLOBAL), "r:a"),
            ids.delete(Bytes.wrap(MergeKeys.id(new StreamId("doc", "main", Scopes.GLOBAL), "r:a"))));
        assertThat(ids.all().hasNext()).as("the id store is empty, as after an upgrade").isFalse();

        DocumentMerger after = merger(writable());
        MergeResult reused = after.execute("doc", "main", null, List.of(action("a", Scopes.GLOBAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/n\",\"value\":2}]")));
        assertThat(reused.completed()).as("an action id found in the earlier layout is refused").isFalse();
        assertThat(reused.error()).as("why").contains("already exists");
        patch(after, "b", 3);
        assertThat(ids.get(Bytes.wrap(MergeKeys.id(new StreamId("doc", "main", Scopes.GLOBAL), "r:b"))))
            .as("a new operation's entry is in the id store").isNotNull();
        assertThat(streams.get(MergeKeys.legacyId(new StreamId("doc", "main", Scopes.GLOBAL), "r:b")))
            .as("and not in the bookkeeping store").isNull();
    }

    @Test
    void shouldKeepTheInitialStatesApartAndNeverMoveTheClockBackAfterARestart() {
        long t = 1_700_000_000_000L;
        DocumentMerger writer = merger(cached(), t);
        String big = "x".repeat(50_000);
        assertThat(writer.execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\",\"initialState\":{\"global\":{\"big\":\"" + big + "\"}}}"))).completed())
            .as("created with a large initial state").isTrue();
        patch(writer, "first", 0);
        // The first patch added the scope global to the header; the next ones change only the clock.
        byte[] header = bookkeeping.get(Bytes.wrap(MergeKeys.header("doc", "main")));
        byte[] initialStates = bookkeeping.get(Bytes.wrap(MergeKeys.initialStates("doc", "main")));
        long last = 0;
        for (int i = 1; i < 4; i++) {
            last = patch(writer, "p" + i, i).appended().get(0).getClock();
        }

        assertThat(header.length).as("the header does not hold the initial states").isLessThan(256);
        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.header("doc", "main")))).as("patches do not write the header again")
            .isEqualTo(header);
        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.initialStates("doc", "main")))).as("nor the initial states")
            .isSameAs(initialStates);

        // A restart (or the task moving) with a wall clock an hour behind: a new cache over the same stores.
        DocumentMerger restarted = merger(cached(), t - 3_600_000L);
        long next = patch(restarted, "after", 9).appended().get(0).getClock();

        assertThat(next).as("an operation created after the restart orders after the ones before it").isGreaterThan(last);
        JsonNode state = CanonicalJson.parse(restarted.snapshot("doc", "main", 1L).orElseThrow().getScopes()
            .get(Scopes.GLOBAL).getState());
        assertThat(state.get("big").textValue()).as("the initial state read from its own record").isEqualTo(big);
        assertThat(state.get("n").intValue()).as("the last patch").isEqualTo(9);
    }

    @Test
    void shouldReadAStoreOfTheEarlierLayoutAndMoveItsInitialStatesApartOnTheNextHeaderWrite() throws IOException {
        long t = 1_700_000_000_000L;
        DocumentMerger writer = merger(cached(), t);
        assertThat(writer.execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\",\"initialState\":{\"global\":{\"a\":1}}}"))).completed()).as("created").isTrue();
        long last = patch(writer, "p", 1).appended().get(0).getClock();
        // What the previous release left: a header of layout 1 with the initial states and the clock inside, no
        // initial states record, heads of layout 2 (without the branch's clock).
        KafkaMergeStorage storage = writable();
        DocumentHeader current = storage.header("doc", "main").orElseThrow();
        bookkeeping.put(Bytes.wrap(MergeKeys.header("doc", "main")), headerOfLayoutOne(current));
        bookkeeping.delete(Bytes.wrap(MergeKeys.initialStates("doc", "main")));
        for (String scope : current.scopes()) {
            Bytes key = Bytes.wrap(MergeKeys.head(new StreamId("doc", "main", scope)));
            byte[] head = bookkeeping.get(key);
            byte[] layoutTwo = Arrays.copyOf(head, head.length - Long.BYTES);
            layoutTwo[0] = 2;
            bookkeeping.put(key, layoutTwo);
        }

        DocumentMerger upgraded = merger(cached(), t - 3_600_000L);
        long next = patch(upgraded, "q", 2).appended().get(0).getClock();
        assertThat(next).as("the clock of the old header is kept").isGreaterThan(last);
        assertThat(upgraded.execute("doc", "main", null, List.of(action("l", Scopes.LOCAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]"))).completed()).as("a new scope").isTrue();

        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.header("doc", "main")))[0]).as("the header is written in layout 2").isEqualTo((byte) 2);
        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.initialStates("doc", "main")))).as("with its initial states apart").isNotNull();
        DocumentHeader read = storage.header("doc", "main").orElseThrow();
        assertThat(read.initialStates()).as("the same initial states").isEqualTo(current.initialStates());
        JsonNode state = CanonicalJson.parse(upgraded.snapshot("doc", "main", 1L).orElseThrow().getScopes()
            .get(Scopes.GLOBAL).getState());
        assertThat(state).as("the initial state and both patches").isEqualTo(CanonicalJson.parse("{\"a\":1,\"n\":2}"));
    }

    @Test
    void shouldKeepARebasedStreamInPagesWithItsCheckpointsApart() {
        Pair pair = rebasedPair();

        StreamId global = new StreamId("doc", "main", Scopes.GLOBAL);
        assertThat(pair.a().storage().head(global).orElseThrow().hash()).as("both reactors agree")
            .isEqualTo(pair.b().storage().head(global).orElseThrow().hash());
        assertThat(pair.a().readState()).as("the state read back through a read-only storage")
            .isEqualTo(CanonicalJson.parse("{\"b\":true,\"n\":" + (LOCAL_PATCHES - 1) + "}"));
        int size = LOCAL_PATCHES + 1;
        assertThat(pair.a().numbers(MergeKeys.PAGE, global)).as("one page per %d positions", EffectivePage.SIZE)
            .containsExactly(0L, 1L, 2L);
        List<Long> checkpoints = new ArrayList<>();
        for (long position = CHECKPOINT_INTERVAL; position < size; position += CHECKPOINT_INTERVAL) {
            checkpoints.add(position);
        }
        assertThat(pair.a().numbers(MergeKeys.CHECKPOINT, global)).as("checkpoints apart, at every interval")
            .isEqualTo(checkpoints);
        assertThat(pair.a().legacyNumbers(MergeKeys.LEGACY_EFFECTIVE_PREFIX)).as("no record per position").isEmpty();

        // A position that loses its checkpoint loses the record holding it.
        KafkaMergeStorage storage = pair.a().storage();
        EffectiveEntry withCheckpoint = storage.effective(global, CHECKPOINT_INTERVAL).orElseThrow();
        assertThat(withCheckpoint.checkpoint()).as("read with its checkpoint").isNotNull();
        storage.putEffective(global, CHECKPOINT_INTERVAL, new EffectiveEntry(withCheckpoint.key(), withCheckpoint.logIndex(), null));
        assertThat(pair.a().bookkeeping().get(Bytes.wrap(MergeKeys.checkpoint(global, CHECKPOINT_INTERVAL)))).as("checkpoint deleted").isNull();
        assertThat(pair.a().storage().effective(global, CHECKPOINT_INTERVAL)).as("the entry without it")
            .contains(new EffectiveEntry(withCheckpoint.key(), withCheckpoint.logIndex(), null));
        assertThat(pair.a().storage().effective(global, size)).as("nothing past the end").isEmpty();
    }

    @Test
    void shouldReadEffectiveEntriesOfTheEarlierLayoutAndMoveThemIntoThePagesARebaseWrites() {
        Pair pair = rebasedPair();
        StreamId global = new StreamId("doc", "main", Scopes.GLOBAL);
        int size = LOCAL_PATCHES + 1;
        // As an earlier release left them: one record per stored position, checkpoints inside; no pages.
        KafkaMergeStorage paged = pair.a().storage();
        for (String scope : List.of(Scopes.DOCUMENT, Scopes.GLOBAL)) {
            StreamId stream = new StreamId("doc", "main", scope);
            for (long position = 0; position < EffectivePage.SIZE * 3; position++) {
                long at = position;
                paged.effective(stream, position).ifPresent(entry ->
                    pair.a().streams().put(MergeKeys.legacyEffective(stream, at), entry.toBytes()));
            }
            for (byte kind : new byte[] {MergeKeys.PAGE, MergeKeys.CHECKPOINT}) {
                for (Bytes key : pair.a().keys(kind, stream)) {
                    pair.a().bookkeeping().delete(key);
                }
            }
        }
        // The upgraded release starts over these stores.
        Reactor a = pair.a().restarted();
        List<Long> legacy = a.legacyNumbers("e/doc/main/global/");
        assertThat(legacy).as("every position the rebase moved, as a record of its own").hasSize(size - 1);
        assertThat(a.readState()).as("read from the earlier layout")
            .isEqualTo(CanonicalJson.parse("{\"b\":true,\"n\":" + (LOCAL_PATCHES - 1) + "}"));

        // Both write concurrently again: b's operation goes before a's new ones, which a rewrites from position 152.
        for (int i = 0; i < 100; i++) {
            patch(a.merger(), "more" + i, 1000 + i);
        }
        pair.b().merger().execute("doc", "main", null, List.of(action("b2", Scopes.GLOBAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/b2\",\"value\":true}]")));
        MergeResult late = a.merger().load("doc", pair.b().eventBus());
        assertThat(late.appended()).as("b's new operation").hasSize(1);
        // The first of a's new ones has the same clock (both follow the last operation they share); a's id orders first.
        assertThat(late.appended().get(0).getBehind()).as("before a's new ones but the first").isEqualTo(99);
        pair.b().merger().load("doc", a.eventBus());

        assertThat(a.storage().head(global).orElseThrow().hash()).as("both reactors agree")
            .isEqualTo(pair.b().storage().head(global).orElseThrow().hash());
        assertThat(a.readState()).as("the state")
            .isEqualTo(CanonicalJson.parse("{\"b\":true,\"b2\":true,\"n\":1099}"));
        assertThat(a.numbers(MergeKeys.PAGE, global)).as("pages written by the rebase").containsExactly(2L, 3L);
        assertThat(a.legacyNumbers("e/doc/main/global/")).as("entries of the earlier layout left where no page was written")
            .isEqualTo(legacy.stream().filter(position -> position < 2 * EffectivePage.SIZE).toList());
    }

    @Test
    void shouldReadTheEarlierKeyLayoutUntilMovedAndMoveItWithoutLosingNewerWrites() {
        long t = 1_700_000_000_000L;
        DocumentMerger writer = merger(writable(), t);
        assertThat(writer.execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\",\"initialState\":{\"global\":{\"a\":1}}}"))).completed()).as("created").isTrue();
        int patches = 3 * CHECKPOINT_INTERVAL + 1;
        for (int i = 0; i < patches; i++) {
            patch(writer, "p" + i, i);
        }
        // Operations of another reactor for a document this one has not seen created: they wait.
        Reactor other = Reactor.fresh("b", t);
        assertThat(other.merger().execute("doc2", "main", null, List.of(action("c", Scopes.DOCUMENT,
            DocumentLifecycle.CREATE_DOCUMENT, "{\"type\":\"json\"}"))).completed()).as("created at b").isTrue();
        assertThat(other.merger().execute("doc2", "main", null, List.of(action("x", Scopes.GLOBAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]"))).completed()).as("patched at b").isTrue();
        List<Operation> creation = other.eventBus().stream().filter(op -> op.getScope().equals(Scopes.DOCUMENT)).toList();
        List<Operation> rest = other.eventBus().stream().filter(op -> !op.getScope().equals(Scopes.DOCUMENT)).toList();
        assertThat(writer.load("doc2", rest).buffered()).as("waiting for the creation").isEqualTo(1);
        JsonNode expected = readState("doc");

        // As an earlier release left them: every bookkeeping record in the streams store under its string key.
        int records = 0;
        try (var it = bookkeeping.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                streams.put(legacyKeyOf(entry.key.get()), entry.value);
                records++;
            }
        }
        for (String key : legacyKeys()) {
            bookkeeping.delete(Bytes.wrap(MergeKeys.ofLegacy(key)));
        }
        assertThat(records).as("headers, heads, pages, checkpoints, initial states, a pending operation").isGreaterThan(8);
        assertThat(bookkeeping.approximateNumEntries()).as("nothing in the merge store").isZero();
        assertThat(readState("doc")).as("a reader finds the earlier layout").isEqualTo(expected);

        // The upgraded release starts over these stores: it reads and writes while the move has not begun.
        KafkaMergeStorage upgraded = writable();
        DocumentMerger after = merger(upgraded, t + 1);
        patch(after, "during", 100);
        StreamId global = new StreamId("doc", "main", Scopes.GLOBAL);
        assertThat(streams.get(MergeKeys.legacyHead(global))).as("a head written anew leaves no older copy behind").isNull();
        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.head(global)))).as("but its binary key").isNotNull();
        MergeResult created = after.load("doc2", creation);
        assertThat(created.released()).as("the waiting operation released from the earlier layout").isEqualTo(1);
        assertThat(streams.get(MergeKeys.legacyPending(new StreamId("doc2", "main", Scopes.GLOBAL), rest.get(0).getId())))
            .as("and deleted there").isNull();

        // A record of the earlier layout that the merge store also has (as no writer leaves it) is the older one.
        byte[] newer = bookkeeping.get(Bytes.wrap(MergeKeys.head(global)));
        streams.put(MergeKeys.legacyHead(global), new byte[] {9});
        upgraded.scheduleMoves(context);
        MockProcessorContext.CapturedPunctuator moves = context.scheduledPunctuators().get(0);
        for (int round = 0; round < 3 && !moves.cancelled(); round++) {
            moves.getPunctuator().punctuate(round * 100L);
        }
        assertThat(moves.cancelled()).as("the move ends when nothing is left").isTrue();
        assertThat(legacyKeys()).as("nothing of the earlier layout left").isEmpty();
        assertThat(bookkeeping.get(Bytes.wrap(MergeKeys.head(global)))).as("the newer head kept").isEqualTo(newer);
        ((ObjectNode) expected).put("n", 100);
        assertThat(readState("doc")).as("read from the merge store alone").isEqualTo(expected);
        assertThat(readState("doc2")).as("the released operation applied").isEqualTo(CanonicalJson.parse("{\"x\":1}"));
        patch(merger(writable(), t + 2), "later", 101);
        ((ObjectNode) expected).put("n", 101);
        assertThat(readState("doc")).as("written after the move").isEqualTo(expected);
    }

    /** The global scope's state of a document, read as the HTTP API reads it. */
    private JsonNode readState(String documentId) {
        DocumentMerger reader = merger(KafkaMergeStorage.readOnly(operations, bookkeeping, streams, AvroSerdes.operation().format()));
        return CanonicalJson.parse(reader.snapshot(documentId, "main", 1L).orElseThrow().getScopes().get(Scopes.GLOBAL).getState());
    }

    /** The keys of the streams store with a prefix of the earlier bookkeeping layout. */
    private List<String> legacyKeys() {
        List<String> keys = new ArrayList<>();
        for (String prefix : MergeKeys.LEGACY_PREFIXES) {
            try (var it = streams.range(prefix, prefix + Character.MAX_VALUE)) {
                it.forEachRemaining(entry -> keys.add(entry.key));
            }
        }
        return keys;
    }

    /** The string key an earlier release gave the record under a binary key, spelled out from the binary layout. */
    private static String legacyKeyOf(byte[] key) {
        ByteBuffer in = ByteBuffer.wrap(key);
        byte kind = in.get();
        String document = name(in);
        String branch = name(in);
        if (kind == MergeKeys.HEADER) {
            return "h/" + document + "/" + branch;
        }
        if (kind == MergeKeys.INITIAL_STATES) {
            return "c/" + document + "/" + branch;
        }
        String stream = document + "/" + branch + "/" + name(in);
        return switch (kind) {
            case MergeKeys.HEAD -> "s/" + stream;
            case MergeKeys.PAGE -> "g/" + stream + "/" + String.format("%020d", in.getLong());
            case MergeKeys.CHECKPOINT -> "t/" + stream + "/" + String.format("%020d", in.getLong());
            case MergeKeys.PENDING -> "p/" + stream + "/" + StandardCharsets.UTF_8.decode(in);
            default -> throw new AssertionError("unknown kind " + kind);
        };
    }

    private static String name(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static final int LOCAL_PATCHES = 150;

    /**
     * Reactor a creates a document, b takes the creation, a appends {@value #LOCAL_PATCHES} patches while b writes one
     * that orders before all but the first; then each takes the other's: a inserts b's deep into its stream.
     */
    private Pair rebasedPair() {
        long t = 1_700_000_000_000L;
        Reactor a = new Reactor("a", operations, bookkeeping, streams, ids, t);
        Reactor b = Reactor.fresh("b", t - 3_600_000L);
        assertThat(a.merger().execute("doc", "main", null, List.of(action("c", Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
            "{\"type\":\"json\"}"))).completed()).as("created").isTrue();
        b.merger().load("doc", a.eventBus());
        for (int i = 0; i < LOCAL_PATCHES; i++) {
            patch(a.merger(), "p" + i, i);
        }
        assertThat(b.merger().execute("doc", "main", null, List.of(action("b", Scopes.GLOBAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/b\",\"value\":true}]"))).completed()).as("b's patch").isTrue();
        MergeResult late = a.merger().load("doc", b.eventBus());
        assertThat(late.appended()).as("b's operation, once").hasSize(1);
        assertThat(late.appended().get(0).getBehind()).as("inserted across several pages")
            .isGreaterThan(2 * EffectivePage.SIZE);
        b.merger().load("doc", a.eventBus());
        return new Pair(a, b);
    }

    private record Pair(Reactor a, Reactor b) {
    }

    /** A reactor's stores, with a merger writing through a storage over them (uncached, so every read reaches the stores). */
    private record Reactor(String id, KeyValueStore<String, Operation> operations, KeyValueStore<Bytes, byte[]> bookkeeping,
                           KeyValueStore<String, byte[]> streams, KeyValueStore<Bytes, byte[]> ids, long wallMillis,
                           DocumentMerger merger) {

        Reactor(String id, KeyValueStore<String, Operation> operations, KeyValueStore<Bytes, byte[]> bookkeeping,
                KeyValueStore<String, byte[]> streams, KeyValueStore<Bytes, byte[]> ids, long wallMillis) {
            this(id, operations, bookkeeping, streams, ids, wallMillis, new DocumentMerger(
                new KafkaMergeStorage(operations, bookkeeping, streams, new IdIndex(ids, streams), AvroSerdes.operation().format()),
                MODELS, id, () -> wallMillis, SETTINGS));
        }

        /** The same stores with a new merger and storage, as after a restart (an upgrade). */
        Reactor restarted() {
            return new Reactor(id, operations, bookkeeping, streams, ids, wallMillis);
        }

        static Reactor fresh(String id, long wallMillis) {
            InMemoryStores stores = new InMemoryStores();
            return new Reactor(id, stores.store(StoreNames.OPERATIONS, Serdes.String(), AvroSerdes.operation()),
                stores.store(StoreNames.MERGE, Serdes.Bytes(), Serdes.ByteArray()),
                stores.store(StoreNames.STREAMS, Serdes.String(), Serdes.ByteArray()),
                stores.store(StoreNames.IDS, Serdes.Bytes(), Serdes.ByteArray()), wallMillis);
        }

        /** A new storage over the stores, as after a restart. */
        KafkaMergeStorage storage() {
            return new KafkaMergeStorage(operations, bookkeeping, streams, new IdIndex(ids, streams), AvroSerdes.operation().format());
        }

        /** The global scope's state, read as the HTTP API reads it. */
        JsonNode readState() {
            DocumentMerger reader = new DocumentMerger(KafkaMergeStorage.readOnly(operations, bookkeeping, streams,
                AvroSerdes.operation().format()), MODELS, id, () -> 1L, SETTINGS);
            return CanonicalJson.parse(reader.snapshot("doc", "main", 1L).orElseThrow().getScopes().get(Scopes.GLOBAL).getState());
        }

        /** Every operation of the log, in key order (a stream's in index order). */
        List<Operation> eventBus() {
            List<Operation> all = new ArrayList<>();
            try (var it = operations.all()) {
                it.forEachRemaining(entry -> all.add(entry.value));
            }
            return all;
        }

        /** The merge store's keys of one kind and stream, in key order. */
        List<Bytes> keys(byte kind, StreamId stream) {
            List<Bytes> keys = new ArrayList<>();
            try (var it = bookkeeping.prefixScan(Bytes.wrap(prefix(kind, stream)), new BytesSerializer())) {
                it.forEachRemaining(entry -> keys.add(entry.key));
            }
            return keys;
        }

        /** The numbers (page or position: the last 8 bytes) of the merge store's keys of one kind and stream, in key order. */
        List<Long> numbers(byte kind, StreamId stream) {
            return keys(kind, stream).stream().map(key -> ByteBuffer.wrap(key.get(), key.get().length - Long.BYTES, Long.BYTES).getLong())
                .toList();
        }

        /** The numbers at the end of the string keys with a prefix in the store of the earlier layout, in key order. */
        List<Long> legacyNumbers(String prefix) {
            List<Long> numbers = new ArrayList<>();
            try (var it = streams.range(prefix, prefix + Character.MAX_VALUE)) {
                it.forEachRemaining(entry -> numbers.add(Long.parseLong(entry.key.substring(entry.key.lastIndexOf('/') + 1))));
            }
            return numbers;
        }
    }

    /** The prefix of a stream's keys of one kind: a head's key with the kind byte in place of the head's. */
    private static byte[] prefix(byte kind, StreamId stream) {
        byte[] prefix = MergeKeys.head(stream);
        prefix[0] = kind;
        return prefix;
    }

    /** A header as the previous release wrote it (layout 1), spelled out here independently of the code. */
    private static byte[] headerOfLayoutOne(DocumentHeader header) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        writeString(out, header.type());
        out.writeBoolean(true);
        out.writeLong(header.createKey().clock());
        writeString(out, header.createKey().origin());
        writeString(out, header.createKey().id());
        out.writeBoolean(false);
        writeString(out, header.initialStates());
        out.writeLong(header.clock());
        out.writeInt(header.scopes().size());
        for (String scope : header.scopes()) {
            writeString(out, scope);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private CachedMergeStorage cached() {
        return new CachedMergeStorage(writable(), 1 << 20);
    }

    private static MergeResult patch(DocumentMerger merger, String id, int value) {
        MergeResult result = merger.execute("doc", "main", null, List.of(action(id, Scopes.GLOBAL, JsonDocumentModel.PATCH,
            "[{\"op\":\"add\",\"path\":\"/n\",\"value\":" + value + "}]")));
        assertThat(result.completed()).as("patch %s applied: %s", id, result.error()).isTrue();
        return result;
    }

    private static DocumentMerger merger(MergeStorage storage, long wallMillis) {
        return new DocumentMerger(storage, MODELS, "r", () -> wallMillis, SETTINGS);
    }

    private static DocumentMerger merger(KafkaMergeStorage storage) {
        return new DocumentMerger(storage, MODELS, "r", () -> 1_000L, SETTINGS);
    }

    private static Action action(String id, String scope, String type, String input) {
        return Action.newBuilder().setId(id).setScope(scope).setType(type).setInput(input).build();
    }
}
