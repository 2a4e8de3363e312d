package dev.docreactor.reactor.merge;

import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.Operation;

/**
 * The document branch one job works on: its names and its {@link DocumentHeader}, which the job's
 * merges keep up to date (the clock, the scopes with a stream, the creation and deletion in effect).
 * Used for one job and thrown away.
 */
final class DocumentBranch {

    private final String documentId;
    private final String branch;
    private DocumentHeader header;

    DocumentBranch(String documentId, String branch, DocumentHeader header) {
        this.documentId = documentId;
        this.branch = branch;
        this.header = header;
    }

    String documentId() {
        return documentId;
    }

    String branch() {
        return branch;
    }

    /** The header as the job has changed it so far. */
    DocumentHeader header() {
        return header;
    }

    /** The stream of {@code scope} in this document branch. */
    StreamId stream(String scope) {
        return new StreamId(documentId, branch, scope);
    }

    /** Records the branch's new hybrid logical clock value. */
    void clock(long clock) {
        header = header.withClock(clock);
    }

    /** Records that {@code scope} has a stream. */
    void addScope(String scope) {
        header = header.withScope(scope);
    }

    /**
     * Before the lifecycle stream is re-applied from {@code first} on: forgets what those operations
     * decided (the creation and deletion in effect that do not order before {@code first}).
     */
    void forgetLifecycleFrom(OperationKey first) {
        boolean keepCreation = header.createKey() != null && first.isAfter(header.createKey());
        boolean keepDeletion = header.deleteKey() != null && first.isAfter(header.deleteKey());
        if (keepCreation) {
            header = header.withLifecycle(header.type(), header.createKey(), keepDeletion ? header.deleteKey() : null,
                    header.initialStates());
        } else {
            header = header.withLifecycle(null, null, null, null);
        }
    }

    /** After a lifecycle operation applied: records the creation or deletion it made. */
    void learnLifecycle(Operation operation, OperationKey key) {
        String actionType = operation.getAction().getType();
        if (DocumentLifecycle.CREATE_DOCUMENT.equals(actionType)) {
            DocumentLifecycle.Creation creation = DocumentLifecycle.creation(
                    ActionInput.parse(operation.getAction().getInput()));
            header = header.withLifecycle(creation.type(), key, header.deleteKey(),
                    creation.initialStates() == null ? null : CanonicalJson.write(creation.initialStates()));
        } else if (DocumentLifecycle.DELETE_DOCUMENT.equals(actionType)) {
            header = header.withLifecycle(header.type(), header.createKey(), key, header.initialStates());
        }
    }
}
