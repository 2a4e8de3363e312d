package dev.docreactor.reactor.merge;

import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The work of one job on one document branch, through a {@link StagedMergeStorage}: runs the
 * {@link ExecutePlan} or {@link LoadPlan}, merges their operations with the {@link StreamMerge} (which
 * applies them with the {@link Applier}), releases what waited for a creation
 * ({@link PendingOperations}) and finally stages the branch's {@link DocumentHeader}. Used once and
 * thrown away. The algorithm is described in the {@linkplain dev.docreactor.reactor.merge package
 * description}.
 */
final class DocumentSession {

    private final String reactorId;
    private final DocumentModelRegistry registry;
    private final StagedMergeStorage storage;
    private final long maxClockAheadMillis;
    private final DocumentBranch branch;
    private final Applier applier;
    private final StreamMerge merge;
    private final PendingOperations pending;
    private final List<OperationOutcome> outcomes = new ArrayList<>();
    private int duplicates;

    DocumentSession(String reactorId, DocumentModelRegistry registry, StagedMergeStorage storage,
            MergeSettings settings, String documentId, String branchName) {
        this.reactorId = reactorId;
        this.registry = registry;
        this.storage = storage;
        this.maxClockAheadMillis = settings.maxClockAheadMillis();
        this.branch = new DocumentBranch(documentId, branchName,
                storage.header(documentId, branchName).orElse(DocumentHeader.EMPTY));
        this.applier = new Applier(registry, settings.limits(), branch, storage);
        this.merge = new StreamMerge(storage, settings.checkpointInterval(), branch, applier);
        this.pending = new PendingOperations(storage, branch);
    }

    /** The outcomes of the job's operations (not of re-applied or released ones), in append order. */
    List<OperationOutcome> outcomes() {
        return outcomes;
    }

    /** How many operations of a LOAD this reactor had already. */
    int duplicates() {
        return duplicates;
    }

    /** How many operations now wait for the document's creation. */
    int buffered() {
        return pending.held();
    }

    /** How many waiting operations were released and merged. */
    int released() {
        return pending.released();
    }

    /** How many operations in effect this job re-applied in memory, after operations inserted before them. */
    long reapplied() {
        return merge.reapplied();
    }

    /** How many operations in effect after inserted ones this job did not need to re-apply. */
    long spared() {
        return merge.spared();
    }

    /** Stages the header; call once the job's merges are done. */
    void finish() {
        storage.putHeader(branch.documentId(), branch.branch(), branch.header());
    }

    /**
     * Applies a job's actions as new local operations, in order, each appended at the end of its stream.
     *
     * @return {@code null} when every action applied, else why the job fails (the caller then discards
     *     the stage)
     */
    String execute(String jobDocumentType, List<Action> actions, long wallMillis) {
        if (actions.isEmpty()) {
            return "the job has no actions";
        }
        OperationKey createdBefore = branch.header().createKey();
        ExecutePlan plan = new ExecutePlan(reactorId, registry, storage, branch, jobDocumentType, wallMillis);
        for (Action action : actions) {
            ExecutePlan.Planned planned = plan.next(action);
            if (planned.failure() != null) {
                return planned.failure();
            }
            Operation operation = planned.operation();
            applier.inputParsed(operation.getAction().getInput(), planned.input());
            List<OperationOutcome> merged = merge.mergeAll(byScope(List.of(operation)), branch.header().createKey(),
                    branch.header().deleteKey());
            outcomes.addAll(merged);
            OperationOutcome outcome = merged.get(0);
            if (outcome.error() != null) {
                return "action " + operation.getAction().getId() + " rejected: " + outcome.error();
            }
        }
        if (createdBefore == null && branch.header().created()) {
            // Operations of other reactors may have waited for this creation; they are not this job's
            // outcomes.
            List<Operation> waited = pending.release(branch.header().createKey());
            if (!waited.isEmpty()) {
                merge.mergeAll(byScope(waited), branch.header().createKey(), branch.header().deleteKey());
            }
        }
        return null;
    }

    /**
     * Merges remote operations of this document branch (each usable, see {@link LoadPlan#problem}): drops
     * the ones this reactor has, holds the ones that wait for the document's creation, and merges the
     * rest with one rebase per stream at most.
     */
    void load(List<Operation> operations, long wallMillis) {
        LoadPlan plan = LoadPlan.plan(storage, branch, pending, maxClockAheadMillis, operations, wallMillis);
        duplicates += plan.duplicates();
        DocumentHeader before = branch.header();
        outcomes.addAll(merge.mergeAll(plan.byScope(), before.createKey(), before.deleteKey()));
        if (!Objects.equals(plan.creation(), branch.header().createKey())) {
            throw new IllegalStateException("document " + branch.documentId() + "/" + branch.branch()
                    + ": expected the creation " + plan.creation() + " to be in effect after merging, found "
                    + branch.header().createKey());
        }
    }

    private static Map<String, List<Operation>> byScope(List<Operation> operations) {
        Map<String, List<Operation>> byScope = new TreeMap<>();
        for (Operation operation : operations) {
            byScope.computeIfAbsent(operation.getScope(), scope -> new ArrayList<>()).add(operation);
        }
        return byScope;
    }
}
