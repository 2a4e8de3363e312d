package dev.docreactor.reactor.view;

import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The document view (IDocumentView) as stored: one record per (document, branch, scope) under
 * {@code <documentId>/<branch>/<scope>}, each holding that scope's state and the document's type and
 * deletion, so no view record is larger than one scope's state allows. A document's view is the
 * union of its scopes' records, read with one prefix scan.
 */
public final class DocumentViews {

    private static final StringSerializer KEYS = new StringSerializer();
    private static final char SEPARATOR = '/';
    /**
     * The character after {@link #SEPARATOR}: every key of document {@code d} starts with {@code d/}, so
     * {@code d0} is the least key past all of them (document ids never contain a separator).
     */
    private static final char AFTER_SEPARATOR = SEPARATOR + 1;

    /**
     * The order documents are listed in: their keys' order, which is the order of {@code id + "/"} (so
     * {@code b-doc} comes before {@code b}, as {@code '-'} sorts before {@code '/'}). Paging ({@code after})
     * follows it.
     */
    public static final Comparator<String> ID_ORDER = Comparator.comparing(id -> id + SEPARATOR);

    private DocumentViews() {
    }

    /** The key of one scope's view record. */
    public static String key(String documentId, String branch, String scope) {
        return prefix(documentId, branch) + scope;
    }

    /** The common prefix of a document branch's view records. */
    public static String prefix(String documentId, String branch) {
        return documentId + SEPARATOR + branch + SEPARATOR;
    }

    /**
     * Up to {@code limit} documents of one store, in {@link #ID_ORDER}, that come after {@code after}
     * (null: from the first). Costs one seek and one record per listed document, however many branches and
     * scopes each has. {@code store} must be sorted by key: one partition's store, not a composite.
     */
    public static List<DocumentSummary> list(ReadOnlyKeyValueStore<String, DocumentSnapshot> store, String after, int limit) {
        List<DocumentSummary> documents = new ArrayList<>();
        String from = after == null ? null : after + AFTER_SEPARATOR;
        while (documents.size() < limit) {
            try (KeyValueIterator<String, DocumentSnapshot> records = store.range(from, null)) {
                if (!records.hasNext()) {
                    break;
                }
                KeyValue<String, DocumentSnapshot> first = records.next();
                int end = first.key.indexOf(SEPARATOR);
                String id = end < 0 ? first.key : first.key.substring(0, end);
                documents.add(new DocumentSummary(id, first.value.getDocumentType(), first.value.getDeleted()));
                from = id + AFTER_SEPARATOR;
            }
        }
        return documents;
    }

    /**
     * Sets or clears ({@code null}) the unprocessable mark on every view record of a document, all
     * branches.
     */
    public static void markUnprocessable(KeyValueStore<String, DocumentSnapshot> store, String documentId, String reason) {
        List<KeyValue<String, DocumentSnapshot>> changed = new ArrayList<>();
        try (KeyValueIterator<String, DocumentSnapshot> records = store.prefixScan(documentId + SEPARATOR, KEYS)) {
            while (records.hasNext()) {
                KeyValue<String, DocumentSnapshot> record = records.next();
                changed.add(KeyValue.pair(record.key, DocumentSnapshot.newBuilder(record.value).setUnprocessable(reason).build()));
            }
        }
        changed.forEach(record -> store.put(record.key, record.value));
    }

    /** A document branch's view assembled from its scopes' records, empty if it has none. */
    public static Optional<DocumentSnapshot> read(ReadOnlyKeyValueStore<String, DocumentSnapshot> store, String documentId,
            String branch) {
        DocumentSnapshot first = null;
        String unprocessable = null;
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
                if (record.getUnprocessable() != null) {
                    unprocessable = record.getUnprocessable();
                }
                updated = Math.max(updated, record.getUpdatedUtcMs());
                scopes.putAll(record.getScopes());
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(new DocumentSnapshot(documentId, first.getDocumentType(), branch, deleted, scopes, updated,
            unprocessable));
    }
}
