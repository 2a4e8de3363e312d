package dev.docreactor.reactor.api;

import dev.docreactor.schema.JobResult;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /jobs/{jobId}}: a job's result. Job results are a global store, so every instance answers
 * for every job. Also waits for results on behalf of the other resources ({@code ?wait=true}).
 */
final class JobsResource {

    private final ReactorBackend backend;
    private final Duration waitTimeout;

    JobsResource(ReactorBackend backend, Duration waitTimeout) {
        this.backend = backend;
        this.waitTimeout = waitTimeout;
    }

    void register(Routes routes) {
        routes.add("GET", "^/jobs/([^/]+)$", this::job);
    }

    private ApiResponse job(ApiRequest request, List<String> path) {
        return ApiResponse.json(200, RecordJson.jobResult(find(Ids.requireJobId(path.get(0)))));
    }

    /** A stored result. */
    JobResult find(String jobId) {
        return backend.localJobResult(jobId).orElseThrow(() ->
            new ReactorException.NotFound("job " + jobId + " is unknown or not processed yet"));
    }

    /** Waits up to {@code http.wait.timeout.ms} for a job's result. */
    JobResult await(String jobId) {
        return backend.awaitLocalJobResult(jobId, waitTimeout).orElseThrow(() ->
            new ReactorException.WaitTimedOut("job " + jobId + " was accepted but no result arrived within "
                + waitTimeout.toMillis() + " ms; ask GET /jobs/" + jobId + " later"));
    }

    /** How long {@code ?wait=true} waits. */
    Duration waitTimeout() {
        return waitTimeout;
    }
}
