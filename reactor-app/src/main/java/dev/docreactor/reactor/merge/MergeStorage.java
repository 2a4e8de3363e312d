package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.schema.Operation;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where {@link DocumentMerger} keeps streams and bookkeeping: point reads and writes by key, plus one
 * prefix scan (the pending operations of a document branch). Nearly every method maps to one get, put,
 * delete or prefix range scan of a key-value store under the keys of {@link MergeKeys}, so an
 * implementation over Kafka Streams' RocksDB stores is direct: the log in the operations store (whose
 * changelog is the event bus), the id index in a store of its own, everything else, as {@code toBytes()} values,
 * in one bookkeeping store.
 * Effective entries are the exception: positions are read one by one but kept {@link EffectivePage
 * in pages}, and written a stream's worth at a time ({@link #putEffectives}).
 *
 * <p>The merger reads and writes one document branch at a time and never concurrently; implementations
 * need not be thread-safe. The merger stages a job's writes and hands them to the storage only when the
 * job's outcome is known, log appends in append order first.
 *
 * <p>Implementations must not modify the {@link Operation} objects they are given or return them to
 * anyone who does; the merger never modifies them.
 */
public interface MergeStorage {

    /**
     * The header of a document branch, if anything is known about it, with the clock last put (by
     * {@link #putHeader} or {@link #putClock}). Key {@link MergeKeys#header}; the creation's initial states
     * under {@link MergeKeys#initialStates}.
     */
    Optional<DocumentHeader> header(String documentId, String branch);

    /**
     * Stores the header of a document branch.
     *
     * @param previous the header stored before, as this storage returned it when the job began, or
     *     {@code null} if there was none: a storage that keeps the initial states apart writes them only when
     *     they differ
     */
    void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous);

    /**
     * Records a header that differs from the stored one only in its clock, given that the heads of the branch
     * put in the same commit carry that clock ({@link StreamHead#clock}): a storage that reads a header's
     * clock back as the largest of its own and its heads' ({@link DocumentHeader#withClockOfHeads}) need not
     * write anything, which saves a put per job. By default a full {@link #putHeader} (with no previous
     * header known).
     */
    default void putClock(String documentId, String branch, DocumentHeader header) {
        putHeader(documentId, branch, header, null);
    }

    /** The head of a stream, if it has any entry. Key {@link MergeKeys#head}. */
    Optional<StreamHead> head(StreamId stream);

    /** Stores the head of a stream. */
    void putHead(StreamId stream, StreamHead head);

    /**
     * Stores the head of a stream together with its state in memory ({@code state} is the state after the
     * head's operations, or {@code null}): a storage that keeps states in memory ({@link CachedMergeStorage})
     * keeps it, so the next job neither rebuilds it nor hashes it whole. The merge goes on changing
     * {@code state} in place in later jobs of the document; a job that fails {@linkplain #discard discards}
     * what it may have changed. By default the same as {@link #putHead(StreamId, StreamHead)}.
     */
    default void putHead(StreamId stream, StreamHead head, RunningState state) {
        putHead(stream, head);
    }

    /**
     * The state of {@code head}, which this storage returned for {@code stream}, if it keeps it in memory;
     * {@code null} otherwise (the merge rebuilds it from the nearest checkpoint). By default {@code null}.
     */
    default RunningState headState(StreamId stream, StreamHead head) {
        return null;
    }

    /**
     * Forgets whatever this storage keeps in memory of a document branch: a job on it failed after it may
     * have changed states in place. By default nothing (nothing is kept).
     */
    default void discard(String documentId, String branch) {
        // Nothing in memory.
    }

    /** The log entry at {@code index} of a stream. Key {@link MergeKeys#log}. */
    Optional<Operation> logEntry(StreamId stream, long index);

    /**
     * Appends a log entry at {@code entry.getIndex()}, which is the stream's previous last index + 1
     * (0 for the first). Log entries are never overwritten or deleted; each append is one event-bus
     * record.
     */
    void appendLog(StreamId stream, Operation entry);

    /** The effective entry at {@code position} of a stream (in a {@link MergeKeys#effectivePage page}). */
    Optional<EffectiveEntry> effective(StreamId stream, long position);

    /** Stores (or overwrites, in a rebase) the effective entry at {@code position}. */
    void putEffective(StreamId stream, long position, EffectiveEntry entry);

    /**
     * The parsed action input this storage keeps with a log entry it returned ({@link #keepParsedInput}), or
     * {@code null}. By default none.
     */
    default JsonNode parsedInput(StreamId stream, Operation entry) {
        return null;
    }

    /**
     * Offers the parsed action input of a log entry this storage returned, to keep while it keeps the entry: a
     * re-application of the same entry in a later job then does not parse it again. The tree must never change
     * afterwards (the merge offers only inputs of models whose states share no node with them). By default
     * nothing is kept.
     */
    default void keepParsedInput(StreamId stream, Operation entry, JsonNode input) {
    }

    /**
     * Writes effective entries of one stream, by position: what one job's merge wrote there. By default one
     * {@link #putEffective} each; a storage that keeps positions in pages reads and writes each page once.
     */
    default void putEffectives(StreamId stream, SortedMap<Long, EffectiveEntry> entries) {
        entries.forEach((position, entry) -> putEffective(stream, position, entry));
    }

    /**
     * The key of the operation with {@code operationId} in a stream, if the stream has it (in effect:
     * every operation a stream ever appended is in effect exactly once). Key {@link MergeKeys#id}.
     */
    Optional<OperationKey> idEntry(StreamId stream, String operationId);

    /** Records that a stream has the operation {@code operationId} with {@code key}. */
    void putIdEntry(StreamId stream, String operationId, OperationKey key);

    /** The pending operation with {@code operationId}, if it waits. Key {@link MergeKeys#pending}. */
    Optional<Operation> pendingOperation(StreamId stream, String operationId);

    /**
     * All pending operations of a document branch, in no particular order (the merge orders what it releases): a
     * prefix scan over {@link MergeKeys#pendingPrefix}.
     */
    List<Operation> pendingOperations(String documentId, String branch);

    /** Stores an operation that waits for its document's creation, under its stream and id. */
    void putPending(StreamId stream, Operation operation);

    /** Removes a pending operation. */
    void deletePending(StreamId stream, String operationId);
}
