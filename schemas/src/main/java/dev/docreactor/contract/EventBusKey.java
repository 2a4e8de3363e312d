package dev.docreactor.contract;

/**
 * The key of an entry of the operations store, which is also the key of its record on the event bus
 * (the store's changelog): UTF-8 text {@code <documentId>/<branch>/<scope>/<index>}, the index written
 * as {@value #INDEX_DIGITS} zero-padded decimal digits, e.g. {@code doc-1/main/global/00000000000000000042}.
 *
 * <p>Why this shape: names never contain {@value #SEPARATOR} ({@link IdRules#isKeyName}), so the
 * parts are unambiguous and the keys of one stream (one document, branch and scope) share a prefix;
 * zero padding makes byte order equal to index order. One stream is therefore one contiguous key range
 * in RocksDB, and reading it from an index on is a single seek. Every appended entry has a new index,
 * so the key is unique per appended operation.
 *
 * @param documentId the document id
 * @param branch the branch
 * @param scope the scope
 * @param index the entry's index in its stream, from 0
 */
public record EventBusKey(String documentId, String branch, String scope, long index) {

    /** Separates the parts of a key. */
    public static final char SEPARATOR = '/';

    /** Digits of the zero-padded index: enough for every non-negative {@code long}. */
    public static final int INDEX_DIGITS = 20;

    /** Checks the parts: valid key names and a non-negative index. */
    public EventBusKey {
        IdRules.requireKeyName(documentId, "document id");
        IdRules.requireKeyName(branch, "branch");
        IdRules.requireKeyName(scope, "scope");
        requireIndex(index);
    }

    /** The key as text. */
    public String text() {
        return format(documentId, branch, scope, index);
    }

    /**
     * The key of the entry at {@code index} of a stream, without building a record (the parts are not
     * checked: callers hold names that were).
     *
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static String format(String documentId, String branch, String scope, long index) {
        StringBuilder key = new StringBuilder(documentId.length() + branch.length() + scope.length() + 3 + INDEX_DIGITS);
        return appendIndex(key.append(documentId).append(SEPARATOR).append(branch).append(SEPARATOR)
            .append(scope).append(SEPARATOR), index).toString();
    }

    /** The prefix shared by every key of a stream: {@code <documentId>/<branch>/<scope>/}. */
    public static String streamPrefix(String documentId, String branch, String scope) {
        return documentPrefix(documentId, branch) + scope + SEPARATOR;
    }

    /** The prefix shared by every key of a document's streams on a branch: {@code <documentId>/<branch>/}. */
    public static String documentPrefix(String documentId, String branch) {
        return documentId + SEPARATOR + branch + SEPARATOR;
    }

    /**
     * Appends {@code index} as {@value #INDEX_DIGITS} zero-padded digits, so that keys ending in it sort
     * in numeric order (used for other keys that must, too).
     *
     * @return {@code key}
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static StringBuilder appendIndex(StringBuilder key, long index) {
        String digits = Long.toString(requireIndex(index));
        for (int i = digits.length(); i < INDEX_DIGITS; i++) {
            key.append('0');
        }
        return key.append(digits);
    }

    /**
     * Reads a key.
     *
     * @throws IllegalArgumentException if {@code key} is not four non-empty parts ending in
     *     {@value #INDEX_DIGITS} digits
     */
    public static EventBusKey parse(String key) {
        int first = key.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : key.indexOf(SEPARATOR, first + 1);
        int third = second < 0 ? -1 : key.indexOf(SEPARATOR, second + 1);
        if (third < 0 || key.length() - third - 1 != INDEX_DIGITS) {
            throw new IllegalArgumentException("not an event-bus key: " + key);
        }
        long index = 0;
        for (int i = third + 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9' || index > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new IllegalArgumentException("not an event-bus key (index): " + key);
            }
            index = index * 10 + (c - '0');
        }
        return new EventBusKey(key.substring(0, first), key.substring(first + 1, second),
            key.substring(second + 1, third), index);
    }

    private static long requireIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        return index;
    }
}
