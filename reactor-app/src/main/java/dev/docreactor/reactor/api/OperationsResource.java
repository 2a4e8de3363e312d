package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.schema.Operation;
import java.util.List;

/**
 * {@code GET /documents/{id}/operations?scope=&branch=&from=&limit=}: one stream of a document's
 * operations log, in index order, from the hosting instance.
 */
final class OperationsResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final ReactorBackend backend;
    private final Forwarder forwarder;

    OperationsResource(ReactorBackend backend, Forwarder forwarder) {
        this.backend = backend;
        this.forwarder = forwarder;
    }

    void register(Routes routes) {
        routes.add("GET", "^/documents/([^/]+)/operations$", this::operations);
    }

    private ApiResponse operations(ApiRequest request, List<String> path) {
        String documentId = Ids.requireDocumentId(path.get(0));
        String scope = request.scope();
        String branch = request.branch();
        long from = request.longParam("from", 0, 0, Long.MAX_VALUE);
        int limit = (int) request.longParam("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return forwarder.forward(request, documentId).orElseGet(() -> {
            if (!backend.localDocumentExists(documentId, branch, request.staleAllowed())) {
                throw new ReactorException.NotFound("document " + documentId + " not found on branch " + branch);
            }
            ArrayNode ops = RecordJson.mapper().createArrayNode();
            for (Operation op : backend.localOperations(documentId, scope, branch, from, limit, request.staleAllowed())) {
                ops.add(RecordJson.operation(op));
            }
            ObjectNode response = RecordJson.mapper().createObjectNode();
            response.set("operations", ops);
            return ApiResponse.json(200, response);
        });
    }
}
