package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the view of a document branch from a {@link MergeStorage}: per scope the stream head (revision,
 * hash, next index) and, when asked for, the state (kept in memory, or rebuilt from the nearest checkpoint);
 * for scopes without a stream that start from a known initial state ({@code global} and the scopes the
 * creation gave one), that state at revision 0.
 */
final class BranchSnapshot {

    /** The state of a view record: not kept there (see the {@code ScopeState.state} schema doc). */
    static final String NOT_STORED = "";

    private BranchSnapshot() {
    }

    /**
     * The view of the scopes in {@code only} ({@code null}: every scope), or empty while the document does
     * not exist here (see {@link DocumentMerger#snapshot}).
     *
     * @param withStates include each scope's state; otherwise states are {@link #NOT_STORED}
     * @param texts state texts of earlier reads to answer from and to keep rebuilt states in; {@code null} for none
     * @throws TornReadException if a rebuilt state does not have its head's hash
     */
    static Optional<DocumentSnapshot> read(MergeStorage storage, DocumentModelRegistry registry, MergeSettings settings,
            String documentId, String branch, long updatedUtcMs, Set<String> only, boolean withStates, StateTexts texts) {
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
        JsonNode initialStates = null;
        if (header.initialStates() != null && (only == null || !scopes.containsAll(only))) {
            // Parsed only when a scope may start from it: not for a job's view records of scopes with streams.
            initialStates = CanonicalJson.parse(header.initialStates());
            initialStates.fieldNames().forEachRemaining(scopes::add);
        }
        Map<String, ScopeState> views = new TreeMap<>();
        Optional<DocumentModel> model = registry.find(header.type());
        StateRebuild rebuild = null;
        for (String scope : scopes) {
            if (!IdRules.isKeyName(scope) || only != null && !only.contains(scope)) {
                continue;
            }
            StreamId stream = new StreamId(documentId, branch, scope);
            Optional<StreamHead> head = storage.head(stream);
            if (head.isPresent()) {
                StreamHead h = head.get();
                String state = NOT_STORED;
                if (withStates) {
                    if (rebuild == null) {
                        DocumentBranch known = new DocumentBranch(documentId, branch, header);
                        rebuild = new StateRebuild(storage, new Applier(registry, settings.limits(), known, null));
                    }
                    state = stateText(storage, rebuild, stream, h, texts);
                }
                views.put(scope, new ScopeState(h.size(), state, h.hash(), h.nextIndex()));
            } else {
                if (initialStates == null && header.initialStates() != null) {
                    initialStates = CanonicalJson.parse(header.initialStates());
                }
                JsonNode given = initialStates == null ? null : initialStates.get(scope);
                JsonNode initial = given != null && !given.isNull() ? given
                        : model.map(m -> m.initialState(scope)).orElse(null);
                if (initial != null) {
                    views.put(scope, new ScopeState(0L, withStates ? CanonicalJson.write(initial) : NOT_STORED,
                            StateTree.hash(initial), 0L));
                }
            }
        }
        return Optional.of(new DocumentSnapshot(documentId, header.type(), branch, header.deleted(),
                new LinkedHashMap<>(views), updatedUtcMs, null));
    }

    /**
     * The canonical text of the state at {@code head}: from memory, from an earlier read of the same revision and
     * hash, or rebuilt and checked against its hash.
     */
    private static String stateText(MergeStorage storage, StateRebuild rebuild, StreamId stream, StreamHead head,
            StateTexts texts) {
        RunningState kept = storage.headState(stream, head);
        if (kept != null) {
            return kept.text();
        }
        String read = texts == null ? null : texts.get(stream, head.size(), head.hash());
        if (read != null) {
            return read;
        }
        RunningState state;
        try {
            state = rebuild.stateBefore(stream, head.size(), true);
        } catch (IllegalStateException e) {
            // An entry the head refers to was not there yet, or no longer what the head counted on.
            throw new TornReadException(stream + ": the stores changed while the state was read: " + e.getMessage());
        }
        if (!state.hashMatches(head.hash())) {
            throw new TornReadException(stream + ": the state rebuilt at revision " + head.size()
                    + " does not have the head's hash " + head.hash());
        }
        String text = state.text();
        if (texts != null) {
            texts.put(stream, head.size(), head.hash(), text);
        }
        return text;
    }
}
