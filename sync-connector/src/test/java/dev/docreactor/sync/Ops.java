package dev.docreactor.sync;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.manager.EventRecord;
import java.nio.charset.StandardCharsets;

/** Builds realistic operations for tests. */
public final class Ops {

    private Ops() {
    }

    /** An operation of document {@code doc} (type {@code todo}, scope global, branch main) at {@code index}. */
    public static Operation op(String origin, String doc, long index) {
        return op(origin, doc, "todo", "global", "main", index);
    }

    /** An operation of document {@code doc} in {@code scope}. */
    public static Operation op(String origin, String doc, long index, String scope) {
        return op(origin, doc, "todo", scope, "main", index);
    }

    /** A fully specified operation. */
    public static Operation op(String origin, String doc, String type, String scope, String branch, long index) {
        long now = System.currentTimeMillis();
        String actionId = doc + "-" + scope + "-" + index;
        return Operation.newBuilder()
            .setId(origin + ":" + actionId)
            .setDocumentId(doc)
            .setDocumentType(type)
            .setScope(scope)
            .setBranch(branch)
            .setIndex(index)
            .setSkip(0)
            .setTimestampUtcMs(now)
            .setClock(now << 16)
            .setHash("h" + index)
            .setOrigin(origin)
            .setAction(Action.newBuilder().setId(actionId).setType("ADD_TODO").setScope(scope)
                .setInput("{\"text\":\"item " + index + "\"}").setTimestampUtcMs(now).build())
            .setError(null)
            .setReapplied(false)
            .build();
    }

    /** A re-applied copy of {@code op}. */
    public static Operation reapplied(Operation op) {
        return Operation.newBuilder(op).setReapplied(true).build();
    }

    /** The encoded value of an operation. */
    public static byte[] encode(Operation op) {
        return AvroSerdes.operation().serializer().serialize("t", op);
    }

    /** The event-bus key of an operation. */
    public static String key(Operation op) {
        return op.getDocumentId() + "/" + op.getBranch() + "/" + op.getScope() + "/" + String.format("%020d", op.getIndex());
    }

    /** An event-bus record carrying {@code op} at {@code partition}/{@code offset}. */
    public static EventRecord record(String topic, int partition, long offset, Operation op) {
        return new EventRecord(topic, partition, offset, op.getTimestampUtcMs(),
            key(op).getBytes(StandardCharsets.UTF_8), encode(op));
    }
}
