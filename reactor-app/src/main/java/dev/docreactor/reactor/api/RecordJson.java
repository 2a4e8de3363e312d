package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import dev.docreactor.schema.ScopeState;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of the reactor's records (operations, job results, document views), as the HTTP API
 * answers them and as {@code reactorctl tail} and the console-consumer formatter print them: one mapping,
 * so every tool shows a record alike.
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** The mapper for JSON in and out: {@link CanonicalJson#mapper()}, with its strict parsing limits. */
    public static ObjectMapper mapper() {
        return CanonicalJson.mapper();
    }

    /**
     * An operation: {@code {"id","index","skip","behind","timestampUtcMs","clock","hash","origin","error"?,
     * "reapplied"?,"action":{"id","type","scope","input"}}}.
     */
    public static ObjectNode operation(Operation op) {
        ObjectNode node = mapper().createObjectNode();
        node.put("id", op.getId());
        node.put("index", op.getIndex());
        node.put("skip", op.getSkip());
        node.put("behind", op.getBehind());
        node.put("timestampUtcMs", op.getTimestampUtcMs());
        node.put("clock", op.getClock());
        node.put("hash", op.getHash());
        node.put("origin", op.getOrigin());
        if (op.getError() != null) {
            node.put("error", op.getError());
        }
        if (op.getReapplied()) {
            node.put("reapplied", true);
        }
        ObjectNode action = node.putObject("action");
        action.put("id", op.getAction().getId());
        action.put("type", op.getAction().getType());
        action.put("scope", op.getAction().getScope());
        action.set("input", CanonicalJson.parse(op.getAction().getInput()));
        return node;
    }

    /**
     * A job's result: {@code {"jobId","documentId","status","error"?,"operations":[{"id","scope","branch",
     * "index","hash","error"?}]}}.
     */
    public static ObjectNode jobResult(JobResult result) {
        ObjectNode node = mapper().createObjectNode();
        node.put("jobId", result.getJobId());
        node.put("documentId", result.getDocumentId());
        node.put("status", result.getStatus().name());
        if (result.getError() != null) {
            node.put("error", result.getError());
        }
        ArrayNode ops = node.putArray("operations");
        for (OperationRef ref : result.getOperations()) {
            ObjectNode op = ops.addObject();
            op.put("id", ref.getId());
            op.put("scope", ref.getScope());
            op.put("branch", ref.getBranch());
            op.put("index", ref.getIndex());
            op.put("hash", ref.getHash());
            if (ref.getError() != null) {
                op.put("error", ref.getError());
            }
        }
        return node;
    }

    /**
     * A document's view: {@code {"id","type","branch","revision":{scope:n},"state":{scope:...},
     * "hash":{scope:"hex"},"unprocessable"?:"reason"}}, scopes in name order.
     *
     * @param snapshot a view with states, as {@link dev.docreactor.reactor.view.DocumentReader} reads it; a view
     *     record of the documents store keeps no state and is refused ({@link IllegalArgumentException})
     */
    public static ObjectNode document(String documentId, DocumentSnapshot snapshot) {
        ObjectNode node = mapper().createObjectNode();
        node.put("id", documentId);
        node.put("type", snapshot.getDocumentType());
        node.put("branch", snapshot.getBranch());
        ObjectNode revision = node.putObject("revision");
        ObjectNode state = node.putObject("state");
        ObjectNode hash = node.putObject("hash");
        for (Map.Entry<String, ScopeState> scope : new TreeMap<>(snapshot.getScopes()).entrySet()) {
            revision.put(scope.getKey(), scope.getValue().getRevision());
            String text = scope.getValue().getState();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("document " + documentId + " scope " + scope.getKey()
                    + " has no state: a view record was answered instead of the view read with its states");
            }
            // The canonical JSON as stored, written as it is: no second parse and write of a large state.
            state.putRawValue(scope.getKey(), new RawValue(text));
            hash.put(scope.getKey(), scope.getValue().getHash());
        }
        if (snapshot.getUnprocessable() != null) {
            node.put("unprocessable", snapshot.getUnprocessable());
        }
        return node;
    }
}
