package dev.docreactor.reactor.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.DocumentSnapshot;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/** Listing documents from one partition's view store: id order, paging, one seek per document. */
class DocumentViewsListTest {

    private final SortedStore store = new SortedStore();

    @Test
    void shouldListEachDocumentOnceInKeyOrderWhateverItsBranchesAndScopes() {
        put("b-doc", "main", "global", false);
        put("b-doc", "main", "local", false);
        put("b-doc", "draft", "global", false);
        put("a", "main", "global", true);
        // '-' sorts before '/': "b-doc/..." comes before "b/...", and "b0" after all of "b/...".
        put("b", "main", "global", false);
        put("b0", "main", "global", false);

        assertThat(DocumentViews.list(store, null, 10)).as("every document once, in key order")
            .containsExactly(new DocumentSummary("a", "json", true), new DocumentSummary("b-doc", "json", false),
                new DocumentSummary("b", "json", false), new DocumentSummary("b0", "json", false));
        assertThat(DocumentViews.list(store, "b-doc", 10)).as("after b-doc: the documents that key order puts later")
            .extracting(DocumentSummary::id).containsExactly("b", "b0");
        assertThat(List.of("b0", "b", "a", "b-doc").stream().sorted(DocumentViews.ID_ORDER).toList())
            .as("ID_ORDER sorts ids as the store lists them").containsExactly("a", "b-doc", "b", "b0");
        store.seeks.set(0);
        DocumentViews.list(store, null, 10);
        assertThat(store.seeks.get()).as("one seek per document, and one that finds the end").isEqualTo(5);
    }

    @Test
    void shouldPageAfterAnIdAndStopAtTheLimit() {
        for (String id : List.of("d1", "d2", "d3", "d4", "d5")) {
            put(id, "main", "global", false);
            put(id, "main", "private", false);
        }
        assertThat(DocumentViews.list(store, null, 2)).as("first page").extracting(DocumentSummary::id).containsExactly("d1", "d2");
        store.seeks.set(0);
        assertThat(DocumentViews.list(store, "d2", 2)).as("after d2").extracting(DocumentSummary::id).containsExactly("d3", "d4");
        assertThat(store.seeks.get()).as("a full page costs limit seeks").isEqualTo(2);
        assertThat(DocumentViews.list(store, "d5", 2)).as("after the last").isEmpty();
        assertThat(DocumentViews.list(store, "c", 10)).as("after an id that is not stored").extracting(DocumentSummary::id)
            .containsExactly("d1", "d2", "d3", "d4", "d5");
    }

    private void put(String id, String branch, String scope, boolean deleted) {
        store.map.put(DocumentViews.key(id, branch, scope),
            new DocumentSnapshot(id, "json", branch, deleted, Map.of(), 0L, null));
    }

    /** A sorted store that counts the range scans opened. */
    private static final class SortedStore implements ReadOnlyKeyValueStore<String, DocumentSnapshot> {
        final NavigableMap<String, DocumentSnapshot> map = new TreeMap<>();
        final AtomicInteger seeks = new AtomicInteger();

        @Override
        public DocumentSnapshot get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, DocumentSnapshot> range(String from, String to) {
            seeks.incrementAndGet();
            NavigableMap<String, DocumentSnapshot> view = from == null ? map : map.tailMap(from, true);
            if (to != null) {
                view = view.headMap(to, true);
            }
            return iterator(view.entrySet().iterator());
        }

        @Override
        public KeyValueIterator<String, DocumentSnapshot> all() {
            return iterator(map.entrySet().iterator());
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static KeyValueIterator<String, DocumentSnapshot> iterator(Iterator<Map.Entry<String, DocumentSnapshot>> entries) {
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public KeyValue<String, DocumentSnapshot> next() {
                    Map.Entry<String, DocumentSnapshot> entry = entries.next();
                    return KeyValue.pair(entry.getKey(), entry.getValue());
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException("not needed by the listing");
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
