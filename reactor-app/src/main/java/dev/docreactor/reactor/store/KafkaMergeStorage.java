package dev.docreactor.reactor.store;

import dev.docreactor.reactor.merge.DocumentHeader;
import dev.docreactor.reactor.merge.EffectiveEntry;
import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.MergeStorage;
import dev.docreactor.reactor.merge.OperationKey;
import dev.docreactor.reactor.merge.StreamHead;
import dev.docreactor.reactor.merge.StreamId;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merge component's storage on Kafka Streams' RocksDB stores: the log in the operations store (each
 * append is one record on its changelog, the event bus), the bookkeeping (headers, heads, effective
 * positions, id index, pending operations) in one second store.
 */
public final class KafkaMergeStorage implements MergeStorage {

    private final KeyValueStore<String, Operation> operations;
    private final KeyValueStore<String, byte[]> bookkeeping;
    private final RecordFormat<Operation> operationFormat;

    /**
     * @param operations the operations store (the event bus is its changelog)
     * @param bookkeeping the store of the merge's bookkeeping
     * @param operationFormat how pending operations are encoded in the bookkeeping store
     */
    public KafkaMergeStorage(KeyValueStore<String, Operation> operations, KeyValueStore<String, byte[]> bookkeeping,
                             RecordFormat<Operation> operationFormat) {
        this.operations = operations;
        this.bookkeeping = bookkeeping;
        this.operationFormat = operationFormat;
    }

    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.header(documentId, branch))).map(DocumentHeader::fromBytes);
    }

    @Override
    public void putHeader(String documentId, String branch, DocumentHeader header) {
        bookkeeping.put(MergeKeys.header(documentId, branch), header.toBytes());
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.head(stream))).map(StreamHead::fromBytes);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        bookkeeping.put(MergeKeys.head(stream), head.toBytes());
    }

    @Override
    public Optional<Operation> logEntry(StreamId stream, long index) {
        return Optional.ofNullable(operations.get(MergeKeys.log(stream, index)));
    }

    @Override
    public void appendLog(StreamId stream, Operation entry) {
        String key = MergeKeys.log(stream, entry.getIndex());
        // Append-only: an index once written is never overwritten; reaching this would be a merge bug.
        if (operations.putIfAbsent(key, entry) != null) {
            throw new IllegalStateException("log entry " + key + " exists; the operations store is append-only");
        }
    }

    @Override
    public Optional<EffectiveEntry> effective(StreamId stream, long position) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.effective(stream, position))).map(EffectiveEntry::fromBytes);
    }

    @Override
    public void putEffective(StreamId stream, long position, EffectiveEntry entry) {
        bookkeeping.put(MergeKeys.effective(stream, position), entry.toBytes());
    }

    @Override
    public Optional<OperationKey> idEntry(StreamId stream, String operationId) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.id(stream, operationId))).map(OperationKey::fromBytes);
    }

    @Override
    public void putIdEntry(StreamId stream, String operationId, OperationKey key) {
        bookkeeping.put(MergeKeys.id(stream, operationId), key.toBytes());
    }

    @Override
    public Optional<Operation> pendingOperation(StreamId stream, String operationId) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.pending(stream, operationId))).map(operationFormat::decode);
    }

    @Override
    public List<Operation> pendingOperations(String documentId, String branch) {
        String prefix = MergeKeys.pendingPrefix(documentId, branch);
        List<Operation> pending = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = bookkeeping.range(prefix, prefix + Character.MAX_VALUE)) {
            it.forEachRemaining(entry -> pending.add(operationFormat.decode(entry.value)));
        }
        return pending;
    }

    @Override
    public void putPending(StreamId stream, Operation operation) {
        bookkeeping.put(MergeKeys.pending(stream, operation.getId()), operationFormat.encode(operation));
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        bookkeeping.delete(MergeKeys.pending(stream, operationId));
    }
}
