package dev.docreactor.reactor.api;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (200 while Kafka Streams is RUNNING, 503 otherwise) and {@code GET /metrics}
 * (Prometheus text). Operational routes: served by their own threads, never behind document requests.
 */
final class HealthResource {

    private final ReactorBackend backend;

    HealthResource(ReactorBackend backend) {
        this.backend = backend;
    }

    void register(Routes routes) {
        routes.addOperational("GET", "^/health$", this::health)
            .addOperational("GET", "^/metrics$", this::metrics);
    }

    private ApiResponse health(ApiRequest request, List<String> path) {
        boolean healthy = backend.healthy();
        return ApiResponse.json(healthy ? 200 : 503, Map.of("status", healthy ? "UP" : "DOWN", "streams", backend.streamsState()));
    }

    private ApiResponse metrics(ApiRequest request, List<String> path) {
        return ApiResponse.text(200, ApiResponse.PROMETHEUS, backend.prometheusMetrics());
    }
}
