package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.contract.Heartbeats;
import dev.docreactor.contract.IdRules;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.OperationRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Whether a remote reactor applied this reactor's operations, from the acknowledgements its sync
 * connector sends back:
 * <ul>
 *   <li>{@code GET /jobs/{jobId}/sync?remote=R&wait=true}: the status of one job's operations at
 *       {@code R}, {@code APPLIED}, {@code PENDING}, {@code FAILED_REMOTELY} or {@code FAILED} (the job
 *       itself failed); with {@code wait}, polls until none is pending or the wait times out (504);
 *   <li>{@code GET /documents/{id}/sync?remote=R&branch=}: per document, how many of this reactor's
 *       operations {@code R} applied, failed or has pending; {@code &ids=a,b} asks for single
 *       operations instead (instances use it to ask the one hosting the acknowledgements);
 *   <li>{@code GET /sync/{remote}?stalledAfterMs=}: the replication from {@code remote} to this reactor,
 *       from the heartbeats its channel sends: the watermark of the newest one applied here (every
 *       operation of the remote older than that reached this reactor), its age {@code lagMs}, and
 *       {@code OK}, {@code STALLED} (age above {@code stalledAfterMs}, default
 *       {@value #STALLED_AFTER_MS_DEFAULT}) or {@code UNKNOWN} (no heartbeat from it ever reached this
 *       reactor). Both routes above include it as {@code replication}.
 * </ul>
 */
final class SyncResource {

    private static final String PENDING = "pending";
    private static final String APPLIED = "applied";
    private static final String FAILED_PREFIX = "failed";
    private static final String REMOTE = "the remote reactor id";
    /** Lag above which the replication from a remote is reported STALLED, unless the request says otherwise. */
    static final long STALLED_AFTER_MS_DEFAULT = 10_000;

    private final ReactorBackend backend;
    private final JobsResource jobs;
    private final Forwarder forwarder;

    SyncResource(ReactorBackend backend, JobsResource jobs, Forwarder forwarder) {
        this.backend = backend;
        this.jobs = jobs;
        this.forwarder = forwarder;
    }

    void register(Routes routes) {
        routes.add("GET", "^/jobs/([^/]+)/sync$", this::jobSync)
            .add("GET", "^/documents/([^/]+)/sync$", this::documentSync)
            .add("GET", "^/sync/([^/]+)$", this::replicationSync);
    }

    private ApiResponse replicationSync(ApiRequest request, List<String> path) {
        // A forwarded request was sent here because this instance hosts the heartbeats: answer locally.
        return ApiResponse.json(200, replication(request, path.get(0), request.forwarded()));
    }

    /**
     * The replication from {@code remote}: the heartbeat watermark is kept by the task of the queue
     * partition its heartbeats land on, so it is read here or asked of the instance hosting it.
     */
    private Map<String, Object> replication(ApiRequest request, String remote, boolean localOnly) {
        if (!IdRules.isReactorId(remote)) {
            throw new ReactorException.InvalidRequest("remote '" + remote + "' is not a reactor id (" + IdRules.REACTOR_ID_RULE + ")");
        }
        long stalledAfterMs = request.longParam("stalledAfterMs", STALLED_AFTER_MS_DEFAULT, 1, TimeUnit.DAYS.toMillis(1));
        OptionalLong watermark;
        Optional<String> owner = localOnly ? Optional.empty()
            : backend.remoteOwnerOfDocument(Heartbeats.queueKey(remote));
        if (owner.isEmpty()) {
            watermark = backend.localReplicationWatermark(remote);
        } else {
            watermark = forwarder.query(owner.get(), "/sync/" + ApiRequest.encode(remote))
                .map(answer -> answer.path("watermarkUtcMs"))
                .filter(JsonNode::canConvertToLong)
                .map(node -> OptionalLong.of(node.asLong())).orElse(OptionalLong.empty());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("remote", remote);
        if (watermark.isEmpty()) {
            response.put("status", "UNKNOWN");
            return response;
        }
        long lag = Math.max(0, System.currentTimeMillis() - watermark.getAsLong());
        response.put("status", lag > stalledAfterMs ? "STALLED" : "OK");
        response.put("watermarkUtcMs", watermark.getAsLong());
        response.put("lagMs", lag);
        return response;
    }

    private ApiResponse jobSync(ApiRequest request, List<String> path) {
        String jobId = Ids.requireJobId(path.get(0));
        String remote = request.requiredParam("remote", REMOTE);
        boolean wait = request.flag("wait");
        JobResult result = wait ? jobs.await(jobId) : jobs.find(jobId);
        List<String> ids = result.getOperations().stream().map(OperationRef::getId).toList();
        long deadline = System.nanoTime() + jobs.waitTimeout().toNanos();
        long pause = 5;
        while (true) {
            Map<String, String> status;
            try {
                status = syncStatus(result.getDocumentId(), remote, ids);
            } catch (ReactorException.Unavailable | InvalidStateStoreException e) {
                // A rebalance makes the acknowledgements unreadable for a moment (the store, or a read from
                // it while the stream thread changes state): a waiting caller waits on.
                if (!wait || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(pause);
                pause = Math.min(pause * 2, 100);
                continue;
            }
            boolean pending = status.containsValue(PENDING);
            if (!pending || !wait || System.nanoTime() > deadline) {
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("jobId", jobId);
                response.put("remote", remote);
                response.put("status", result.getStatus() == JobStatus.FAILED ? "FAILED"
                    : pending ? "PENDING" : status.values().stream().anyMatch(s -> s.startsWith(FAILED_PREFIX)) ? "FAILED_REMOTELY" : "APPLIED");
                response.put("operations", status);
                response.put("replication", replication(request, remote, false));
                return ApiResponse.json(pending && wait ? 504 : 200, response);
            }
            pause(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    /** Acknowledgements live with the document's partition: read here, or ask the hosting instance. */
    private Map<String, String> syncStatus(String documentId, String remote, List<String> ids) {
        Optional<String> owner = backend.remoteOwnerOfDocument(documentId);
        if (owner.isEmpty()) {
            return backend.localSyncStatus(documentId, remote, ids);
        }
        Optional<JsonNode> remoteStatus = forwarder.query(owner.get(), "/documents/" + documentId
            + "/sync?remote=" + ApiRequest.encode(remote) + "&ids=" + ApiRequest.encode(String.join(",", ids)));
        Map<String, String> status = new LinkedHashMap<>();
        ids.forEach(id -> status.put(id, remoteStatus.map(s -> s.path(id).asText(PENDING)).orElse(PENDING)));
        return status;
    }

    private ApiResponse documentSync(ApiRequest request, List<String> path) {
        String documentId = Ids.requireDocumentId(path.get(0));
        String remote = request.requiredParam("remote", REMOTE);
        List<String> ids = List.of(request.param("ids").orElse("").split(",")).stream().filter(s -> !s.isBlank()).toList();
        String branch = request.branch();
        return forwarder.forward(request, documentId).orElseGet(() -> ids.isEmpty()
            ? ApiResponse.json(200, summary(request, documentId, remote, branch))
            : ApiResponse.json(200, backend.localSyncStatus(documentId, remote, ids)));
    }

    private Map<String, Object> summary(ApiRequest request, String documentId, String remote, String branch) {
        List<String> ids = backend.localOwnOperationIds(documentId, branch);
        Map<String, String> status = backend.localSyncStatus(documentId, remote, ids);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("documentId", documentId);
        response.put("branch", branch);
        response.put("remote", remote);
        response.put("pending", status.values().stream().filter(PENDING::equals).count());
        response.put("applied", status.values().stream().filter(APPLIED::equals).count());
        response.put("failed", status.values().stream().filter(v -> v.startsWith(FAILED_PREFIX)).count());
        response.put("operations", status);
        response.put("replication", replication(request, remote, false));
        return response;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReactorException.Unavailable("interrupted while waiting");
        }
    }
}
