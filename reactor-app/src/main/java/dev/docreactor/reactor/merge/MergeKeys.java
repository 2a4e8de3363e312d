package dev.docreactor.reactor.merge;

import dev.docreactor.contract.EventBusKey;
import dev.docreactor.contract.IdRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The keys under which key-value stores (RocksDB through Kafka Streams) keep what {@link MergeStorage} holds.
 *
 * <p>Log entries are keyed by their {@link EventBusKey}, the key they also have on the event bus (a string:
 * {@code <doc>/<branch>/<scope>/<index:020d>}; part of the event bus's contract). Everything else is keyed in a
 * fixed binary layout: a <em>kind</em> byte, then the document id and branch, and for what belongs to one stream
 * the scope, each as a 4-byte big-endian length and its UTF-8 bytes, then, for what has a number, the page or
 * position as an 8-byte big-endian value (never negative, so byte order is numeric order), or, for what belongs to
 * an operation, the operation id's UTF-8 bytes to the end. The keys of one kind and one document branch (or
 * stream) therefore share a prefix and are contiguous, and names cannot run into each other. No key is built as
 * text and encoded again; the kind byte also names the layout (a later layout takes other kind bytes).
 *
 * <table>
 *   <caption>Key formats</caption>
 *   <tr><th>what</th><th>store</th><th>key</th><th>value</th></tr>
 *   <tr><td>log entry</td><td>operations</td><td>{@code <doc>/<branch>/<scope>/<index:020d>}</td><td>Avro {@code Operation}</td></tr>
 *   <tr><td>document header</td><td>merge</td><td>{@value #HEADER}, doc, branch</td><td>{@link DocumentHeader#toBytes()}</td></tr>
 *   <tr><td>the creation's initial states</td><td>merge</td><td>{@value #INITIAL_STATES}, doc, branch</td>
 *       <td>{@link DocumentHeader#initialStatesToBytes}</td></tr>
 *   <tr><td>stream head</td><td>merge</td><td>{@value #HEAD}, doc, branch, scope</td><td>{@link StreamHead#toBytes()}</td></tr>
 *   <tr><td>effective page: {@value EffectivePage#SIZE} positions of the effective list</td><td>merge</td>
 *       <td>{@value #PAGE}, doc, branch, scope, page</td><td>{@link EffectivePage}</td></tr>
 *   <tr><td>effective entry with a checkpoint (its page says so)</td><td>merge</td>
 *       <td>{@value #CHECKPOINT}, doc, branch, scope, position</td><td>{@link EffectiveEntry#toBytes()}</td></tr>
 *   <tr><td>pending operation</td><td>merge</td><td>{@value #PENDING}, doc, branch, scope, operation id</td><td>Avro {@code Operation}</td></tr>
 *   <tr><td>id index entry</td><td>ids</td><td>{@value #ID_LAYOUT}, doc, branch, scope, operation id</td>
 *       <td>{@link OperationKey#toBytes()}</td></tr>
 * </table>
 *
 * <p>Earlier releases kept the bookkeeping in the reactor's {@code streams} store under string keys, which a store
 * written by them may still hold until they are moved ({@link #ofLegacy}): {@code h/<doc>/<branch>} (header),
 * {@code c/<doc>/<branch>} (initial states), {@code s/<doc>/<branch>/<scope>} (head),
 * {@code g/<doc>/<branch>/<scope>/<page:020d>} (page), {@code t/<doc>/<branch>/<scope>/<position:020d>}
 * (checkpoint), {@code p/<doc>/<branch>/<scope>/<operationId>} (pending), {@code i/<doc>/<branch>/<scope>/<operationId>}
 * (id index entry), and, before effective pages, {@code e/<doc>/<branch>/<scope>/<position:020d>} (one effective
 * entry per position, moved into its page when the page is first written). Names never contain {@code '/'}
 * ({@link IdRules#isKeyName}), so these are unambiguous.
 */
public final class MergeKeys {

    private static final char SEP = EventBusKey.SEPARATOR;

    /** The first byte of every {@link #id} key: the layout's version. */
    public static final byte ID_LAYOUT = 1;
    /** The kind byte of a {@link #header} key. */
    public static final byte HEADER = 0x10;
    /** The kind byte of an {@link #initialStates} key. */
    public static final byte INITIAL_STATES = 0x11;
    /** The kind byte of a {@link #head} key. */
    public static final byte HEAD = 0x12;
    /** The kind byte of an {@link #effectivePage} key. */
    public static final byte PAGE = 0x13;
    /** The kind byte of a {@link #checkpoint} key. */
    public static final byte CHECKPOINT = 0x14;
    /** The kind byte of a {@link #pending} key. */
    public static final byte PENDING = 0x15;

    /** The prefix of the effective entries of releases that kept one record per position ({@link #legacyEffective}). */
    public static final String LEGACY_EFFECTIVE_PREFIX = "e" + SEP;

    /** The prefix of the id index keys of releases that kept them in the bookkeeping store. */
    public static final String LEGACY_ID_PREFIX = "i" + SEP;

    /**
     * The prefixes of the string keys under which earlier releases kept what the merge store now holds under binary
     * keys ({@link #ofLegacy} converts them): initial states, pages, headers, pending operations, heads, checkpoints.
     */
    public static final List<String> LEGACY_PREFIXES = List.of("c" + SEP, "g" + SEP, "h" + SEP, "p" + SEP, "s" + SEP, "t" + SEP);

    private MergeKeys() {
    }

    /** The key of the log entry at {@code index} of {@code stream}: {@code <doc>/<branch>/<scope>/<index:020d>}. */
    public static String log(StreamId stream, long index) {
        return EventBusKey.format(stream.documentId(), stream.branch(), stream.scope(), index);
    }

    /** The prefix shared by all log entries of {@code stream}: {@code <doc>/<branch>/<scope>/}. */
    public static String logPrefix(StreamId stream) {
        return EventBusKey.streamPrefix(stream.documentId(), stream.branch(), stream.scope());
    }

    /** The key of a document branch's header: {@value #HEADER}, document, branch. */
    public static byte[] header(String documentId, String branch) {
        return key(HEADER, documentId, branch, null, 0, null, false);
    }

    /**
     * The key of the initial states of a document branch's creation in effect, kept apart from its header so
     * that they are written only when that creation changes: {@value #INITIAL_STATES}, document, branch.
     */
    public static byte[] initialStates(String documentId, String branch) {
        return key(INITIAL_STATES, documentId, branch, null, 0, null, false);
    }

    /** The key of a stream's head: {@value #HEAD}, document, branch, scope. */
    public static byte[] head(StreamId stream) {
        return key(HEAD, stream.documentId(), stream.branch(), stream.scope(), 0, null, false);
    }

    /**
     * The key of the effective page that holds positions {@code page * EffectivePage.SIZE} and on: {@value #PAGE},
     * document, branch, scope, page.
     */
    public static byte[] effectivePage(StreamId stream, long page) {
        return key(PAGE, stream.documentId(), stream.branch(), stream.scope(), page, null, true);
    }

    /**
     * The key of the effective entry at {@code position} with its checkpoint, for a position its page marks
     * {@link EffectivePage#CHECKPOINTED}: {@value #CHECKPOINT}, document, branch, scope, position.
     */
    public static byte[] checkpoint(StreamId stream, long position) {
        return key(CHECKPOINT, stream.documentId(), stream.branch(), stream.scope(), position, null, true);
    }

    /** The key of a pending operation: {@value #PENDING}, document, branch, scope, operation id. */
    public static byte[] pending(StreamId stream, String operationId) {
        return key(PENDING, stream.documentId(), stream.branch(), stream.scope(), 0, operationId, false);
    }

    /** The prefix shared by all pending operations of a document branch: {@value #PENDING}, document, branch. */
    public static byte[] pendingPrefix(String documentId, String branch) {
        return key(PENDING, documentId, branch, null, 0, null, false);
    }

    /**
     * The key of the id index entry of {@code operationId} in the id index's own store, in a fixed binary layout:
     * layout byte {@value #ID_LAYOUT}, then the document id, branch and scope, each as a 4-byte big-endian length and
     * its UTF-8 bytes, then the operation id's UTF-8 bytes up to the end. The entries of one stream share a prefix.
     */
    public static byte[] id(StreamId stream, String operationId) {
        return key(ID_LAYOUT, stream.documentId(), stream.branch(), stream.scope(), 0, operationId, false);
    }

    /**
     * A key of the binary layout: {@code first}, the names present (each a 4-byte big-endian length and UTF-8 bytes),
     * then {@code number} (8 bytes) if {@code numbered}, then {@code operationId}'s UTF-8 bytes if present. Sized
     * exactly: one array, no copy.
     */
    private static byte[] key(byte first, String documentId, String branch, String scope, long number, String operationId,
            boolean numbered) {
        byte[] document = documentId.getBytes(StandardCharsets.UTF_8);
        byte[] branchBytes = branch.getBytes(StandardCharsets.UTF_8);
        byte[] scopeBytes = scope == null ? null : scope.getBytes(StandardCharsets.UTF_8);
        byte[] id = operationId == null ? null : operationId.getBytes(StandardCharsets.UTF_8);
        int size = 1 + 2 * Integer.BYTES + document.length + branchBytes.length
                + (scopeBytes == null ? 0 : Integer.BYTES + scopeBytes.length)
                + (numbered ? Long.BYTES : 0) + (id == null ? 0 : id.length);
        ByteBuffer key = ByteBuffer.allocate(size);
        key.put(first);
        key.putInt(document.length).put(document);
        key.putInt(branchBytes.length).put(branchBytes);
        if (scopeBytes != null) {
            key.putInt(scopeBytes.length).put(scopeBytes);
        }
        if (numbered) {
            key.putLong(number);
        }
        if (id != null) {
            key.put(id);
        }
        return key.array();
    }

    /** The key a header had in the bookkeeping store of earlier releases: {@code h/<doc>/<branch>}. */
    public static String legacyHeader(String documentId, String branch) {
        return "h" + SEP + documentId + SEP + branch;
    }

    /** The key initial states had in the bookkeeping store of earlier releases: {@code c/<doc>/<branch>}. */
    public static String legacyInitialStates(String documentId, String branch) {
        return "c" + SEP + documentId + SEP + branch;
    }

    /** The key a head had in the bookkeeping store of earlier releases: {@code s/<doc>/<branch>/<scope>}. */
    public static String legacyHead(StreamId stream) {
        return "s" + SEP + stream.documentId() + SEP + stream.branch() + SEP + stream.scope();
    }

    /** The key a page had in the bookkeeping store of earlier releases: {@code g/<doc>/<branch>/<scope>/<page:020d>}. */
    public static String legacyEffectivePage(StreamId stream, long page) {
        return positional('g', stream, page);
    }

    /**
     * The key a checkpointed entry had in the bookkeeping store of earlier releases:
     * {@code t/<doc>/<branch>/<scope>/<position:020d>}.
     */
    public static String legacyCheckpoint(StreamId stream, long position) {
        return positional('t', stream, position);
    }

    /**
     * The key of the effective entry at {@code position} in releases that kept one record per position:
     * {@code e/<doc>/<branch>/<scope>/<position:020d>}.
     */
    public static String legacyEffective(StreamId stream, long position) {
        return positional('e', stream, position);
    }

    /** The key a pending operation had in the bookkeeping store of earlier releases: {@code p/<doc>/<branch>/<scope>/<operationId>}. */
    public static String legacyPending(StreamId stream, String operationId) {
        return "p" + SEP + logPrefix(stream) + operationId;
    }

    /** The prefix of a document branch's pending operations in the bookkeeping store of earlier releases: {@code p/<doc>/<branch>/}. */
    public static String legacyPendingPrefix(String documentId, String branch) {
        return "p" + SEP + EventBusKey.documentPrefix(documentId, branch);
    }

    private static String positional(char kind, StreamId stream, long number) {
        return EventBusKey.appendIndex(new StringBuilder(64).append(kind).append(SEP).append(logPrefix(stream)), number)
                .toString();
    }

    /** The key an id index entry had in the bookkeeping store before the id index had its own store. */
    public static String legacyId(StreamId stream, String operationId) {
        return LEGACY_ID_PREFIX + logPrefix(stream) + operationId;
    }

    /**
     * The binary {@link #id} key for a {@link #legacyId} key.
     *
     * @throws IllegalArgumentException if {@code legacyKey} is not an id index key of the earlier layout
     */
    public static byte[] idOfLegacy(String legacyKey) {
        String[] parts = legacyKey.split(String.valueOf(SEP), -1);
        if (parts.length != 5 || !legacyKey.startsWith(LEGACY_ID_PREFIX) || !IdRules.isKeyName(parts[1])
                || !IdRules.isKeyName(parts[2]) || !IdRules.isKeyName(parts[3]) || parts[4].isEmpty()) {
            throw new IllegalArgumentException("not an id index key of the bookkeeping store: " + legacyKey);
        }
        return id(new StreamId(parts[1], parts[2], parts[3]), parts[4]);
    }

    /**
     * The binary key for a string key of earlier releases with one of the {@link #LEGACY_PREFIXES}: the same
     * record's key in the merge store.
     *
     * @throws IllegalArgumentException if {@code legacyKey} is not such a key (a wrong number of parts, a name that is
     *     not a {@linkplain IdRules#isKeyName key name}, a page or position that is not 20 decimal digits, an empty
     *     operation id)
     */
    public static byte[] ofLegacy(String legacyKey) {
        String[] parts = legacyKey.split(String.valueOf(SEP), -1);
        char kind = legacyKey.length() > 1 && legacyKey.charAt(1) == SEP ? legacyKey.charAt(0) : '?';
        int expected = switch (kind) {
            case 'h', 'c' -> 3;
            case 's' -> 4;
            case 'g', 't', 'p' -> 5;
            default -> -1;
        };
        boolean names = parts.length == expected && IdRules.isKeyName(parts[1]) && IdRules.isKeyName(parts[2])
                && (expected == 3 || IdRules.isKeyName(parts[3]));
        if (!names) {
            throw new IllegalArgumentException("not a bookkeeping key of an earlier release: " + legacyKey);
        }
        return switch (kind) {
            case 'h' -> header(parts[1], parts[2]);
            case 'c' -> initialStates(parts[1], parts[2]);
            case 's' -> head(new StreamId(parts[1], parts[2], parts[3]));
            case 'p' -> {
                if (parts[4].isEmpty()) {
                    throw new IllegalArgumentException("not a bookkeeping key of an earlier release: " + legacyKey);
                }
                yield pending(new StreamId(parts[1], parts[2], parts[3]), parts[4]);
            }
            default -> {
                long number = number(parts[4], legacyKey);
                StreamId stream = new StreamId(parts[1], parts[2], parts[3]);
                yield kind == 'g' ? effectivePage(stream, number) : checkpoint(stream, number);
            }
        };
    }

    private static long number(String digits, String legacyKey) {
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a bookkeeping key of an earlier release: " + legacyKey);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a bookkeeping key of an earlier release: " + legacyKey, e);
        }
    }
}
