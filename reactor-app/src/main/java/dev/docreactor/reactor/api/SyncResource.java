package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.OperationRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether a remote reactor applied this reactor's operations, from the acknowledgements its sync
 * connector sends back:
 * <ul>
 *   <li>{@code GET /jobs/{jobId}/sync?remote=R&wait=true}: the status of one job's operations at
 *       {@code R}, {@code APPLIED}, {@code PENDING}, {@code FAILED_REMOTELY} or {@code FAILED} (the job
 *       itself failed); with {@code wait}, polls until none is pending or the wait times out (504);
 *   <li>{@code GET /documents/{id}/sync?remote=R&branch=}: per document, how many of this reactor's
 *       operations {@code R} applied, failed or has pending; {@code &ids=a,b} asks for single
 *       operations instead (instances use it to ask the one hosting the acknowledgements).
 * </ul>
 */
final class SyncResource {

    private static final String PENDING = "pending";
    private static final String APPLIED = "applied";
    private static final String FAILED_PREFIX = "failed";
    private static final String REMOTE = "the remote reactor id";

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
            .add("GET", "^/documents/([^/]+)/sync$", this::documentSync);
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
            Map<String, String> status = syncStatus(result.getDocumentId(), remote, ids);
            boolean pending = status.containsValue(PENDING);
            if (!pending || !wait || System.nanoTime() > deadline) {
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("jobId", jobId);
                response.put("remote", remote);
                response.put("status", result.getStatus() == JobStatus.FAILED ? "FAILED"
                    : pending ? "PENDING" : status.values().stream().anyMatch(s -> s.startsWith(FAILED_PREFIX)) ? "FAILED_REMOTELY" : "APPLIED");
                response.put("operations", status);
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
            ? ApiResponse.json(200, summary(documentId, remote, branch))
            : ApiResponse.json(200, backend.localSyncStatus(documentId, remote, ids)));
    }

    private Map<String, Object> summary(String documentId, String remote, String branch) {
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
