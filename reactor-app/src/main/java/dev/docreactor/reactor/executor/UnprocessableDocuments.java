package dev.docreactor.reactor.executor;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Documents whose stored state can no longer be processed (a merge invariant failed on it), kept in
 * the bookkeeping store under {@code u/<documentId>} with the reason, so the mark is part of the same
 * transaction as the job that found it and survives restarts. Jobs of a marked document fail at once
 * with the reason; a RESUME job ({@code reactorctl resume}) clears the mark once the cause is fixed.
 */
final class UnprocessableDocuments {

    private static final String PREFIX = "u/";

    private final KeyValueStore<String, byte[]> bookkeeping;
    /**
     * The task's marks, read once when the task is initialised (its stores are restored by then) and
     * kept up to date by {@link #mark} and {@link #clear}, the only writers: every job asks, and marks
     * are rare, so no job pays a store read for this.
     */
    private final Map<String, String> marked = new HashMap<>();

    UnprocessableDocuments(KeyValueStore<String, byte[]> bookkeeping) {
        this.bookkeeping = bookkeeping;
        try (KeyValueIterator<String, byte[]> marks = bookkeeping.range(PREFIX, PREFIX + Character.MAX_VALUE)) {
            marks.forEachRemaining(mark -> marked.put(mark.key.substring(PREFIX.length()),
                new String(mark.value, StandardCharsets.UTF_8)));
        }
    }

    /** Why a document is marked, or {@code null} if it is not. */
    String reason(String documentId) {
        return marked.get(documentId);
    }

    void mark(String documentId, String reason) {
        bookkeeping.put(PREFIX + documentId, reason.getBytes(StandardCharsets.UTF_8));
        marked.put(documentId, reason);
    }

    void clear(String documentId) {
        bookkeeping.delete(PREFIX + documentId);
        marked.remove(documentId);
    }
}
