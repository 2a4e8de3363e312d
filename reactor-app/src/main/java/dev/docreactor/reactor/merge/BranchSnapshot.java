package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads the view of a document branch from a {@link MergeStorage}: per scope the stream head (revision,
 * state, hash, next index), and for scopes without a stream that start from a known initial state
 * ({@code global} and the scopes the creation gave one), that state at revision 0.
 */
final class BranchSnapshot {

    private BranchSnapshot() {
    }

    /**
     * The view of the scopes {@code include} accepts, or empty while the document does not exist here
     * (see {@link DocumentMerger#snapshot}).
     */
    static Optional<DocumentSnapshot> read(MergeStorage storage, DocumentModelRegistry registry, String documentId,
            String branch, long updatedUtcMs, Predicate<String> include) {
        if (!IdRules.isKeyName(documentId) || !IdRules.isKeyName(branch)) {
            return Optional.empty();
        }
        Optional<DocumentHeader> found = storage.header(documentId, branch);
        if (found.isEmpty() || !found.get().created()) {
            return Optional.empty();
        }
        DocumentHeader header = found.get();
        TreeSet<String> scopes = new TreeSet<>(OperationKey::compareUtf8);
        scopes.addAll(header.scopes());
        scopes.add(Scopes.GLOBAL);
        JsonNode initialStates = header.initialStates() == null ? null : CanonicalJson.parse(header.initialStates());
        if (initialStates != null) {
            initialStates.fieldNames().forEachRemaining(scopes::add);
        }
        Map<String, ScopeState> views = new TreeMap<>();
        Optional<DocumentModel> model = registry.find(header.type());
        for (String scope : scopes) {
            if (!IdRules.isKeyName(scope) || !include.test(scope)) {
                continue;
            }
            Optional<StreamHead> head = storage.head(new StreamId(documentId, branch, scope));
            if (head.isPresent()) {
                StreamHead h = head.get();
                views.put(scope, new ScopeState(h.size(), h.state(), h.hash(), h.nextIndex()));
            } else {
                JsonNode given = initialStates == null ? null : initialStates.get(scope);
                JsonNode initial = given != null && !given.isNull() ? given
                        : model.map(m -> m.initialState(scope)).orElse(null);
                if (initial != null) {
                    String text = CanonicalJson.write(initial);
                    views.put(scope, new ScopeState(0L, text, CanonicalJson.hashCanonicalText(text), 0L));
                }
            }
        }
        return Optional.of(new DocumentSnapshot(documentId, header.type(), branch, header.deleted(),
                new LinkedHashMap<>(views), updatedUtcMs, null));
    }
}
