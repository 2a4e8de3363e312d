package dev.docreactor.reactor.merge;

/**
 * One stream: the operations of one scope of one branch of one document. Streams are independent:
 * each has its own log indices, its own canonical order and its own state.
 *
 * @param documentId the document id
 * @param branch the branch, e.g. {@code main}
 * @param scope the scope, e.g. {@code global}, {@code local} or {@code document} (the lifecycle)
 */
public record StreamId(String documentId, String branch, String scope) {

    /**
     * Validates the names.
     *
     * @throws IllegalArgumentException if a name is empty or contains {@code '/'}
     */
    public StreamId {
        OperationIds.requireValidName(documentId, "document id");
        OperationIds.requireValidName(branch, "branch");
        OperationIds.requireValidName(scope, "scope");
    }

    @Override
    public String toString() {
        return documentId + '/' + branch + '/' + scope;
    }
}
