package dev.docreactor.reactor.executor;

import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The document view as stored: one record per (document, branch, scope) under
 * {@code <documentId>/<branch>/<scope>}, each holding that scope's state and the document's type and
 * deletion, so no view record is larger than one scope's state allows. A document's view is the
 * union of its scopes' records, read with one prefix scan.
 */
public final class DocumentViews {

    private static final StringSerializer KEYS = new StringSerializer();

    private DocumentViews() {
    }

    /** The key of one scope's view record. */
    public static String key(String documentId, String branch, String scope) {
        return prefix(documentId, branch) + scope;
    }

    /** The common prefix of a document branch's view records. */
    public static String prefix(String documentId, String branch) {
        return ReactorTopology.documentKey(documentId, branch) + '/';
    }

    /** A document branch's view assembled from its scopes' records, empty if it has none. */
    public static Optional<DocumentSnapshot> read(ReadOnlyKeyValueStore<String, DocumentSnapshot> store, String documentId,
            String branch) {
        DocumentSnapshot first = null;
        boolean deleted = false;
        long updated = 0;
        Map<String, ScopeState> scopes = new LinkedHashMap<>();
        try (KeyValueIterator<String, DocumentSnapshot> records = store.prefixScan(prefix(documentId, branch), KEYS)) {
            while (records.hasNext()) {
                DocumentSnapshot record = records.next().value;
                if (first == null) {
                    first = record;
                }
                deleted |= record.getDeleted();
                updated = Math.max(updated, record.getUpdatedUtcMs());
                scopes.putAll(record.getScopes());
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(new DocumentSnapshot(documentId, first.getDocumentType(), branch, deleted, scopes, updated));
    }
}
