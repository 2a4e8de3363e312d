package dev.docreactor.reactor.merge;

import dev.docreactor.contract.EventBusKey;
import dev.docreactor.contract.IdRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The string keys under which a key-value store (RocksDB through Kafka Streams) keeps what
 * {@link MergeStorage} holds.
 *
 * <p>Log entries are keyed by their {@link EventBusKey}, the key they also have on the event bus. The
 * bookkeeping keys follow the same rules: names never contain {@code '/'} ({@link IdRules#isKeyName}),
 * so every key below is unambiguous, and the keys of one stream (or one document branch) share a prefix
 * and are therefore contiguous in lexicographic order. Indices and positions are written as 20
 * zero-padded decimal digits ({@link EventBusKey#appendIndex}), so their keys sort in numeric order. The
 * bookkeeping keys start with a one-letter kind so that all of them can share one store:
 *
 * <table>
 *   <caption>Key formats</caption>
 *   <tr><th>what</th><th>key</th><th>value</th></tr>
 *   <tr><td>log entry (operations store)</td><td>{@code <doc>/<branch>/<scope>/<index:020d>}</td><td>Avro {@code Operation}</td></tr>
 *   <tr><td>document header</td><td>{@code h/<doc>/<branch>}</td><td>{@link DocumentHeader#toBytes()}</td></tr>
 *   <tr><td>the creation's initial states</td><td>{@code c/<doc>/<branch>}</td><td>{@link DocumentHeader#initialStatesToBytes}</td></tr>
 *   <tr><td>stream head</td><td>{@code s/<doc>/<branch>/<scope>}</td><td>{@link StreamHead#toBytes()}</td></tr>
 *   <tr><td>effective page: {@value EffectivePage#SIZE} positions of the effective list</td>
 *       <td>{@code g/<doc>/<branch>/<scope>/<page:020d>}</td><td>{@link EffectivePage}</td></tr>
 *   <tr><td>effective entry with a checkpoint (its page says so)</td><td>{@code t/<doc>/<branch>/<scope>/<position:020d>}</td>
 *       <td>{@link EffectiveEntry#toBytes()}</td></tr>
 *   <tr><td>effective entry of releases before pages (converted when its page is first written)</td>
 *       <td>{@code e/<doc>/<branch>/<scope>/<position:020d>}</td><td>{@link EffectiveEntry#toBytes()}</td></tr>
 *   <tr><td>id index (its own store)</td><td>{@link #id binary}: {@code 0x01}, then document, branch and scope each as a
 *       4-byte big-endian length and UTF-8 bytes, then the operation id's UTF-8 bytes to the end</td>
 *       <td>{@link OperationKey#toBytes()}</td></tr>
 *   <tr><td>id index of releases before it had its own store (moved, then deleted)</td>
 *       <td>{@code i/<doc>/<branch>/<scope>/<operationId>}</td><td>{@link OperationKey#toBytes()}</td></tr>
 *   <tr><td>pending operation</td><td>{@code p/<doc>/<branch>/<scope>/<operationId>}</td><td>Avro {@code Operation}</td></tr>
 * </table>
 */
public final class MergeKeys {

    private static final char SEP = EventBusKey.SEPARATOR;

    /** The first byte of every {@link #id} key: the layout's version. */
    public static final byte ID_LAYOUT = 1;

    /** The prefix of the effective entries of releases that kept one record per position ({@link #legacyEffective}). */
    public static final String LEGACY_EFFECTIVE_PREFIX = "e" + SEP;

    /** The prefix of the id index keys of releases that kept them in the bookkeeping store. */
    public static final String LEGACY_ID_PREFIX = "i" + SEP;

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

    /** The key of a document branch's header: {@code h/<doc>/<branch>}. */
    public static String header(String documentId, String branch) {
        return "h" + SEP + documentId + SEP + branch;
    }

    /**
     * The key of the initial states of a document branch's creation in effect, kept apart from its header so
     * that they are written only when that creation changes: {@code c/<doc>/<branch>}.
     */
    public static String initialStates(String documentId, String branch) {
        return "c" + SEP + documentId + SEP + branch;
    }

    /** The key of a stream's head: {@code s/<doc>/<branch>/<scope>}. */
    public static String head(StreamId stream) {
        return "s" + SEP + stream.documentId() + SEP + stream.branch() + SEP + stream.scope();
    }

    /**
     * The key of the effective page that holds positions {@code page * EffectivePage.SIZE} and on:
     * {@code g/<doc>/<branch>/<scope>/<page:020d>}.
     */
    public static String effectivePage(StreamId stream, long page) {
        return positional('g', stream, page);
    }

    /**
     * The key of the effective entry at {@code position} with its checkpoint, for a position its page marks
     * {@link EffectivePage#CHECKPOINTED}: {@code t/<doc>/<branch>/<scope>/<position:020d>}.
     */
    public static String checkpoint(StreamId stream, long position) {
        return positional('t', stream, position);
    }

    /**
     * The key of the effective entry at {@code position} in releases that kept one record per position:
     * {@code e/<doc>/<branch>/<scope>/<position:020d>}.
     */
    public static String legacyEffective(StreamId stream, long position) {
        return positional('e', stream, position);
    }

    private static String positional(char kind, StreamId stream, long number) {
        return EventBusKey.appendIndex(new StringBuilder(64).append(kind).append(SEP).append(logPrefix(stream)), number)
                .toString();
    }

    /**
     * The key of the id index entry of {@code operationId} in the id index's own store, in a fixed binary layout:
     * layout byte {@value #ID_LAYOUT}, then the document id, branch and scope, each as a 4-byte big-endian length and
     * its UTF-8 bytes, then the operation id's UTF-8 bytes up to the end. The entries of one stream share a prefix.
     */
    public static byte[] id(StreamId stream, String operationId) {
        byte[] document = stream.documentId().getBytes(StandardCharsets.UTF_8);
        byte[] branch = stream.branch().getBytes(StandardCharsets.UTF_8);
        byte[] scope = stream.scope().getBytes(StandardCharsets.UTF_8);
        byte[] id = operationId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(1 + 3 * Integer.BYTES + document.length + branch.length + scope.length + id.length);
        key.put(ID_LAYOUT);
        key.putInt(document.length).put(document);
        key.putInt(branch.length).put(branch);
        key.putInt(scope.length).put(scope);
        return key.put(id).array();
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

    /** The key of a pending operation: {@code p/<doc>/<branch>/<scope>/<operationId>}. */
    public static String pending(StreamId stream, String operationId) {
        return "p" + SEP + logPrefix(stream) + operationId;
    }

    /** The prefix shared by all pending operations of a document branch: {@code p/<doc>/<branch>/}. */
    public static String pendingPrefix(String documentId, String branch) {
        return "p" + SEP + EventBusKey.documentPrefix(documentId, branch);
    }
}
