package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes staged in memory over a {@link MergeStorage}: reads see the staged writes, and nothing reaches
 * the underlying storage before {@link #commit()}. This makes an EXECUTE job all-or-nothing (a
 * rejected action discards the stage) and hands every job's writes to the storage in one go, log
 * appends first and in append order. Each head is handed over with its branch's final clock
 * ({@link StreamHead#clock}); a header whose only change is its clock then goes to
 * {@link MergeStorage#putClock}, so the common job (a local append to an existing stream) writes no header.
 */
final class StagedMergeStorage implements MergeStorage {

    private record Staged<T>(StreamId stream, long position, T value) {
    }

    /** A staged head with its state in memory, if the merge handed it over. */
    private record StagedHead(StreamId stream, StreamHead head, RunningState state) {
    }

    /**
     * Where a staged record goes: a stream and a position or index, or an operation id ({@code null} for
     * neither). Staged records are keyed by these rather than by their {@link MergeKeys} strings, which the
     * underlying storage builds when it writes them: no key text is built twice.
     */
    private record At(StreamId stream, long position, String id) {
    }

    /** A document branch. */
    private record Branch(String documentId, String branch) {
    }

    /** A staged header, with the one the underlying storage had when the job began ({@code null}: none). */
    private record StagedHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
    }

    private final MergeStorage base;
    private final Map<Branch, StagedHeader> headers = new LinkedHashMap<>();
    /** The headers read from the underlying storage: what a staged header replaces. */
    private final Map<Branch, Optional<DocumentHeader>> baseHeaders = new HashMap<>();
    private final Map<StreamId, StagedHead> heads = new LinkedHashMap<>();
    private final Map<At, Staged<Operation>> log = new LinkedHashMap<>();
    /** Staged effective entries per stream, by position: handed over a stream at a time. */
    private final Map<StreamId, TreeMap<Long, EffectiveEntry>> effective = new LinkedHashMap<>();
    private final Map<At, Staged<OperationKey>> ids = new LinkedHashMap<>();
    /** A staged pending change; a {@code null} operation is a deletion. */
    private final Map<At, Staged<Operation>> pending = new LinkedHashMap<>();
    private final List<Operation> appended = new ArrayList<>();
    private boolean committed;

    StagedMergeStorage(MergeStorage base) {
        this.base = base;
    }

    /** The log entries appended in this stage, in append order. */
    List<Operation> appended() {
        return appended;
    }

    /**
     * Checks that the staged appends continue their streams' logs in the underlying storage: each stream's first
     * at its stored head's next index (0 without a head), the others one after another. Logs are append-only; the
     * storage writes appends without reading first.
     *
     * @throws IllegalStateException if an append would overwrite an entry or leave a gap (a merge bug)
     */
    void checkAppends() {
        Map<StreamId, Long> next = new HashMap<>();
        for (Staged<Operation> entry : log.values()) {
            long expected = next.computeIfAbsent(entry.stream(), stream -> base.head(stream).map(StreamHead::nextIndex).orElse(0L));
            if (entry.position() != expected) {
                throw new IllegalStateException("log entry " + MergeKeys.log(entry.stream(), entry.position())
                        + " is not its stream's next entry (" + expected + "); logs are append-only");
            }
            next.put(entry.stream(), expected + 1);
        }
    }

    /**
     * Writes everything staged to the underlying storage, log appends first. A stage is committed once and then
     * thrown away (what it staged stays readable, {@link #appended} included).
     *
     * @throws IllegalStateException if the stage was committed before
     */
    void commit() {
        if (committed) {
            throw new IllegalStateException("a stage is committed once");
        }
        committed = true;
        for (Staged<Operation> entry : log.values()) {
            base.appendLog(entry.stream(), entry.value());
        }
        for (Map.Entry<StreamId, TreeMap<Long, EffectiveEntry>> entries : effective.entrySet()) {
            base.putEffectives(entries.getKey(), entries.getValue());
        }
        for (Staged<OperationKey> id : ids.values()) {
            base.putIdEntry(id.stream(), id.value().id(), id.value());
        }
        Set<Branch> clockInHeads = new HashSet<>();
        for (StagedHead head : heads.values()) {
            Branch headerKey = new Branch(head.stream().documentId(), head.stream().branch());
            StagedHeader header = headers.get(headerKey);
            StreamHead stored = head.head();
            if (header != null) {
                stored = stored.withClock(header.header().clock());
                clockInHeads.add(headerKey);
            }
            base.putHead(head.stream(), stored, head.state());
        }
        for (Map.Entry<At, Staged<Operation>> entry : pending.entrySet()) {
            Staged<Operation> change = entry.getValue();
            if (change.value() == null) {
                base.deletePending(change.stream(), entry.getKey().id());
            } else {
                base.putPending(change.stream(), change.value());
            }
        }
        for (Map.Entry<Branch, StagedHeader> entry : headers.entrySet()) {
            StagedHeader staged = entry.getValue();
            DocumentHeader header = staged.header();
            DocumentHeader previous = staged.previous();
            if (previous != null && clockInHeads.contains(entry.getKey())
                    && header.equals(previous.withClock(header.clock()))) {
                base.putClock(staged.documentId(), staged.branch(), header);
            } else {
                base.putHeader(staged.documentId(), staged.branch(), header, previous);
            }
        }
    }

    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        Branch key = new Branch(documentId, branch);
        StagedHeader staged = headers.get(key);
        if (staged != null) {
            return Optional.of(staged.header());
        }
        Optional<DocumentHeader> stored = base.header(documentId, branch);
        baseHeaders.putIfAbsent(key, stored);
        return stored;
    }

    /** Stages the header; {@code previous} is ignored: the stage knows what the underlying storage had. */
    @Override
    public void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
        putHeader(documentId, branch, header);
    }

    /** Stages the header of a document branch, which the job read before ({@link #header}). */
    void putHeader(String documentId, String branch, DocumentHeader header) {
        Branch key = new Branch(documentId, branch);
        Optional<DocumentHeader> stored = baseHeaders.get(key);
        headers.put(key, new StagedHeader(documentId, branch, header, stored == null ? null : stored.orElse(null)));
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        StagedHead staged = heads.get(stream);
        return staged != null ? Optional.of(staged.head()) : base.head(stream);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        putHead(stream, head, null);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head, RunningState state) {
        heads.put(stream, new StagedHead(stream, head, state));
    }

    @Override
    public RunningState headState(StreamId stream, StreamHead head) {
        StagedHead staged = heads.get(stream);
        if (staged != null && staged.head() == head) {
            return staged.state();
        }
        return base.headState(stream, head);
    }

    @Override
    public void discard(String documentId, String branch) {
        base.discard(documentId, branch);
    }

    @Override
    public Optional<Operation> logEntry(StreamId stream, long index) {
        return stagedOr(log.get(new At(stream, index, null)), () -> base.logEntry(stream, index));
    }

    @Override
    public void appendLog(StreamId stream, Operation entry) {
        if (log.putIfAbsent(new At(stream, entry.getIndex(), null), new Staged<>(stream, entry.getIndex(), entry)) != null) {
            throw new IllegalStateException("log entry " + MergeKeys.log(stream, entry.getIndex())
                    + " appended twice in one job; logs are append-only");
        }
        appended.add(entry);
    }

    @Override
    public JsonNode parsedInput(StreamId stream, Operation entry) {
        return base.parsedInput(stream, entry);
    }

    @Override
    public void keepParsedInput(StreamId stream, Operation entry, JsonNode input) {
        base.keepParsedInput(stream, entry, input);
    }

    @Override
    public Optional<EffectiveEntry> effective(StreamId stream, long position) {
        TreeMap<Long, EffectiveEntry> staged = effective.get(stream);
        EffectiveEntry entry = staged == null ? null : staged.get(position);
        return entry != null ? Optional.of(entry) : base.effective(stream, position);
    }

    @Override
    public void putEffective(StreamId stream, long position, EffectiveEntry entry) {
        effective.computeIfAbsent(stream, key -> new TreeMap<>()).put(position, Objects.requireNonNull(entry, "entry"));
    }

    @Override
    public Optional<OperationKey> idEntry(StreamId stream, String operationId) {
        return stagedOr(ids.get(new At(stream, 0, operationId)), () -> base.idEntry(stream, operationId));
    }

    @Override
    public void putIdEntry(StreamId stream, String operationId, OperationKey key) {
        if (!operationId.equals(key.id())) {
            throw new IllegalArgumentException("id entry " + operationId + " with the key of " + key.id());
        }
        ids.put(new At(stream, 0, operationId), new Staged<>(stream, 0, key));
    }

    @Override
    public Optional<Operation> pendingOperation(StreamId stream, String operationId) {
        At key = new At(stream, 0, operationId);
        if (pending.containsKey(key)) {
            return Optional.ofNullable(pending.get(key).value());
        }
        return base.pendingOperation(stream, operationId);
    }

    @Override
    public List<Operation> pendingOperations(String documentId, String branch) {
        Map<At, Operation> merged = new LinkedHashMap<>();
        for (Operation operation : base.pendingOperations(documentId, branch)) {
            merged.put(new At(streamOf(operation), 0, operation.getId()), operation);
        }
        for (Map.Entry<At, Staged<Operation>> change : pending.entrySet()) {
            StreamId stream = change.getKey().stream();
            if (!stream.documentId().equals(documentId) || !stream.branch().equals(branch)) {
                continue;
            }
            if (change.getValue().value() == null) {
                merged.remove(change.getKey());
            } else {
                merged.put(change.getKey(), change.getValue().value());
            }
        }
        return new ArrayList<>(merged.values());
    }

    @Override
    public void putPending(StreamId stream, Operation operation) {
        pending.put(new At(stream, 0, operation.getId()), new Staged<>(stream, 0, operation));
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        pending.put(new At(stream, 0, operationId), new Staged<>(stream, 0, null));
    }

    /** The staged value when there is one, else what the underlying storage has. */
    private static <T> Optional<T> stagedOr(Staged<T> staged, Supplier<Optional<T>> base) {
        return staged != null ? Optional.of(staged.value()) : base.get();
    }

    private static StreamId streamOf(Operation operation) {
        return new StreamId(operation.getDocumentId(), operation.getBranch(), operation.getScope());
    }
}
