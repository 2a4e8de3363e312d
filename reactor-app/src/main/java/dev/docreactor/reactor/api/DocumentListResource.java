package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.IdRules;
import dev.docreactor.reactor.view.DocumentSummary;
import dev.docreactor.reactor.view.DocumentViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /documents?after=&limit=}: the reactor's documents in {@link DocumentViews#ID_ORDER}, a page at a time
 * ({@code limit} at most {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}; {@code next} is the
 * {@code after} of the following page, absent on the last one). Documents are spread over the instances:
 * this one lists its own and asks each other instance for its first {@code limit} after the same id
 * (a forwarded request answers only for itself), so a page costs at most {@code limit} documents per
 * partition. Instances that did not answer are named in {@code unreachable}: the page is then incomplete.
 */
final class DocumentListResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final ReactorBackend backend;
    private final Forwarder forwarder;

    DocumentListResource(ReactorBackend backend, Forwarder forwarder) {
        this.backend = backend;
        this.forwarder = forwarder;
    }

    void register(Routes routes) {
        routes.add("GET", "^/documents$", this::list);
    }

    private ApiResponse list(ApiRequest request, List<String> path) {
        int limit = (int) request.longParam("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String after = request.param("after").filter(value -> !value.isEmpty()).map(Ids::requireDocumentId).orElse(null);
        TreeMap<String, ObjectNode> page = new TreeMap<>(DocumentViews.ID_ORDER);
        for (DocumentSummary document : backend.localDocuments(after, limit)) {
            page.put(document.id(), entry(document.id(), document.type(), document.deleted()));
        }
        List<String> unreachable = new ArrayList<>();
        if (!request.forwarded()) {
            String query = "/documents?limit=" + limit + (after == null ? "" : "&after=" + ApiRequest.encode(after));
            for (String instance : backend.otherInstances()) {
                Optional<JsonNode> answer = forwarder.query(instance, query);
                if (answer.isEmpty()) {
                    unreachable.add(instance);
                    continue;
                }
                addPage(page, answer.get().path("documents"), after, limit);
            }
        }
        while (page.size() > limit) {
            page.pollLastEntry();
        }
        ObjectNode response = RecordJson.mapper().createObjectNode();
        ArrayNode documents = response.putArray("documents");
        page.values().forEach(documents::add);
        if (page.size() == limit) {
            response.put("next", page.lastKey());
        }
        if (!unreachable.isEmpty()) {
            ArrayNode missing = response.putArray("unreachable");
            unreachable.forEach(missing::add);
        }
        return ApiResponse.json(200, response);
    }

    /** Another instance's page, checked: at most {@code limit} entries with valid ids after {@code after}. */
    private static void addPage(Map<String, ObjectNode> page, JsonNode documents, String after, int limit) {
        int taken = 0;
        for (JsonNode document : documents) {
            String id = document.path("id").asText("");
            if (taken++ >= limit) {
                return;
            }
            if (IdRules.isClientId(id) && (after == null || DocumentViews.ID_ORDER.compare(id, after) > 0)) {
                page.putIfAbsent(id, entry(id, document.path("type").asText(""), document.path("deleted").asBoolean(false)));
            }
        }
    }

    private static ObjectNode entry(String id, String type, boolean deleted) {
        ObjectNode node = RecordJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("type", type);
        if (deleted) {
            node.put("deleted", true);
        }
        return node;
    }
}
