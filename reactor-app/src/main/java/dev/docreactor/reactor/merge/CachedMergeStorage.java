package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.schema.Operation;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Keeps the hot document branches of one task in memory between jobs, over the {@link MergeStorage} that
 * holds them: each branch's {@link DocumentHeader} and, per scope, its {@link StreamHead} together with
 * the head's state already parsed. A job on a cached branch then reads neither the header nor the heads
 * from the stores, does not decode them and does not parse the state's canonical JSON; the document view
 * is built from the same objects ({@link BranchSnapshot}), so the view costs no store read either.
 *
 * <p>Writes go to the underlying storage first, then to the cache, so the cache never holds what the
 * storage does not. It holds only what this storage was given or read itself, so it is correct as long
 * as nothing else writes the same keys: one instance per Kafka Streams task, created when the task's
 * processor is initialised (after a rebalance or a restore, and after an aborted transaction, whose
 * task Kafka Streams closes and initialises again), so it is rebuilt from the stores on demand.
 *
 * <p>For a stream whose log or effective entries a job reads (re-applying operations after a late insertion,
 * rebuilding a state from a checkpoint), the branch also keeps the recent ones, decoded ({@link StreamTail}):
 * under concurrent writes the same entries are read by job after job. Streams that are only appended to keep
 * none.
 *
 * <p>The merge changes the kept states in place in later jobs; a job that fails after it may have changed
 * one {@linkplain #discard discards} its document branch, which the next job reads from the stores again.
 *
 * <p>Bounded in bytes: each branch counts an estimate of its memory (its heads' states with their hash
 * trees, {@link RunningState#memoryBytes()}, its header and its streams' kept entries); the least recently used branches are evicted
 * beyond {@code maxBytes}, and a branch larger than {@code maxBytes} alone is not kept. Not thread-safe,
 * like the merger.
 */
public final class CachedMergeStorage implements MergeStorage {

    /** Estimated fixed memory of one cached branch or head. */
    private static final int ENTRY_BYTES = 512;

    /**
     * A head and its state in memory (or {@code null}), or a known absence ({@code head == null}), with
     * the bytes it was counted at when cached (its state changes in place afterwards).
     */
    private record CachedHead(StreamHead head, RunningState state, long bytes) {

        static CachedHead of(StreamHead head, RunningState state) {
            return new CachedHead(head, state, ENTRY_BYTES + (state == null ? 0 : state.memoryBytes()));
        }
    }

    /** What is known of one document branch. */
    private static final class Branch {
        /** The header, {@code null} while not read; an empty optional when the store has none. */
        private Optional<DocumentHeader> header;
        private final Map<String, CachedHead> heads = new HashMap<>();
        /** Per scope, the recent entries of a stream whose entries were read. */
        private final Map<String, StreamTail> tails = new HashMap<>();
        private long bytes = ENTRY_BYTES;
        /** Whether the branch left the cache (evicted or forgotten): a change of its size no longer counts. */
        private boolean gone;
    }

    private final MergeStorage base;
    private final long maxBytes;
    private final LinkedHashMap<BranchKey, Branch> branches = new LinkedHashMap<>(64, 0.75f, true);
    /** The branch looked up or created last ({@code null}: none), and its names: see {@link #cached}. */
    private Branch last;
    private String lastDocumentId;
    private String lastBranch;
    private long bytes;
    private long hits;
    private long misses;

    /**
     * @param base the storage that holds everything
     * @param maxBytes the most memory (estimated) the cached branches may take; 0 disables the cache
     */
    public CachedMergeStorage(MergeStorage base, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.base = base;
        this.maxBytes = maxBytes;
    }

    /** Estimated bytes the cache holds now. */
    public long bytes() {
        return bytes;
    }

    /** Reads of headers and heads answered from memory since this cache was created. */
    public long hits() {
        return hits;
    }

    /** Reads of headers and heads that went to the underlying storage since this cache was created. */
    public long misses() {
        return misses;
    }

    @Override
    public Optional<DocumentHeader> header(String documentId, String branch) {
        Branch cached = cached(documentId, branch);
        if (cached != null && cached.header != null) {
            hits++;
            return cached.header;
        }
        misses++;
        Optional<DocumentHeader> header = base.header(documentId, branch);
        Branch entry = branchFor(documentId, branch);
        entry.header = header;
        resize(entry, header.map(CachedMergeStorage::headerBytes).orElse(0L));
        return header;
    }

    @Override
    public void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
        writeThrough(documentId, branch, () -> base.putHeader(documentId, branch, header, previous));
        remember(documentId, branch, header);
    }

    @Override
    public void putClock(String documentId, String branch, DocumentHeader header) {
        writeThrough(documentId, branch, () -> base.putClock(documentId, branch, header));
        remember(documentId, branch, header);
    }

    private void remember(String documentId, String branch, DocumentHeader header) {
        Branch entry = branchFor(documentId, branch);
        long before = entry.header == null ? 0 : entry.header.map(CachedMergeStorage::headerBytes).orElse(0L);
        entry.header = Optional.of(header);
        resize(entry, headerBytes(header) - before);
    }

    @Override
    public Optional<StreamHead> head(StreamId stream) {
        return cachedHead(stream).map(CachedHead::head);
    }

    @Override
    public RunningState headState(StreamId stream, StreamHead head) {
        Branch entry = cached(stream.documentId(), stream.branch());
        CachedHead cached = entry == null ? null : entry.heads.get(stream.scope());
        if (cached != null && cached.head() == head) {
            return cached.state();
        }
        return base.headState(stream, head);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head) {
        putHead(stream, head, null);
    }

    @Override
    public void putHead(StreamId stream, StreamHead head, RunningState state) {
        writeThrough(stream.documentId(), stream.branch(), () -> base.putHead(stream, head, state));
        Branch entry = branchFor(stream.documentId(), stream.branch());
        if (state == null) {
            // Without the state the next job would rebuild it anyway; read the head back when needed.
            CachedHead removed = entry.heads.remove(stream.scope());
            resize(entry, -headBytes(removed));
            return;
        }
        CachedHead next = CachedHead.of(head, state);
        CachedHead previous = entry.heads.put(stream.scope(), next);
        resize(entry, next.bytes() - headBytes(previous));
    }

    @Override
    public Optional<Operation> logEntry(StreamId stream, long index) {
        Branch entry = readingBranch(stream);
        StreamTail tail = entry == null ? null : tailOf(entry, stream.scope());
        Operation kept = tail == null ? null : tail.logEntry(index);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Operation> read = base.logEntry(stream, index);
        if (tail != null && read.isPresent()) {
            resize(entry, tail.putLogEntry(read.get()));
        }
        return read;
    }

    @Override
    public void appendLog(StreamId stream, Operation entry) {
        base.appendLog(stream, entry);
        Branch cached = cached(stream.documentId(), stream.branch());
        StreamTail tail = keptTail(cached, stream.scope());
        if (tail != null) {
            resize(cached, tail.putLogEntry(entry));
        }
    }

    @Override
    public JsonNode parsedInput(StreamId stream, Operation entry) {
        StreamTail tail = keptTail(stream);
        return tail == null ? null : tail.parsedInput(entry);
    }

    @Override
    public void keepParsedInput(StreamId stream, Operation entry, JsonNode input) {
        Branch cached = cached(stream.documentId(), stream.branch());
        StreamTail tail = keptTail(cached, stream.scope());
        if (tail != null) {
            resize(cached, tail.keepParsedInput(entry, input));
        }
    }

    /** The kept entries of a stream, if any (none are created). */
    private StreamTail keptTail(StreamId stream) {
        return keptTail(cached(stream.documentId(), stream.branch()), stream.scope());
    }

    /** The kept entries of a scope of a cached branch, if any (none are created). */
    private static StreamTail keptTail(Branch cached, String scope) {
        return cached == null ? null : cached.tails.get(scope);
    }

    @Override
    public Optional<EffectiveEntry> effective(StreamId stream, long position) {
        Branch entry = readingBranch(stream);
        StreamTail tail = entry == null ? null : tailOf(entry, stream.scope());
        Optional<EffectiveEntry> kept = tail == null ? null : tail.effective(position);
        if (kept != null) {
            return kept;
        }
        Optional<EffectiveEntry> read = base.effective(stream, position);
        if (tail != null) {
            resize(entry, tail.putEffective(position, read.orElse(null)));
        }
        return read;
    }

    @Override
    public void putEffective(StreamId stream, long position, EffectiveEntry entry) {
        writeThrough(stream.documentId(), stream.branch(), () -> base.putEffective(stream, position, entry));
        Branch cached = cached(stream.documentId(), stream.branch());
        StreamTail tail = keptTail(cached, stream.scope());
        if (tail != null) {
            resize(cached, tail.putEffective(position, entry));
        }
    }

    @Override
    public void putEffectives(StreamId stream, SortedMap<Long, EffectiveEntry> entries) {
        writeThrough(stream.documentId(), stream.branch(), () -> base.putEffectives(stream, entries));
        Branch cached = cached(stream.documentId(), stream.branch());
        StreamTail tail = keptTail(cached, stream.scope());
        if (tail != null) {
            long delta = 0;
            for (Map.Entry<Long, EffectiveEntry> entry : entries.entrySet()) {
                delta += tail.putEffective(entry.getKey(), entry.getValue());
            }
            resize(cached, delta);
        }
    }

    /** Runs a write of the underlying storage; if it fails, forgets the branch, whose entry may no longer match it. */
    private void writeThrough(String documentId, String branch, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            forget(new BranchKey(documentId, branch));
            throw e;
        }
    }

    /** The branch of a stream whose entries are read, kept from now on; {@code null} when the cache keeps nothing. */
    private Branch readingBranch(StreamId stream) {
        return maxBytes == 0 ? null : branchFor(stream.documentId(), stream.branch());
    }

    /** The kept entries of a stream, created on its first read; {@code null} if the branch left the cache meanwhile. */
    private StreamTail tailOf(Branch entry, String scope) {
        StreamTail tail = entry.tails.get(scope);
        if (tail == null) {
            tail = new StreamTail();
            entry.tails.put(scope, tail);
            resize(entry, StreamTail.TABLE_BYTES);
        }
        return entry.gone ? null : tail;
    }

    @Override
    public Optional<OperationKey> idEntry(StreamId stream, String operationId) {
        return base.idEntry(stream, operationId);
    }

    @Override
    public void putIdEntry(StreamId stream, String operationId, OperationKey key) {
        base.putIdEntry(stream, operationId, key);
    }

    @Override
    public Optional<Operation> pendingOperation(StreamId stream, String operationId) {
        return base.pendingOperation(stream, operationId);
    }

    @Override
    public List<Operation> pendingOperations(String documentId, String branch) {
        return base.pendingOperations(documentId, branch);
    }

    @Override
    public void putPending(StreamId stream, Operation operation) {
        base.putPending(stream, operation);
    }

    @Override
    public void deletePending(StreamId stream, String operationId) {
        base.deletePending(stream, operationId);
    }

    @Override
    public void discard(String documentId, String branch) {
        forget(new BranchKey(documentId, branch));
        base.discard(documentId, branch);
    }

    private Optional<CachedHead> cachedHead(StreamId stream) {
        Branch entry = cached(stream.documentId(), stream.branch());
        CachedHead cached = entry == null ? null : entry.heads.get(stream.scope());
        if (cached != null) {
            hits++;
            return cached.head() == null ? Optional.empty() : Optional.of(cached);
        }
        misses++;
        Optional<StreamHead> read = base.head(stream);
        Branch target = branchFor(stream.documentId(), stream.branch());
        if (read.isEmpty()) {
            target.heads.put(stream.scope(), CachedHead.of(null, null));
            resize(target, ENTRY_BYTES);
            return Optional.empty();
        }
        CachedHead loaded = CachedHead.of(read.get(), base.headState(stream, read.get()));
        target.heads.put(stream.scope(), loaded);
        resize(target, loaded.bytes());
        return Optional.of(loaded);
    }

    /**
     * The cached branch, or {@code null}. The branch looked up last is answered without a map lookup (a job looks its
     * branch up a few dozen times); it is the most recently used one already, so the order of eviction is the same.
     */
    private Branch cached(String documentId, String branch) {
        Branch memo = last;
        if (memo != null && !memo.gone && documentId.equals(lastDocumentId) && branch.equals(lastBranch)) {
            return memo;
        }
        Branch found = branches.get(new BranchKey(documentId, branch));
        if (found != null) {
            memo(documentId, branch, found);
        }
        return found;
    }

    private Branch branchFor(String documentId, String branch) {
        Branch found = cached(documentId, branch);
        if (found != null) {
            return found;
        }
        Branch created = new Branch();
        bytes += ENTRY_BYTES;
        branches.put(new BranchKey(documentId, branch), created);
        memo(documentId, branch, created);
        return created;
    }

    private void memo(String documentId, String branch, Branch entry) {
        lastDocumentId = documentId;
        lastBranch = branch;
        last = entry;
    }

    /** Accounts for a change of a branch's size, then evicts the least recently used branches beyond the bound. */
    private void resize(Branch entry, long delta) {
        entry.bytes += delta;
        if (entry.gone) {
            return;
        }
        bytes += delta;
        if (bytes <= maxBytes) {
            return;
        }
        Iterator<Map.Entry<BranchKey, Branch>> eldest = branches.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Branch next = eldest.next().getValue();
            bytes -= next.bytes;
            next.gone = true;
            eldest.remove();
        }
    }

    private void forget(BranchKey key) {
        Branch removed = branches.remove(key);
        if (removed != null) {
            bytes -= removed.bytes;
            removed.gone = true;
        }
    }

    private static long headBytes(CachedHead cached) {
        return cached == null ? 0 : cached.bytes();
    }

    private static long headerBytes(DocumentHeader header) {
        return header.initialStates() == null ? 0 : 2L * header.initialStates().length();
    }

    /** A document branch, the key of the cache (no key text to build per access). */
    private record BranchKey(String documentId, String branch) {
    }
}
