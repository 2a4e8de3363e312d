package dev.docreactor.reactor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.merge.DocumentHeader;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.EffectiveEntry;
import dev.docreactor.reactor.merge.MergeSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
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
    private KeyValueStore<String, byte[]> bookkeeping;

    @BeforeEach
    void initStores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        operations = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.OPERATIONS), Serdes.String(),
            AvroSerdes.operation()).withLoggingDisabled().build();
        operations.init(context.getStateStoreContext(), operations);
        bookkeeping = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.STREAMS), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled().build();
        bookkeeping.init(context.getStateStoreContext(), bookkeeping);
    }

    @Test
    void shouldReadTheStatesTheExecutorsStorageWrotePastSeveralCheckpoints() {
        DocumentMerger writer = merger(new KafkaMergeStorage(operations, bookkeeping, AvroSerdes.operation().format()));
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

        DocumentMerger reader = merger(KafkaMergeStorage.readOnly(operations, bookkeeping, AvroSerdes.operation().format()));
        DocumentSnapshot view = reader.snapshot("doc", "main", 5L).orElseThrow();
        ScopeState global = view.getScopes().get(Scopes.GLOBAL);
        JsonNode state = CanonicalJson.parse(global.getState());

        assertThat(state).as("the state rebuilt through the read-only storage").isEqualTo(expected);
        assertThat(global.getRevision()).as("one revision per patch").isEqualTo(patches);
        assertThat(global.getHash()).as("the hash of the state it reports").isEqualTo(StateTree.hash(state));
    }

    @Test
    void shouldRefuseEveryWriteOfAReadOnlyStorageAndWriteNothing() {
        KafkaMergeStorage readOnly = KafkaMergeStorage.readOnly(operations, bookkeeping, AvroSerdes.operation().format());
        StreamId stream = new StreamId("doc", "main", Scopes.GLOBAL);
        OperationKey key = new OperationKey(1L, "r", "r:a");
        Operation operation = Operation.newBuilder().setId("r:a").setDocumentId("doc").setDocumentType("json").setBranch("main")
            .setScope(Scopes.GLOBAL).setIndex(0L).setSkip(0).setTimestampUtcMs(1L).setClock(1L).setOrigin("r").setHash("h")
            .setAction(action("a", Scopes.GLOBAL, JsonDocumentModel.PATCH, "[]")).build();
        Map<String, Executable> writes = Map.of(
            "putHeader", () -> readOnly.putHeader("doc", "main", DocumentHeader.EMPTY),
            "putHead", () -> readOnly.putHead(stream, new StreamHead(1L, 1L, "h", key)),
            "appendLog", () -> readOnly.appendLog(stream, operation),
            "putEffective", () -> readOnly.putEffective(stream, 0L, new EffectiveEntry(key, 0L, null)),
            "putIdEntry", () -> readOnly.putIdEntry(stream, "r:a", key),
            "putPending", () -> readOnly.putPending(stream, operation),
            "deletePending", () -> readOnly.deletePending(stream, "r:a"));
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Executable> write : writes.entrySet()) {
            assertThatThrownBy(() -> write.getValue().execute()).as(write.getKey())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
            refused.add(write.getKey());
        }
        assertThat(refused).as("every write refused").hasSize(7);
        assertThat(operations.approximateNumEntries() + bookkeeping.approximateNumEntries()).as("nothing written").isZero();
    }

    private static DocumentMerger merger(KafkaMergeStorage storage) {
        return new DocumentMerger(storage, MODELS, "r", () -> 1_000L, SETTINGS);
    }

    private static Action action(String id, String scope, String type, String input) {
        return Action.newBuilder().setId(id).setScope(scope).setType(type).setInput(input).build();
    }
}
