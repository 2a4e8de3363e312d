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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The merge component's storage on Kafka Streams' RocksDB stores: the log in the operations store (each
 * append is one record on its changelog, the event bus), the bookkeeping (headers, heads, effective
 * positions in {@link EffectivePage pages}, pending operations) in the merge store ({@link StoreNames#MERGE}) under
 * the binary keys of {@link MergeKeys}, the id index in a third ({@link IdIndex}).
 *
 * <p>The executor writes through it ({@link #KafkaMergeStorage(KeyValueStore, KeyValueStore, KeyValueStore, IdIndex,
 * RecordFormat)}); the HTTP API reads documents through a {@linkplain #readOnly read-only} one over interactive
 * queries, whose writes throw {@link UnsupportedOperationException}. Both read the same way, with the same code.
 *
 * <p>Earlier releases kept the bookkeeping in the {@link StoreNames#STREAMS} store under string keys
 * ({@link MergeKeys#LEGACY_PREFIXES}). The executor's storage finds out when it is created whether any are left, and
 * then {@linkplain #scheduleMoves moves} them to the merge store in bounded batches ({@link LayoutMove}); until none
 * is left it reads a key there where the merge store misses, and deletes it there when it writes or deletes the key
 * in the merge store, so that a record of the earlier layout is never newer than the merge store's. A read-only
 * storage does not know how far the executor got: at its first miss it looks whether any record of the earlier layout
 * is left (a range seek per kind), and if so, where the merge store misses, reads the earlier key and the merge store
 * again (the executor may have moved the record in between: it writes the new key before it deletes the old one).
 */
public final class KafkaMergeStorage implements MergeStorage {

    private final ReadOnlyKeyValueStore<String, Operation> operations;
    private final ReadOnlyKeyValueStore<Bytes, byte[]> bookkeeping;
    /** The store of the earlier layout; {@code null}: none to read. */
    private final ReadOnlyKeyValueStore<String, byte[]> earlier;
    /** The same stores as {@link #operations}, {@link #bookkeeping} and {@link #earlier} for writing; {@code null} if read-only. */
    private final KeyValueStore<String, Operation> writableOperations;
    private final KeyValueStore<Bytes, byte[]> writableBookkeeping;
    private final KeyValueStore<String, byte[]> writableEarlier;
    /** The move of the earlier layout's records; {@code null} if read-only. */
    private final LayoutMove move;
    /**
     * For a read-only storage, whether {@link #earlier} held records of the earlier layout when first looked at
     * ({@code null} before: a read that never misses costs no scan). Once none is left none comes back (no release
     * writes that layout), so a storage that found none never looks again.
     */
    private Boolean earlierFound;
    /** The id index; {@code null} if read-only (reading a document needs none). */
    private final IdIndex ids;
    private final RecordFormat<Operation> operationFormat;
    /**
     * Whether the store of the earlier layout holds effective entries of the layout before pages (one record per
     * position), looked up the first time a position has no page ({@code null} before: a read of a document whose
     * positions all have pages, or none, costs no scan); only then does a position without a page look for one. No
     * release writes that layout any more, so the answer holds for the storage's life.
     */
    private Boolean legacyEffective;
    /** The executor's last page read or written ({@code null}: none; always for a read-only storage). */
    private LastPage lastPage;

    private record LastPage(StreamId stream, long page, EffectivePage content) {
    }

    /**
     * A storage the merge reads and writes (the executor's). Finds out whether {@code earlier} holds bookkeeping of
     * the earlier layout (a range seek per kind); {@link #scheduleMoves} then moves it.
     *
     * @param operations the operations store (the event bus is its changelog)
     * @param bookkeeping the merge store, where the merge's bookkeeping is kept
     * @param earlier the store where earlier releases kept it ({@link StoreNames#STREAMS}); not {@code null}
     * @param ids the id index
     * @param operationFormat how pending operations are encoded in the merge store
     */
    public KafkaMergeStorage(KeyValueStore<String, Operation> operations, KeyValueStore<Bytes, byte[]> bookkeeping,
                             KeyValueStore<String, byte[]> earlier, IdIndex ids, RecordFormat<Operation> operationFormat) {
        this.operations = operations;
        this.bookkeeping = bookkeeping;
        this.earlier = earlier;
        this.writableOperations = operations;
        this.writableBookkeeping = bookkeeping;
        this.writableEarlier = earlier;
        this.move = new LayoutMove("Merge bookkeeping records", earlier, bookkeeping, MergeKeys.LEGACY_PREFIXES,
            MergeKeys::ofLegacy);
        this.ids = ids;
        this.operationFormat = operationFormat;
    }

    private KafkaMergeStorage(ReadOnlyKeyValueStore<String, Operation> operations, ReadOnlyKeyValueStore<Bytes, byte[]> bookkeeping,
                              ReadOnlyKeyValueStore<String, byte[]> earlier, RecordFormat<Operation> operationFormat) {
        this.operations = operations;
        this.bookkeeping = bookkeeping;
        this.earlier = earlier;
        this.writableOperations = null;
        this.writableBookkeeping = null;
        this.writableEarlier = null;
        this.move = null;
        this.ids = null;
        this.operationFormat = operationFormat;
    }

    /**
     * A storage for reading only, over stores another thread may be writing (interactive queries of the
     * operations and merge stores): what {@link dev.docreactor.reactor.merge.DocumentMerger#snapshot}
     * needs, and no more. Its writes, and its id index reads, throw {@link UnsupportedOperationException}.
     *
     * @param operations the operations store
     * @param bookkeeping the merge store
     * @param earlier the store where earlier releases kept the bookkeeping, read where the merge store misses;
     *     {@code null} for none
     * @param operationFormat how pending operations are encoded in the merge store
     */
    public static KafkaMergeStorage readOnly(ReadOnlyKeyValueStore<String, Operation> operations,
                                             ReadOnlyKeyValueStore<Bytes, byte[]> bookkeeping,
                                             ReadOnlyKeyValueStore<String, byte[]> earlier,
                                             RecordFormat<Operation> operationFormat) {
        return new KafkaMergeStorage(operations, bookkeeping, earlier, operationFormat);
    }

    /**
     * While records of the earlier layout are left, moves them to the merge store in batches on the task's stream
     * thread ({@link LayoutMove}: 1,000 every 100 ms).
     */
    public void scheduleMoves(ProcessorContext<?, ?> context) {
        if (move == null) {
            throw new UnsupportedOperationException("read-only merge storage: the executor moves the earlier layout");
        }
        move.schedule(context);
    }

    /** Whether records of the earlier layout may be left. */
    private boolean earlierLeft() {
        if (earlier == null) {
            return false;
        }
        if (move != null) {
            return move.pending();
        }
        if (earlierFound == null) {
            earlierFound = LayoutMove.anyUnder(earlier, MergeKeys.LEGACY_PREFIXES);
        }
        return earlierFound;
    }

    private KeyValueStore<String, Operation> operationsForWriting() {
        if (writableOperations == null) {
            throw new UnsupportedOperationException("read-only merge storage: the operations store is written by the executor only");
        }
        return writableOperations;
    }

    private KeyValueStore<Bytes, byte[]> bookkeepingForWriting() {
        if (writableBookkeeping == null) {
            throw new UnsupportedOperationException("read-only merge storage: the merge store is written by the executor only");
        }
        return writableBookkeeping;
    }

    /**
     * The value under {@code key}: from the merge store, else, while records of the earlier layout may be left, under
     * {@code earlierKey} there (a read-only storage then reads the merge store once more: the executor may have moved
     * it in between).
     */
    private byte[] read(byte[] key, Supplier<String> earlierKey) {
        Bytes binary = Bytes.wrap(key);
        byte[] value = bookkeeping.get(binary);
        if (value != null || !earlierLeft()) {
            return value;
        }
        value = earlier.get(earlierKey.get());
        return value != null || move != null ? value : bookkeeping.get(binary);
    }

    /** Writes {@code value} under {@code key}, and deletes the record of the earlier layout if there is one. */
    private void write(byte[] key, byte[] value, Supplier<String> earlierKey) {
        bookkeepingForWriting().put(Bytes.wrap(key), value);
        dropEarlier(earlierKey);
    }

    /** Deletes {@code key}, and the record of the earlier layout if there is one. */
    private void remove(byte[] key, Supplier<String> earlierKey) {
        bookkeepingForWriting().delete(Bytes.wrap(key));
        dropEarlier(earlierKey);
    }

    private void dropEarlier(Supplier<String> earlierKey) {
        if (earlierLeft()) {
            String key = earlierKey.get();
            if (writableEarlier.get(key) != null) {
                writableEarlier.delete(key);
            }
        }
    }

    /**
     * Reads the header and, if it has initial states, the record that holds them; its clock is the largest of
     * the header's and its heads' (one read per scope: the heads a job may have written instead of the header).
     */
    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        byte[] bytes = read(MergeKeys.header(documentId, branch), () -> MergeKeys.legacyHeader(documentId, branch));
        if (bytes == null) {
            return Optional.empty();
        }
        DocumentHeader stored = DocumentHeader.fromBytes(bytes, () -> {
            byte[] initialStates = read(MergeKeys.initialStates(documentId, branch),
                () -> MergeKeys.legacyInitialStates(documentId, branch));
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
        KeyValueStore<Bytes, byte[]> store = bookkeepingForWriting();
        byte[] initialStatesKey = MergeKeys.initialStates(documentId, branch);
        Supplier<String> earlierInitialStates = () -> MergeKeys.legacyInitialStates(documentId, branch);
        String initialStates = header.initialStates();
        String before = previous == null ? null : previous.initialStates();
        if (initialStates != null && (!initialStates.equals(before) || store.get(Bytes.wrap(initialStatesKey)) == null)) {
            write(initialStatesKey, DocumentHeader.initialStatesToBytes(initialStates), earlierInitialStates);
        } else if (initialStates == null && before != null) {
            remove(initialStatesKey, earlierInitialStates);
        }
        write(MergeKeys.header(documentId, branch), header.toBytes(), () -> MergeKeys.legacyHeader(documentId, branch));
    }

    /** Writes nothing: the heads of the same commit carry the clock, and {@link #header} reads it from them. */
    @Override
    public void putClock(String documentId, String branch, DocumentHeader header) {
        bookkeepingForWriting();
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        return Optional.ofNullable(read(MergeKeys.head(stream), () -> MergeKeys.legacyHead(stream))).map(StreamHead::fromBytes);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        write(MergeKeys.head(stream), head.toBytes(), () -> MergeKeys.legacyHead(stream));
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
            return legacyEffective() ? legacyEntry(earlier, stream, position) : Optional.empty();
        }
        int slot = EffectivePage.slotOf(position);
        return switch (page.state(slot)) {
            case EffectivePage.IMPLICIT -> Optional.empty();
            case EffectivePage.ENTRY -> Optional.of(page.entry(slot));
            default -> {
                byte[] whole = read(MergeKeys.checkpoint(stream, position), () -> MergeKeys.legacyCheckpoint(stream, position));
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
        byte[] stored = read(MergeKeys.effectivePage(stream, pageNumber), () -> MergeKeys.legacyEffectivePage(stream, pageNumber));
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
        bookkeepingForWriting();
        // Kept again once its page is written: a write that fails half-way leaves no page in memory that the store lacks.
        lastPage = null;
        while (!entries.isEmpty()) {
            long pageNumber = EffectivePage.pageOf(entries.firstKey());
            long first = pageNumber * EffectivePage.SIZE;
            SortedMap<Long, EffectiveEntry> inPage = entries.subMap(first, first + EffectivePage.SIZE);
            byte[] pageKey = MergeKeys.effectivePage(stream, pageNumber);
            Supplier<String> earlierPageKey = () -> MergeKeys.legacyEffectivePage(stream, pageNumber);
            byte[] stored = read(pageKey, earlierPageKey);
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
                    EffectiveEntry legacy = takeLegacy(writableEarlier, stream, position);
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
                    write(MergeKeys.checkpoint(stream, position), entry.toBytes(), () -> MergeKeys.legacyCheckpoint(stream, position));
                } else {
                    states[slot] = EffectivePage.ENTRY;
                    if (before != null && before.state(slot) == EffectivePage.CHECKPOINTED) {
                        remove(MergeKeys.checkpoint(stream, position), () -> MergeKeys.legacyCheckpoint(stream, position));
                    }
                }
            }
            byte[] page = EffectivePage.encode(states, slots);
            write(pageKey, page, earlierPageKey);
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
            legacyEffective = earlier != null && LayoutMove.anyUnder(earlier, List.of(MergeKeys.LEGACY_EFFECTIVE_PREFIX));
        }
        return legacyEffective;
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
        return Optional.ofNullable(read(MergeKeys.pending(stream, operationId), () -> MergeKeys.legacyPending(stream, operationId)))
            .map(operationFormat::decode);
    }

    /**
     * A prefix scan of the merge store, and while records of the earlier layout may be left, of theirs (an operation
     * found in both, which only a reader racing the executor's move sees, counts once).
     */
    @Override
    public List<Operation> pendingOperations(String documentId, String branch) {
        Map<String, Operation> pending = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = bookkeeping.prefixScan(Bytes.wrap(MergeKeys.pendingPrefix(documentId, branch)),
                new BytesSerializer())) {
            it.forEachRemaining(entry -> keepPending(pending, operationFormat.decode(entry.value)));
        }
        if (earlierLeft()) {
            String prefix = MergeKeys.legacyPendingPrefix(documentId, branch);
            try (KeyValueIterator<String, byte[]> it = earlier.range(prefix, prefix + Character.MAX_VALUE)) {
                it.forEachRemaining(entry -> keepPending(pending, operationFormat.decode(entry.value)));
            }
        }
        return new ArrayList<>(pending.values());
    }

    private static void keepPending(Map<String, Operation> pending, Operation operation) {
        pending.putIfAbsent(operation.getScope() + '/' + operation.getId(), operation);
    }

    @Override
    public void putPending(StreamId stream, Operation operation) {
        write(MergeKeys.pending(stream, operation.getId()), operationFormat.encode(operation),
            () -> MergeKeys.legacyPending(stream, operation.getId()));
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        remove(MergeKeys.pending(stream, operationId), () -> MergeKeys.legacyPending(stream, operationId));
    }
}
