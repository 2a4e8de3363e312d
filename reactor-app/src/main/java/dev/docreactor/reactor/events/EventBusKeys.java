package dev.docreactor.reactor.events;

import java.util.Locale;

/**
 * Keys of the operations store, which are also the keys of the event bus (its changelog topic).
 *
 * <p>Format (UTF-8 text): {@code <documentId>/<branch>/<scope>/<index as 20 zero-padded digits>}, e.g.
 * {@code doc-1/main/global/00000000000000000042}. Ids never contain '/', and the zero-padded index makes
 * RocksDB's byte order equal to index order, so one stream's entries are one contiguous key range and a
 * range read by index is a single seek. Every appended entry has a new index, so the key is unique per
 * appended operation.
 */
public final class EventBusKeys {

    private static final char SEPARATOR = '/';

    private EventBusKeys() {
    }

    /** The key of the entry at {@code index} of a stream. */
    public static String key(String documentId, String branch, String scope, long index) {
        return streamPrefix(documentId, branch, scope) + String.format(Locale.ROOT, "%020d", index);
    }

    /** The common prefix of every key of a stream. */
    public static String streamPrefix(String documentId, String branch, String scope) {
        return documentId + SEPARATOR + branch + SEPARATOR + scope + SEPARATOR;
    }

    /** The common prefix of every key of a document's streams on a branch. */
    public static String documentPrefix(String documentId, String branch) {
        return documentId + SEPARATOR + branch + SEPARATOR;
    }

    /** The document id part of a key. */
    public static String documentId(String key) {
        int end = key.indexOf(SEPARATOR);
        if (end <= 0) {
            throw new IllegalArgumentException("not an event-bus key: " + key);
        }
        return key.substring(0, end);
    }
}
