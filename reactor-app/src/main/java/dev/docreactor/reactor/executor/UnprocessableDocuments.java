package dev.docreactor.reactor.executor;

import java.nio.charset.StandardCharsets;
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

    UnprocessableDocuments(KeyValueStore<String, byte[]> bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    /** Why a document is marked, or {@code null} if it is not. */
    String reason(String documentId) {
        byte[] reason = bookkeeping.get(PREFIX + documentId);
        return reason == null ? null : new String(reason, StandardCharsets.UTF_8);
    }

    void mark(String documentId, String reason) {
        bookkeeping.put(PREFIX + documentId, reason.getBytes(StandardCharsets.UTF_8));
    }

    void clear(String documentId) {
        bookkeeping.delete(PREFIX + documentId);
    }
}
