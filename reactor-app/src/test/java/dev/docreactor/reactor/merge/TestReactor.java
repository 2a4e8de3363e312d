package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.TodoListModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reactor for tests: an in-memory storage, a merger and a wall clock the test sets. The merger works
 * through a small {@link CachedMergeStorage}, as the executor's does, so every merge test also runs
 * with hot branches kept between jobs and evicted; {@link #storage} is what was written through.
 */
final class TestReactor {

    /** Small enough that tests with a few documents evict branches, large enough to keep small ones. */
    static final long CACHE_BYTES = 16 * 1024;

    static final String MAIN = "main";

    static final DocumentModelRegistry MODELS = DocumentModelRegistry.of(new JsonDocumentModel(), new TodoListModel());

    final String id;
    final InMemoryMergeStorage storage = new InMemoryMergeStorage();
    final DocumentMerger merger;
    private final MergeSettings settings;
    long wallMillis;

    TestReactor(String id, long wallMillis) {
        this(id, wallMillis, DocumentMerger.DEFAULT_CHECKPOINT_INTERVAL);
    }

    TestReactor(String id, long wallMillis, int checkpointInterval) {
        this(id, wallMillis, MergeSettings.DEFAULTS.withCheckpointInterval(checkpointInterval));
    }

    TestReactor(String id, long wallMillis, MergeSettings settings) {
        this.id = id;
        this.wallMillis = wallMillis;
        this.settings = settings;
        this.merger = new DocumentMerger(new CachedMergeStorage(storage, CACHE_BYTES), MODELS, id, () -> this.wallMillis,
                settings);
    }

    MergeResult execute(String documentId, Action... actions) {
        return merger.execute(documentId, MAIN, null, Arrays.asList(actions));
    }

    MergeResult load(String documentId, List<Operation> operations) {
        return merger.load(documentId, operations);
    }

    /** Loads every entry of {@code other}'s event bus for {@code documentId}. */
    MergeResult loadAllFrom(TestReactor other, String documentId) {
        List<Operation> operations = new ArrayList<>();
        for (Operation entry : other.storage.eventBus()) {
            if (entry.getDocumentId().equals(documentId)) {
                operations.add(entry);
            }
        }
        return load(documentId, operations);
    }

    List<Operation> log(String documentId, String scope) {
        return storage.log(new StreamId(documentId, MAIN, scope));
    }

    StreamHead head(String documentId, String scope) {
        return storage.head(new StreamId(documentId, MAIN, scope)).orElseThrow();
    }

    /**
     * The state of a stream, read twice: as this reactor keeps it in memory, and as a reader of its stores
     * rebuilds it (nearest checkpoint and the operations after it, checked against the head's hash); the
     * two must be the same.
     */
    JsonNode state(String documentId, String scope) {
        return CanonicalJson.parse(stateText(new StreamId(documentId, MAIN, scope)));
    }

    /** The canonical text of {@link #state}, for any branch. */
    String stateText(StreamId stream) {
        String inMemory = stateText(merger, stream);
        String stored = stateText(new DocumentMerger(storage, MODELS, id, () -> wallMillis, settings), stream);
        if (!inMemory.equals(stored)) {
            throw new AssertionError(id + " " + stream + ": the state in memory " + inMemory
                    + " differs from the state rebuilt from the stores " + stored);
        }
        return stored;
    }

    private static String stateText(DocumentMerger reader, StreamId stream) {
        return reader.snapshot(stream.documentId(), stream.branch(), 0).orElseThrow(
                () -> new AssertionError(stream + ": no view")).getScopes().get(stream.scope()).getState();
    }

    List<String> effectiveIds(String documentId, String scope) {
        return LogReplay.of(log(documentId, scope)).effectiveIds();
    }

    static Action action(String id, String scope, String type, String input) {
        return Action.newBuilder().setId(id).setScope(scope).setType(type).setInput(input).build();
    }

    static Action create(String id, String type) {
        return action(id, Scopes.DOCUMENT, DocumentLifecycle.CREATE_DOCUMENT,
                "{\"type\":\"" + type + "\"}");
    }

    static Action delete(String id) {
        return action(id, Scopes.DOCUMENT, DocumentLifecycle.DELETE_DOCUMENT, "null");
    }

    static Action addTodo(String id, String scope, String todoId) {
        return action(id, scope, TodoListModel.ADD_TODO, "{\"id\":\"" + todoId + "\",\"text\":\"" + todoId + "\"}");
    }

    static Action toggleTodo(String id, String scope, String todoId) {
        return action(id, scope, TodoListModel.TOGGLE_TODO, "{\"id\":\"" + todoId + "\"}");
    }

    static Action removeTodo(String id, String scope, String todoId) {
        return action(id, scope, TodoListModel.REMOVE_TODO, "{\"id\":\"" + todoId + "\"}");
    }

    static Action patch(String id, String scope, String patchJson) {
        return action(id, scope, JsonDocumentModel.PATCH, patchJson);
    }
}
