package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a LOAD job merges into one document branch: of the operations other reactors sent, the ones
 * this reactor has neither in a stream nor pending, minus those that must wait for the document's
 * creation, plus those that waited for a creation this job brings. The LOAD rules are in the
 * {@linkplain dev.docreactor.reactor.merge package description}.
 *
 * @param byScope the operations to merge now, by scope
 * @param creation the creation in effect once they are merged, or {@code null}
 * @param duplicates how many operations this reactor had already (in a stream, pending, or earlier in
 *     the job)
 */
record LoadPlan(Map<String, List<Operation>> byScope, OperationKey creation, int duplicates) {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPlan.class);

    /**
     * Plans the merge of remote operations of one document branch (each usable, see {@link #problem}):
     * observes their clocks, holds the ones that wait for the creation and releases the ones that
     * waited for a creation among them.
     */
    static LoadPlan plan(StagedMergeStorage storage, DocumentBranch branch, PendingOperations pending,
            long maxClockAheadMillis, List<Operation> operations, long wallMillis) {
        int duplicates = 0;
        Map<String, Operation> fresh = new LinkedHashMap<>();
        for (Operation operation : operations) {
            branch.clock(HybridLogicalClock.observe(branch.header().clock(), operation.getClock(), wallMillis,
                    maxClockAheadMillis));
            String batchKey = operation.getScope() + '/' + operation.getId();
            StreamId stream = branch.stream(operation.getScope());
            Optional<OperationKey> known = Optional.ofNullable(fresh.get(batchKey)).map(OperationKey::of);
            if (known.isEmpty()) {
                known = storage.idEntry(stream, operation.getId());
            }
            if (known.isEmpty()) {
                known = pending.find(stream, operation.getId()).map(OperationKey::of);
            }
            if (known.isPresent()) {
                duplicates++;
                warnIfConflicting(stream, operation, known.get());
                continue;
            }
            fresh.put(batchKey, operation);
            LOG.trace("{}: new operation {} with key {}", stream, operation.getId(), OperationKey.of(operation));
        }
        OperationKey oldCreate = branch.header().createKey();
        // The creation in effect is the first valid creation in canonical order, so it is known before
        // merging, and with it which operations can be merged now and which must wait.
        OperationKey creation = oldCreate;
        for (Operation operation : fresh.values()) {
            if (isValidCreation(operation)) {
                creation = OperationKey.min(creation, OperationKey.of(operation));
            }
        }
        List<Operation> candidates = new ArrayList<>(fresh.values());
        if (creation != null && !creation.equals(oldCreate)) {
            candidates.addAll(pending.release(creation));
        }
        Map<String, List<Operation>> byScope = new TreeMap<>();
        for (Operation operation : candidates) {
            if (PendingOperations.mayMerge(operation, creation)) {
                byScope.computeIfAbsent(operation.getScope(), scope -> new ArrayList<>()).add(operation);
            } else {
                pending.hold(operation);
            }
        }
        return new LoadPlan(byScope, creation, duplicates);
    }

    /** Why a LOAD of {@code documentId} cannot use {@code operation}, or {@code null} if it can. */
    static String problem(String documentId, Operation operation) {
        if (operation == null) {
            return "no operation";
        }
        if (operation.getId() == null || operation.getOrigin() == null || operation.getScope() == null
                || operation.getBranch() == null || operation.getDocumentId() == null || operation.getAction() == null
                || operation.getAction().getId() == null || operation.getAction().getType() == null) {
            return "a required field is missing";
        }
        if (!operation.getDocumentId().equals(documentId)) {
            return "belongs to document " + operation.getDocumentId() + ", not " + documentId;
        }
        if (Scopes.LOCAL.equals(operation.getScope())) {
            return "the local scope is never synchronized";
        }
        if (!IdRules.isKeyName(operation.getScope()) || !IdRules.isKeyName(operation.getBranch())
                || !IdRules.isKeyName(operation.getAction().getId())) {
            return "scope, branch and action id must be non-empty and must not contain '/'";
        }
        if (!IdRules.isOrigin(operation.getOrigin())) {
            return "invalid origin reactor id " + operation.getOrigin();
        }
        if (!operation.getId().equals(IdRules.operationId(operation.getOrigin(), operation.getAction().getId()))) {
            return "the id is not origin:actionId";
        }
        if (!operation.getScope().equals(operation.getAction().getScope())) {
            return "the scope differs from the action's scope " + operation.getAction().getScope();
        }
        if (operation.getClock() < 0) {
            return "negative clock " + operation.getClock();
        }
        if (operation.getClock() > HybridLogicalClock.MAX_CLOCK) {
            return "clock " + operation.getClock() + " is beyond the largest accepted clock " + HybridLogicalClock.MAX_CLOCK
                    + " (physical time after the year 4199)";
        }
        return null;
    }

    private static boolean isValidCreation(Operation operation) {
        if (!DocumentLifecycle.isCreation(operation.getScope(), operation.getAction().getType())) {
            return false;
        }
        try {
            return DocumentLifecycle.creationProblem(ActionInput.parse(operation.getAction().getInput())) == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void warnIfConflicting(StreamId stream, Operation operation, OperationKey known) {
        OperationKey key = OperationKey.of(operation);
        if (!key.equals(known)) {
            LOG.warn("document {}/{} scope {}: ignoring operation {} with key {}: an operation with that id and key {}"
                    + " is already known", stream.documentId(), stream.branch(), stream.scope(), operation.getId(), key,
                    known);
        }
    }
}
