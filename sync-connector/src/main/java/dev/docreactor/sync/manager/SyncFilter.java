package dev.docreactor.sync.manager;

import dev.docreactor.contract.Scopes;
import dev.docreactor.schema.Operation;
import java.util.Collection;
import java.util.Set;

/**
 * Which operations a channel synchronizes: by document id, document type, scope and branch. An empty
 * set admits every value. Scope {@value Scopes#LOCAL} is never admitted, whatever the configuration.
 */
public final class SyncFilter {

    private final Set<String> documentIds;
    private final Set<String> documentTypes;
    private final Set<String> scopes;
    private final String branch;

    /**
     * @param documentIds document ids to admit; empty admits all
     * @param documentTypes document types to admit; empty admits all
     * @param scopes scopes to admit; empty admits every scope but {@value Scopes#LOCAL}
     * @param branch the only branch to admit; {@code null} or blank admits all
     */
    public SyncFilter(Collection<String> documentIds, Collection<String> documentTypes, Collection<String> scopes,
                      String branch) {
        this.documentIds = Set.copyOf(documentIds);
        this.documentTypes = Set.copyOf(documentTypes);
        this.scopes = Set.copyOf(scopes);
        this.branch = branch == null || branch.isBlank() ? null : branch;
    }

    /** A filter admitting every operation except scope {@value Scopes#LOCAL}. */
    public static SyncFilter all() {
        return new SyncFilter(Set.of(), Set.of(), Set.of(), null);
    }

    /** Whether the operation passes the filter. */
    public boolean admits(Operation op) {
        String scope = op.getScope();
        if (!Scopes.isSynchronized(scope)) {
            return false;
        }
        return (scopes.isEmpty() || scopes.contains(scope))
            && (documentIds.isEmpty() || documentIds.contains(op.getDocumentId()))
            && (documentTypes.isEmpty() || documentTypes.contains(op.getDocumentType()))
            && (branch == null || branch.equals(op.getBranch()));
    }

    @Override
    public String toString() {
        return "SyncFilter{documentIds=" + documentIds + ", documentTypes=" + documentTypes + ", scopes="
            + (scopes.isEmpty() ? "all but local" : scopes) + ", branch=" + (branch == null ? "all" : branch) + '}';
    }
}
