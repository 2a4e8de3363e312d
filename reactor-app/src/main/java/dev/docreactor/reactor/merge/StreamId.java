package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;

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
        IdRules.requireKeyName(documentId, "document id");
        IdRules.requireKeyName(branch, "branch");
        IdRules.requireKeyName(scope, "scope");
    }

    @Override
    public String toString() {
        return documentId + '/' + branch + '/' + scope;
    }
}
