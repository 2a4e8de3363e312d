package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convergence merge of one reactor, its public entry point: applies EXECUTE jobs (local actions)
 * and LOAD jobs (operations from other reactors) to the document streams in a {@link MergeStorage}, so
 * that every reactor ends with the same operations and states whatever the order, delay or duplication
 * of deliveries, and no log is ever rewritten; and reads a document's view. Pure logic: no Kafka. The
 * algorithm (order, {@code skip}, replay, EXECUTE, LOAD, lifecycle, checkpoints, limits) is described
 * once, in the {@linkplain dev.docreactor.reactor.merge package description}.
 *
 * <p>A job's writes are staged in memory and handed to the storage in one go once its outcome is known
 * (an EXECUTE job is all or nothing). One instance serves one reactor (one storage); it is not
 * thread-safe. Jobs of one document must run one at a time, which Kafka Streams gives by keying jobs by
 * document id.
 */
public final class DocumentMerger {

    /** Positions between two state checkpoints of a stream's effective list, unless configured. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 64;

    private static final Logger LOG = LoggerFactory.getLogger(DocumentMerger.class);

    private final String reactorId;
    private final DocumentModelRegistry registry;
    private final MergeStorage storage;
    private final LongSupplier wallClockMillis;
    private final MergeSettings settings;

    /**
     * A merger with the default checkpoint interval.
     *
     * @param storage where streams and bookkeeping live
     * @param registry the document models
     * @param reactorId this reactor's id: the origin of its operations; non-empty, without '/' or ':'
     * @param wallClockMillis the wall clock, epoch milliseconds (injected so tests can skew it)
     */
    public DocumentMerger(MergeStorage storage, DocumentModelRegistry registry, String reactorId,
            LongSupplier wallClockMillis) {
        this(storage, registry, reactorId, wallClockMillis, DEFAULT_CHECKPOINT_INTERVAL);
    }

    /**
     * A merger.
     *
     * @param storage where streams and bookkeeping live
     * @param registry the document models
     * @param reactorId this reactor's id: the origin of its operations; non-empty, without '/' or ':'
     * @param wallClockMillis the wall clock, epoch milliseconds (injected so tests can skew it)
     * @param checkpointInterval keep the state every this many effective positions: a rebase rebuilds the
     *     state before its insertion point from at most this many operations; larger values store less.
     *     Keep it constant for a store (another value still works, but rebases get slower)
     */
    public DocumentMerger(MergeStorage storage, DocumentModelRegistry registry, String reactorId,
            LongSupplier wallClockMillis, int checkpointInterval) {
        this(storage, registry, reactorId, wallClockMillis, MergeSettings.DEFAULTS.withCheckpointInterval(checkpointInterval));
    }

