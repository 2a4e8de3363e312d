package dev.docreactor.reactor.api;

import dev.docreactor.reactor.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /models}: the registered document models and their action types. */
final class ModelsResource {

    private final ReactorBackend backend;

    ModelsResource(ReactorBackend backend) {
        this.backend = backend;
    }

    void register(Routes routes) {
        routes.add("GET", "^/models$", this::models);
    }

    private ApiResponse models(ApiRequest request, List<String> path) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (DocumentModel model : backend.models().models()) {
            models.add(Map.of("type", model.type(), "actions", model.actionTypes()));
        }
        return ApiResponse.json(200, Map.of("models", models));
    }
}
