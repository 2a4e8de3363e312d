package dev.docreactor.reactor.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The probes and {@code GET /metrics} (Prometheus text). Operational routes: served by their own threads,
 * never behind document requests. Kubernetes' meanings:
 * <ul>
 *   <li>{@code GET /health/live}, the liveness probe: 200 while the process and Kafka Streams are alive,
 *       503 once Kafka Streams is in ERROR, PENDING_ERROR or NOT_RUNNING (only a restart helps). A rebalance
 *       or a store restore is alive.</li>
 *   <li>{@code GET /health/ready}, the readiness probe: 200 while queries can be answered: Kafka Streams
 *       RUNNING, or REBALANCING while this instance holds stores (active or standby) to answer from, with
 *       {@code ?stale=true} where the caller accepts data that may lag. So a rebalance does not take every
 *       instance out of its Service at once.</li>
 *   <li>{@code GET /health}, kept for existing users: 200 only while Kafka Streams is RUNNING.</li>
 * </ul>
 * Each answers {@code {"status": "UP"|"DOWN", "streams": <state>, "live": .., "ready": ..}}.
 */
final class HealthResource {

    /** The probe paths, open to every caller (no authentication). */
    static final Set<String> PROBE_PATHS = Set.of("/health", "/health/live", "/health/ready");

    /** Kafka Streams states after which the instance no longer processes: only a restart helps. */
    private static final Set<String> DEAD_STATES = Set.of("ERROR", "PENDING_ERROR", "NOT_RUNNING");

    private final ReactorBackend backend;

    HealthResource(ReactorBackend backend) {
        this.backend = backend;
    }

    void register(Routes routes) {
        routes.addOperational("GET", "^/health$", (request, path) -> answer(Probe.RUNNING))
            .addOperational("GET", "^/health/live$", (request, path) -> answer(Probe.LIVE))
            .addOperational("GET", "^/health/ready$", (request, path) -> answer(Probe.READY))
            .addOperational("GET", "^/metrics$", this::metrics);
    }

    /** What a probe route answers 200 for. */
    private enum Probe { RUNNING, LIVE, READY }

    /** Alive: Kafka Streams not created yet (starting), or in any state it can leave by itself. */
    static boolean live(String streamsState) {
        return !DEAD_STATES.contains(streamsState);
    }

    /** Ready: RUNNING, or REBALANCING with local stores to answer from. */
    static boolean ready(String streamsState, boolean hasLocalStores) {
        return "RUNNING".equals(streamsState) || "REBALANCING".equals(streamsState) && hasLocalStores;
    }

    private ApiResponse answer(Probe probe) {
        String state = backend.streamsState();
        boolean live = live(state);
        boolean ready = ready(state, "REBALANCING".equals(state) && backend.hasLocalStores());
        boolean up = switch (probe) {
            case RUNNING -> "RUNNING".equals(state);
            case LIVE -> live;
            case READY -> ready;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streams", state);
        body.put("live", live);
        body.put("ready", ready);
        return ApiResponse.json(up ? 200 : 503, body);
    }

    private ApiResponse metrics(ApiRequest request, List<String> path) {
        return ApiResponse.text(200, ApiResponse.PROMETHEUS, backend.prometheusMetrics());
    }
}