    /**
     * A merger.
     *
     * @param storage where streams and bookkeeping live
     * @param registry the document models
     * @param reactorId this reactor's id: the origin of its operations; non-empty, without '/' or ':'
     * @param wallClockMillis the wall clock, epoch milliseconds (injected so tests can skew it)
     * @param settings checkpoint interval, limits and clock bound
     */
    public DocumentMerger(MergeStorage storage, DocumentModelRegistry registry, String reactorId,
            LongSupplier wallClockMillis, MergeSettings settings) {
        if (!IdRules.isOrigin(reactorId)) {
            throw new IllegalArgumentException("a reactor id must be non-empty and contain neither '/' nor ':': "
                    + reactorId);
        }
        this.reactorId = reactorId;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.wallClockMillis = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** This reactor's id, the origin of the operations it creates. */
    public String reactorId() {
        return reactorId;
    }

    /**
     * Applies an EXECUTE job: {@code job.getActions()} on {@code job.getDocumentId()} and
     * {@code job.getBranch()}; {@code job.getDocumentType()} fills in the type of a creation without one.
     *
     * @throws IllegalArgumentException if the job is not an EXECUTE job
     */
    public MergeResult execute(Job job) {
        if (job.getKind() != JobKind.EXECUTE) {
            throw new IllegalArgumentException("not an EXECUTE job: " + job.getKind());
        }
        return execute(job.getDocumentId(), job.getBranch(), job.getDocumentType(), job.getActions());
    }

    /**
     * Applies local actions to one document branch, all or nothing.
     *
     * <p>Each action becomes the operation {@code reactorId + ":" + action.id} in the stream of its
     * scope, with a fresh clock tick. A {@code CREATE_DOCUMENT} action (scope {@code document}) creates
     * the document; its input {@code {"type": ..., "initialState"?: {...}}} takes {@code documentType}
     * as type when it names none. Every other action needs an existing, not deleted document.
     *
     * @param documentId the document
     * @param branch the branch
     * @param documentType the document type a creation in the job uses when its input names none; when
     *     given, it must match the creation's type; may be {@code null}
     * @param actions the actions, applied in order
     * @return a completed result with one outcome per action, or a rejected result (nothing written)
     *     with the reason
     */
    public MergeResult execute(String documentId, String branch, String documentType, List<Action> actions) {
        if (!IdRules.isKeyName(documentId) || !IdRules.isKeyName(branch)) {
            return MergeResult.rejected(documentId, "document id and branch must be non-empty and must not contain '/': "
                    + documentId + ", " + branch);
        }
        StagedMergeStorage stage = new StagedMergeStorage(storage);
        DocumentSession session;
        String failure;
        try {
            session = new DocumentSession(reactorId, registry, stage, settings, documentId, branch);
            failure = session.execute(documentType, actions == null ? List.of() : actions,
                    wallClockMillis.getAsLong());
            if (failure == null) {
                session.finish();
            }
        } catch (RuntimeException | Error e) {
            storage.discard(documentId, branch);
            throw e;
        }
        if (failure != null) {
            // Actions before the rejected one changed states in memory that the stores do not get.
            storage.discard(documentId, branch);
            LOG.debug("document {}/{}: EXECUTE rejected: {}", documentId, branch, failure);
            return MergeResult.rejected(documentId, failure);
        }
        List<Operation> appended = stage.appended();
        commit(stage, documentId, List.of(branch));
        return new MergeResult(documentId, true, null, session.outcomes(), appended, 0, 0, session.released(),
                List.of(), session.reapplied(), session.spared());
    }

    /**
     * Applies a LOAD job: {@code job.getOperations()} for {@code job.getDocumentId()}.
     *
     * @throws IllegalArgumentException if the job is not a LOAD job
     */
    public MergeResult load(Job job) {
        if (job.getKind() != JobKind.LOAD) {
            throw new IllegalArgumentException("not a LOAD job: " + job.getKind());
        }
        return load(job.getDocumentId(), job.getOperations());
    }

    /**
     * Merges operations that other reactors appended to their streams of one document (any branches and
     * scopes, any order, duplicates and re-applied copies allowed). Always completes: operations this
     * reactor has are counted in {@link MergeResult#duplicates()}, operations that wait for the
     * document's creation in {@link MergeResult#buffered()}, unusable ones listed in
     * {@link MergeResult#ignored()} (the {@code local} scope, another document, malformed ones); the
     * others are merged.
     *
     * @param documentId the document of the job; operations of other documents are ignored
     * @param operations the operations, as read from other reactors' event buses
     */
    public MergeResult load(String documentId, List<Operation> operations) {
        if (operations == null) {
            operations = List.of();
        }
        List<String> ignored = new ArrayList<>();
        Map<String, List<Operation>> byBranch = new LinkedHashMap<>();
        for (Operation operation : operations) {
            String problem = LoadPlan.problem(documentId, operation);
            if (problem != null) {
                ignored.add((operation == null ? null : operation.getId()) + ": " + problem);
                continue;
            }
            byBranch.computeIfAbsent(operation.getBranch(), branch -> new ArrayList<>()).add(operation);
        }
        StagedMergeStorage stage = new StagedMergeStorage(storage);
        List<OperationOutcome> outcomes = new ArrayList<>();
        int duplicates = 0;
        int buffered = 0;
        int released = 0;
        long reapplied = 0;
        long spared = 0;
        for (Map.Entry<String, List<Operation>> branch : byBranch.entrySet()) {
            try {
                DocumentSession session = new DocumentSession(reactorId, registry, stage, settings, documentId,
                        branch.getKey());
                session.load(branch.getValue(), wallClockMillis.getAsLong());
                session.finish();
                outcomes.addAll(session.outcomes());
                duplicates += session.duplicates();
                buffered += session.buffered();
                released += session.released();
                reapplied += session.reapplied();
                spared += session.spared();
            } catch (RuntimeException | Error e) {
                byBranch.keySet().forEach(name -> storage.discard(documentId, name));
                throw e;
            }
        }
        List<Operation> appended = stage.appended();
        commit(stage, documentId, byBranch.keySet());
        if (!ignored.isEmpty()) {
            LOG.debug("document {}: LOAD ignored {} operations: {}", documentId, ignored.size(), ignored);
        }
        return new MergeResult(documentId, true, null, outcomes, appended, duplicates, buffered, released, ignored,
                reapplied, spared);
    }

    /**
     * The current view of a document branch: per scope the number of operations in effect (revision),
     * the canonical state, its hash and the next log index. Scopes without a stream yet that the
     * creation gave an initial state, and {@code global}, appear at revision 0 with their initial state.
     * A state this merger does not keep in memory is rebuilt from the nearest checkpoint and the operations
     * after it (at most one checkpoint interval of them), and checked against its head's hash.
     *
     * @param updatedUtcMs the value for {@link DocumentSnapshot#getUpdatedUtcMs()}
     * @return the view, or empty while the document does not exist here (deleted documents have one)
     * @throws TornReadException if the stores changed while they were read (a job was being written to
     *     stores read from another thread); reading again helps
     */
    public Optional<DocumentSnapshot> snapshot(String documentId, String branch, long updatedUtcMs) {
        return snapshot(documentId, branch, updatedUtcMs, null);
    }

    /**
     * {@link #snapshot(String, String, long)}, answering a state from {@code texts} when its head still has the
     * revision and hash of the text kept there, and keeping each state it rebuilds.
     *
     * @param texts the state texts of recent reads; {@code null} for none
     */
    public Optional<DocumentSnapshot> snapshot(String documentId, String branch, long updatedUtcMs, StateTexts texts) {
        return BranchSnapshot.read(storage, registry, settings, documentId, branch, updatedUtcMs, null, true, texts);
    }

    /**
     * The view records of some scopes of a document branch, one snapshot per scope (each with the document's
     * type and deletion): what the reactor stores, revision, hash and next index per scope with an empty
     * state, so that writing them costs the same whatever the size of the document and its number of scopes
     * ({@link #snapshot} has the states).
     *
     * @param scopes the scopes to include; {@code null} for every scope the document has
     * @return one snapshot per scope, empty while the document does not exist here
     */
    public List<DocumentSnapshot> scopeSnapshots(String documentId, String branch, Set<String> scopes,
            long updatedUtcMs) {
        Optional<DocumentSnapshot> view = BranchSnapshot.read(storage, registry, settings, documentId, branch,
                updatedUtcMs, scopes, false, null);
        if (view.isEmpty()) {
            return List.of();
        }
        List<DocumentSnapshot> perScope = new ArrayList<>();
        view.get().getScopes().forEach((scope, state) -> perScope.add(new DocumentSnapshot(documentId,
                view.get().getDocumentType(), branch, view.get().getDeleted(), new LinkedHashMap<>(Map.of(scope, state)),
                updatedUtcMs, null)));
        return perScope;
    }

    /**
     * Hands a job's staged writes to the storage; a failure there is a {@link StagedWriteException}. Appends that
     * would not continue their logs fail the job before anything is written ({@link StagedMergeStorage#checkAppends}).
     */
    private void commit(StagedMergeStorage stage, String documentId, Collection<String> branches) {
        try {
            stage.checkAppends();
        } catch (IllegalStateException e) {
            // Nothing was written, but the job may have changed states in memory.
            branches.forEach(branch -> storage.discard(documentId, branch));
            throw e;
        }
        try {
            stage.commit();
        } catch (RuntimeException e) {
            // Part of the writes may have reached the storage and its memory.
            branches.forEach(branch -> storage.discard(documentId, branch));
            throw new StagedWriteException(e);
        }
    }
}
