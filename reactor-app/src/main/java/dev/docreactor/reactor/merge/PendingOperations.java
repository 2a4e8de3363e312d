package dev.docreactor.reactor.merge;

import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of one document branch that wait for its creation: those that do not order after
 * the creation in effect here are held in the pending store, not merged and not dead-lettered, and
 * released when a creation they order after takes effect. Counts what one job holds and releases.
 */
final class PendingOperations {

    private static final Logger LOG = LoggerFactory.getLogger(PendingOperations.class);

    private final StagedMergeStorage storage;
    private final DocumentBranch branch;
    private int held;
    private int released;

    PendingOperations(StagedMergeStorage storage, DocumentBranch branch) {
        this.storage = storage;
        this.branch = branch;
    }

    /** Whether {@code operation} can be merged now, given the creation in effect {@code create}. */
    static boolean mayMerge(Operation operation, OperationKey create) {
        if (DocumentLifecycle.isCreation(operation.getScope(), operation.getAction().getType())) {
            return true;
        }
        return create != null && OperationKey.of(operation).isAfter(create);
    }

    /** The pending operation with {@code operationId} in {@code stream}, if it waits. */
    Optional<Operation> find(StreamId stream, String operationId) {
        return storage.pendingOperation(stream, operationId);
    }

    /** Holds an operation until its document's creation arrives. */
    void hold(Operation operation) {
        storage.putPending(branch.stream(operation.getScope()), operation);
        held++;
        LOG.trace("{}: operation {} waits for the document's creation", branch.documentId(), operation.getId());
    }

    /** Removes the pending operations that order after {@code create} and returns them, to be merged. */
    List<Operation> release(OperationKey create) {
        List<Operation> releasing = new ArrayList<>();
        for (Operation operation : storage.pendingOperations(branch.documentId(), branch.branch())) {
            if (OperationKey.of(operation).isAfter(create)) {
                storage.deletePending(branch.stream(operation.getScope()), operation.getId());
                releasing.add(operation);
                released++;
            }
        }
        return releasing;
    }

    /** How many operations this job held. */
    int held() {
        return held;
    }

    /** How many operations this job released. */
    int released() {
        return released;
    }
}
