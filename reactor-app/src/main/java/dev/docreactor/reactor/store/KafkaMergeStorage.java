package dev.docreactor.reactor.store;

import dev.docreactor.reactor.merge.DocumentHeader;
import dev.docreactor.reactor.merge.EffectiveEntry;
import dev.docreactor.reactor.merge.EffectivePage;
import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.MergeStorage;
import dev.docreactor.reactor.merge.OperationKey;
import dev.docreactor.reactor.merge.StreamHead;
import dev.docreactor.reactor.merge.StreamId;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The merge component's storage on Kafka Streams' RocksDB stores: the log in the operations store (each
 * append is one record on its changelog, the event bus), the bookkeeping (headers, heads, effective
 * positions in {@link EffectivePage pages}, pending operations) in a second store ({@link StoreNames#STREAMS}),
 * the id index in a third ({@link IdIndex}).
 *
 * <p>The executor writes through it ({@link #KafkaMergeStorage(KeyValueStore, KeyValueStore, IdIndex, RecordFormat)});
 * the HTTP API reads documents through a {@linkplain #readOnly read-only} one over interactive queries, whose
 * writes throw {@link UnsupportedOperationException}. Both read the same way, with the same code.
 */
public final class KafkaMergeStorage implements MergeStorage {

    private final ReadOnlyKeyValueStore<String, Operation> operations;
    private final ReadOnlyKeyValueStore<String, byte[]> bookkeeping;
    /** The same stores as {@link #operations} and {@link #bookkeeping} for writing; {@code null} if read-only. */
    private final KeyValueStore<String, Operation> writableOperations;
    private final KeyValueStore<String, byte[]> writableBookkeeping;
    /** The id index; {@code null} if read-only (reading a document needs none). */
    private final IdIndex ids;
    private final RecordFormat<Operation> operationFormat;
    /**
     * Whether the bookkeeping store holds effective entries of the earlier layout (one record per position), looked up
     * the first time a position has no page ({@code null} before: a read of a document whose positions all have pages,
     * or none, costs no scan); only then does a position without a page look for one. No release writes that layout
     * any more, so the answer holds for the storage's life.
     */
    private Boolean legacyEffective;
    /** The executor's last page read or written ({@code null}: none; always for a read-only storage). */
    private LastPage lastPage;

    private record LastPage(StreamId stream, long page, EffectivePage content) {
    }

    /**
     * A storage the merge reads and writes (the executor's).
     *
     * @param operations the operations store (the event bus is its changelog)
     * @param bookkeeping the store of the merge's bookkeeping
     * @param ids the id index
     * @param operationFormat how pending operations are encoded in the bookkeeping store
     */
    public KafkaMergeStorage(KeyValueStore<String, Operation> operations, KeyValueStore<String, byte[]> bookkeeping,
                             IdIndex ids, RecordFormat<Operation> operationFormat) {
        this(operations, bookkeeping, operations, bookkeeping, ids, operationFormat);
    }

    private KafkaMergeStorage(ReadOnlyKeyValueStore<String, Operation> operations, ReadOnlyKeyValueStore<String, byte[]> bookkeeping,
                              KeyValueStore<String, Operation> writableOperations, KeyValueStore<String, byte[]> writableBookkeeping,
                              IdIndex ids, RecordFormat<Operation> operationFormat) {
        this.operations = operations;
        this.bookkeeping = bookkeeping;
        this.writableOperations = writableOperations;
        this.writableBookkeeping = writableBookkeeping;
        this.ids = ids;
        this.operationFormat = operationFormat;
    }

    /**
     * A storage for reading only, over stores another thread may be writing (interactive queries of the
     * operations and bookkeeping stores): what {@link dev.docreactor.reactor.merge.DocumentMerger#snapshot}
     * needs, and no more. Its writes, and its id index reads, throw {@link UnsupportedOperationException}.
     *
     * @param operations the operations store
     * @param bookkeeping the store of the merge's bookkeeping
     * @param operationFormat how pending operations are encoded in the bookkeeping store
     */
    public static KafkaMergeStorage readOnly(ReadOnlyKeyValueStore<String, Operation> operations,
                                             ReadOnlyKeyValueStore<String, byte[]> bookkeeping,
                                             RecordFormat<Operation> operationFormat) {
        return new KafkaMergeStorage(operations, bookkeeping, null, null, null, operationFormat);
    }

    private KeyValueStore<String, Operation> operationsForWriting() {
        if (writableOperations == null) {
            throw new UnsupportedOperationException("read-only merge storage: the operations store is written by the executor only");
        }
        return writableOperations;
    }

    private KeyValueStore<String, byte[]> bookkeepingForWriting() {
        if (writableBookkeeping == null) {
            throw new UnsupportedOperationException("read-only merge storage: the bookkeeping store is written by the executor only");
        }
        return writableBookkeeping;
    }

    /**
     * Reads the header and, if it has initial states, the record that holds them; its clock is the largest of
     * the header's and its heads' (one read per scope: the heads a job may have written instead of the header).
     */
    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        byte[] bytes = bookkeeping.get(MergeKeys.header(documentId, branch));
        if (bytes == null) {
            return Optional.empty();
        }
        DocumentHeader stored = DocumentHeader.fromBytes(bytes, () -> {
            byte[] initialStates = bookkeeping.get(MergeKeys.initialStates(documentId, branch));
            return initialStates == null ? null : DocumentHeader.initialStatesFromBytes(initialStates);
        });
        return Optional.of(stored.withClockOfHeads(scope -> head(new StreamId(documentId, branch, scope))));
    }

    /**
     * Writes the header, and its initial states only when they differ from {@code previous}'s or are not stored
     * apart yet (a header of layout 1 held them).
     */
    @Override
    public void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
        KeyValueStore<String, byte[]> store = bookkeepingForWriting();
        String initialStatesKey = MergeKeys.initialStates(documentId, branch);
        String initialStates = header.initialStates();
        String before = previous == null ? null : previous.initialStates();
        if (initialStates != null && (!initialStates.equals(before) || store.get(initialStatesKey) == null)) {
            store.put(initialStatesKey, DocumentHeader.initialStatesToBytes(initialStates));
        } else if (initialStates == null && before != null) {
            store.delete(initialStatesKey);
        }
        store.put(MergeKeys.header(documentId, branch), header.toBytes());
    }

    /** Writes nothing: the heads of the same commit carry the clock, and {@link #header} reads it from them. */
    @Override
    public void putClock(String documentId, String branch, DocumentHeader header) {
        bookkeepingForWriting();
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        return Optional.ofNullable(bookkeeping.get(MergeKeys.head(stream))).map(StreamHead::fromBytes);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        bookkeepingForWriting().put(MergeKeys.head(stream), head.toBytes());
    }

    @Override
    public Optional<Operation> logEntry(StreamId stream, long index) {
        return Optional.ofNullable(operations.get(MergeKeys.log(stream, index)));
    }

    /**
     * Writes the entry without reading first: the merge appends at its stream head's next index only, which
     * {@code DocumentMerger} checks before it hands a job's appends over.
     */
    @Override
    public void appendLog(StreamId stream, Operation entry) {
        operationsForWriting().put(MergeKeys.log(stream, entry.getIndex()), entry);
    }

    /**
     * Reads the position's slot in its page, and for a checkpointed one the entry stored apart. Without a page, the
     * entry of an earlier release's layout if the store had any when this storage was created, else none.
     */
    @Override
    public Optional<EffectiveEntry> effective(StreamId stream, long position) {
        EffectivePage page = page(stream, EffectivePage.pageOf(position));
        if (page == null) {
            return legacyEffective() ? legacyEntry(bookkeeping, stream, position) : Optional.empty();
        }
        int slot = EffectivePage.slotOf(position);
        return switch (page.state(slot)) {
            case EffectivePage.IMPLICIT -> Optional.empty();
            case EffectivePage.ENTRY -> Optional.of(page.entry(slot));
            default -> {
                byte[] whole = bookkeeping.get(MergeKeys.checkpoint(stream, position));
                // Absent only to a reader racing the executor's rewrite of the page: without its checkpoint the
                // entry is still right, and a rebuild looks for an earlier one.
                yield Optional.of(whole == null ? page.entry(slot) : EffectiveEntry.fromBytes(whole));
            }
        };
    }

    /**
     * A page of a stream, or {@code null}. The executor's storage keeps the last page it read or wrote (a rebase reads
     * positions one after another); a read-only storage reads stores the executor is writing, so it keeps none.
     */
    private EffectivePage page(StreamId stream, long pageNumber) {
        if (lastPage != null && lastPage.page() == pageNumber && lastPage.stream().equals(stream)) {
            return lastPage.content();
        }
        byte[] stored = bookkeeping.get(MergeKeys.effectivePage(stream, pageNumber));
        EffectivePage page = stored == null ? null : EffectivePage.of(stored);
        if (page != null && writableBookkeeping != null) {
            lastPage = new LastPage(stream, pageNumber, page);
        }
        return page;
    }

    @Override
    public void putEffective(StreamId stream, long position, EffectiveEntry entry) {
        putEffectives(stream, new TreeMap<>(Map.of(position, entry)));
    }

    /**
     * Writes each page the entries fall in once: the page's other slots as they were (from the page, else from
     * entries of the earlier layout, which are then moved into it and deleted, else implicit), checkpoints apart.
     */
    @Override
    public void putEffectives(StreamId stream, SortedMap<Long, EffectiveEntry> entries) {
        KeyValueStore<String, byte[]> store = bookkeepingForWriting();
        // Kept again once its page is written: a write that fails half-way leaves no page in memory that the store lacks.
        lastPage = null;
        while (!entries.isEmpty()) {
            long pageNumber = EffectivePage.pageOf(entries.firstKey());
            long first = pageNumber * EffectivePage.SIZE;
            SortedMap<Long, EffectiveEntry> inPage = entries.subMap(first, first + EffectivePage.SIZE);
            String pageKey = MergeKeys.effectivePage(stream, pageNumber);
            byte[] stored = store.get(pageKey);
            EffectivePage before = stored == null ? null : EffectivePage.of(stored);
            byte[] states = new byte[EffectivePage.SIZE];
            EffectiveEntry[] slots = new EffectiveEntry[EffectivePage.SIZE];
            EffectiveEntry[] written = new EffectiveEntry[EffectivePage.SIZE];
            inPage.forEach((position, entry) -> written[EffectivePage.slotOf(position)] = entry);
            for (int slot = 0; slot < EffectivePage.SIZE; slot++) {
                long position = first + slot;
                EffectiveEntry entry = written[slot];
                if (before == null && legacyEffective()) {
                    // The page's first write: an entry of the earlier layout moves into it (or is replaced).
                    EffectiveEntry legacy = takeLegacy(store, stream, position);
                    if (entry == null && legacy != null) {
                        entry = legacy;
                    }
                }
                if (entry == null) {
                    states[slot] = before == null ? EffectivePage.IMPLICIT : before.state(slot);
                    slots[slot] = before == null ? null : before.entry(slot);
                    continue;
                }
                slots[slot] = entry;
                if (entry.checkpoint() != null) {
                    states[slot] = EffectivePage.CHECKPOINTED;
                    store.put(MergeKeys.checkpoint(stream, position), entry.toBytes());
                } else {
                    states[slot] = EffectivePage.ENTRY;
                    if (before != null && before.state(slot) == EffectivePage.CHECKPOINTED) {
                        store.delete(MergeKeys.checkpoint(stream, position));
                    }
                }
            }
            byte[] page = EffectivePage.encode(states, slots);
            store.put(pageKey, page);
            lastPage = new LastPage(stream, pageNumber, EffectivePage.of(page));
            entries = entries.tailMap(first + EffectivePage.SIZE);
        }
    }

    /** Reads and deletes the entry of the earlier layout at {@code position}; {@code null} if there is none. */
    private static EffectiveEntry takeLegacy(KeyValueStore<String, byte[]> store, StreamId stream, long position) {
        String legacyKey = MergeKeys.legacyEffective(stream, position);
        byte[] legacy = store.get(legacyKey);
        if (legacy == null) {
            return null;
        }
        store.delete(legacyKey);
        return EffectiveEntry.fromBytes(legacy);
    }

    private static Optional<EffectiveEntry> legacyEntry(ReadOnlyKeyValueStore<String, byte[]> store, StreamId stream, long position) {
        return Optional.ofNullable(store.get(MergeKeys.legacyEffective(stream, position))).map(EffectiveEntry::fromBytes);
    }

    private boolean legacyEffective() {
        if (legacyEffective == null) {
            legacyEffective = hasLegacyEffective(bookkeeping);
        }
        return legacyEffective;
    }

    /** Whether the store holds effective entries of the earlier layout (one record per position). */
    private static boolean hasLegacyEffective(ReadOnlyKeyValueStore<String, byte[]> store) {
        String prefix = MergeKeys.LEGACY_EFFECTIVE_PREFIX;
        try (KeyValueIterator<String, byte[]> it = store.range(prefix, prefix + Character.MAX_VALUE)) {
            return it.hasNext();
        }
    }

    @Override
    public Optional<OperationKey> idEntry(StreamId stream, String operationId) {
        return Optional.ofNullable(idIndex().get(stream, operationId)).map(OperationKey::fromBytes);
    }

    @Override
    public void putIdEntry(StreamId stream, String operationId, OperationKey key) {
        idIndex().put(stream, operationId, key.toBytes());
    }

    private IdIndex idIndex() {
        if (ids == null) {
            throw new UnsupportedOperationException("read-only merge storage: the id index is the executor's");
        }
        return ids;
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
        bookkeepingForWriting().put(MergeKeys.pending(stream, operation.getId()), operationFormat.encode(operation));
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        bookkeepingForWriting().delete(MergeKeys.pending(stream, operationId));
    }
}
