package dev.docreactor.reactor.merge;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link MergeStorage} in sorted in-memory maps, laid out like the RocksDB stores: the log under
 * {@link MergeKeys#log} keys, every bookkeeping record as its {@code toBytes()} form under its
 * {@link MergeKeys} key (binary keys in hexadecimal) in one map, pending operations under {@link MergeKeys#pending}
 * keys. Storing
 * bytes exercises the encodings on every access, as the real stores do.
 *
 * <p>A test double: it also keeps the event bus (every log append in order) and counts accesses, for
 * the merge tests. It enforces append-only logs: an append at any index but the next one fails.
 * Not thread-safe.
 */
public class InMemoryMergeStorage implements MergeStorage {

    /**
     * Accesses made so far.
     *
     * @param gets point reads
     * @param puts writes and deletes
     * @param scans prefix scans
     */
    public record AccessCounts(long gets, long puts, long scans) {
    }

    private final NavigableMap<String, Operation> log = new TreeMap<>();
    private final NavigableMap<String, byte[]> bookkeeping = new TreeMap<>();
    private final NavigableMap<String, Operation> pending = new TreeMap<>();
    private final Map<StreamId, Long> nextIndex = new HashMap<>();
    private final Set<StreamId> streams = new LinkedHashSet<>();
    private final List<Operation> eventBus = new ArrayList<>();
    private long gets;
    private long puts;
    private long scans;

    /** Creates an empty storage. */
    public InMemoryMergeStorage() {
        // Empty maps.
    }

    /** Like the Kafka storage: the initial states apart, the clock the largest of the header's and its heads'. */
    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        return read(hex(MergeKeys.header(documentId, branch)), bytes -> DocumentHeader.fromBytes(bytes,
                () -> read(hex(MergeKeys.initialStates(documentId, branch)), DocumentHeader::initialStatesFromBytes).orElse(null)))
                .map(header -> header.withClockOfHeads(scope -> head(new StreamId(documentId, branch, scope))));
    }

    @Override
    public void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
        String before = previous == null ? null : previous.initialStates();
        if (header.initialStates() != null && !header.initialStates().equals(before)) {
            write(hex(MergeKeys.initialStates(documentId, branch)), DocumentHeader.initialStatesToBytes(header.initialStates()));
        } else if (header.initialStates() == null && before != null) {
            puts++;
            bookkeeping.remove(hex(MergeKeys.initialStates(documentId, branch)));
        }
        write(hex(MergeKeys.header(documentId, branch)), header.toBytes());
    }

    /** Writes nothing, like the Kafka storage: {@link #header} reads the clock from the heads. */
    @Override
    public void putClock(String documentId, String branch, DocumentHeader header) {
        // The heads of the same commit carry the clock.
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        return read(hex(MergeKeys.head(stream)), StreamHead::fromBytes);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        write(hex(MergeKeys.head(stream)), head.toBytes());
    }

    @Override
    public Optional<Operation> logEntry(StreamId stream, long index) {
        gets++;
        return Optional.ofNullable(log.get(MergeKeys.log(stream, index)));
    }

    @Override
    public void appendLog(StreamId stream, Operation entry) {
        long expected = nextIndex.getOrDefault(stream, 0L);
        if (entry.getIndex() != expected) {
            throw new IllegalStateException("the log of " + stream + " is append-only: next index is " + expected
                    + ", got an entry at " + entry.getIndex());
        }
        puts++;
        log.put(MergeKeys.log(stream, entry.getIndex()), entry);
        nextIndex.put(stream, expected + 1);
        streams.add(stream);
        eventBus.add(entry);
    }

    /** One record per position (the layout before pages): the interface's model, with no paging to hide a merge bug. */
    @Override
    public Optional<EffectiveEntry> effective(StreamId stream, long position) {
        return read(MergeKeys.legacyEffective(stream, position), EffectiveEntry::fromBytes);
    }

    @Override
    public void putEffective(StreamId stream, long position, EffectiveEntry entry) {
        write(MergeKeys.legacyEffective(stream, position), entry.toBytes());
    }

    @Override
    public Optional<OperationKey> idEntry(StreamId stream, String operationId) {
        return read(idKey(stream, operationId), OperationKey::fromBytes);
    }

    @Override
    public void putIdEntry(StreamId stream, String operationId, OperationKey key) {
        write(idKey(stream, operationId), key.toBytes());
    }

    /** The binary id index key, as text for the map. */
    private static String idKey(StreamId stream, String operationId) {
        return hex(MergeKeys.id(stream, operationId));
    }

    /** A binary key as text for the maps: hexadecimal digits sort as the bytes do, and a prefix stays a prefix. */
    private static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public Optional<Operation> pendingOperation(StreamId stream, String operationId) {
        gets++;
        return Optional.ofNullable(pending.get(hex(MergeKeys.pending(stream, operationId))));
    }

    @Override
    public List<Operation> pendingOperations(String documentId, String branch) {
        scans++;
        String prefix = hex(MergeKeys.pendingPrefix(documentId, branch));
        return new ArrayList<>(pending.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
    }

    @Override
    public void putPending(StreamId stream, Operation operation) {
        puts++;
        pending.put(hex(MergeKeys.pending(stream, operation.getId())), operation);
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        puts++;
        pending.remove(hex(MergeKeys.pending(stream, operationId)));
    }

    /** The log of {@code stream}, in index order (a prefix scan; not counted). */
    public List<Operation> log(StreamId stream) {
        String prefix = MergeKeys.logPrefix(stream);
        return new ArrayList<>(log.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
    }

    /** Every stream that has a log entry, in order of their first append. */
    public Set<StreamId> streams() {
        return Collections.unmodifiableSet(streams);
    }

    /** The event bus: every log entry of every stream, in append order. */
    public List<Operation> eventBus() {
        return Collections.unmodifiableList(eventBus);
    }

    /** The bytes stored under a bookkeeping key, or {@code null} (not counted). */
    public byte[] rawBookkeeping(String key) {
        return bookkeeping.get(key);
    }

    /** The bytes stored under a binary bookkeeping key, or {@code null}. */
    public byte[] rawBookkeeping(byte[] key) {
        return bookkeeping.get(hex(key));
    }

    /** The number of pending operations of all documents. */
    public int pendingCount() {
        return pending.size();
    }

    /** The accesses made so far. */
    public AccessCounts accessCounts() {
        return new AccessCounts(gets, puts, scans);
    }

    private <T> Optional<T> read(String key, Function<byte[], T> decoder) {
        gets++;
        byte[] bytes = bookkeeping.get(key);
        return bytes == null ? Optional.empty() : Optional.of(decoder.apply(bytes));
    }

    private void write(String key, byte[] bytes) {
        puts++;
        bookkeeping.put(key, bytes);
    }

    /**
     * A log entry of {@code stream} at {@code index} as the merge would store it: operation {@code <origin>:<index>},
     * a {@code PATCH} with an empty patch, clock {@code index}. For tests of the storage layers, which never apply it.
     */
    public static Operation logEntry(StreamId stream, long index, String origin) {
        return Operation.newBuilder().setId(origin + ":" + index).setDocumentId(stream.documentId()).setDocumentType("json")
                .setBranch(stream.branch()).setScope(stream.scope()).setIndex(index).setSkip(0).setTimestampUtcMs(1L)
                .setClock(index).setOrigin(origin).setHash("h").setAction(Action.newBuilder().setId(String.valueOf(index))
                        .setScope(stream.scope()).setType("PATCH").setInput("[]").build()).build();
    }
}
