package dev.docreactor.reactor.api;

import java.util.UUID;

import dev.docreactor.schema.JobKind;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents: {@code POST /documents} creates one, {@code POST /documents/{id}/actions} applies actions,
 * {@code POST /documents/{id}/resume} clears its unprocessable mark, {@code GET /documents/{id}} reads its view (from the hosting instance). Writes are jobs on the queue;
 * with {@code ?wait=true} the answer waits for the job's result, and concurrent waiting requests of one document
 * are coalesced into one job ({@link JobCoalescer}).
 */
final class DocumentsResource {

    private final ReactorBackend backend;
    private final JobRequests jobRequests;
    private final JobsResource jobs;
    private final JobCoalescer coalescer;
    private final Forwarder forwarder;

    DocumentsResource(ReactorBackend backend, JobRequests jobRequests, JobsResource jobs, JobCoalescer coalescer,
                      Forwarder forwarder) {
        this.backend = backend;
        this.jobRequests = jobRequests;
        this.jobs = jobs;
        this.coalescer = coalescer;
        this.forwarder = forwarder;
    }

    void register(Routes routes) {
        routes.add("POST", "^/documents$", this::create)
            .add("POST", "^/documents/([^/]+)/actions$", this::submitActions)
            .add("POST", "^/documents/([^/]+)/resume$", this::resume)
            .add("GET", "^/documents/([^/]+)$", this::document);
    }

    /**
     * Clears a document's unprocessable mark with a RESUME job (ordered with the document's other jobs);
     * the answer is the job's, as for actions.
     */
    private ApiResponse resume(ApiRequest request, List<String> path) {
        String documentId = Ids.requireDocumentId(path.get(0));
        Job job = Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.RESUME).setDocumentId(documentId)
            .setSubmittedUtcMs(System.currentTimeMillis()).build();
        backend.submit(job);
        if (!request.flag("wait")) {
            return ApiResponse.json(202, Map.of("jobId", job.getJobId()));
        }
        JobResult result = jobs.await(job.getJobId());
        return ApiResponse.json(result.getStatus() == JobStatus.COMPLETED ? 200 : 422, RecordJson.jobResult(result));
    }

    private ApiResponse create(ApiRequest request, List<String> path) {
        Job job = jobRequests.create(request.body(), request.idempotencyKey());
        backend.submit(job);
        String documentId = job.getDocumentId();
        String jobId = job.getJobId();
        if (request.flag("wait")) {
            JobResult result = jobs.await(job.getJobId());
            // A repeat of an idempotent request is answered with the first job's result, and so its job id.
            jobId = result.getJobId();
            if (result.getStatus() == JobStatus.FAILED) {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("id", documentId);
                failed.put("jobId", jobId);
                failed.put("status", "FAILED");
                failed.put("error", result.getError());
                return ApiResponse.json(failureStatus(result), failed);
            }
        }
        return ApiResponse.json(201, Map.of("id", documentId, "jobId", jobId));
    }

    private ApiResponse submitActions(ApiRequest request, List<String> path) {
        String documentId = Ids.requireDocumentId(path.get(0));
        Job job = jobRequests.actions(documentId, request.body(), request.idempotencyKey());
        if (!request.flag("wait")) {
            backend.submit(job);
            return ApiResponse.json(202, Map.of("jobId", job.getJobId()));
        }
        // Concurrent waiting callers of one document share a job (each gets its own operations).
        JobResult result = coalescer.submitAndAwait(job);
        ObjectNode response = RecordJson.jobResult(result);
        return ApiResponse.json(result.getStatus() == JobStatus.COMPLETED ? 200 : failureStatus(result), response);
    }

    /** A failed job on a missing document is a 404, any other failure (a rejected action) a 422. */
    private static int failureStatus(JobResult result) {
        String error = result.getError() == null ? "" : result.getError();
        return error.contains(DocumentLifecycle.MISSING) ? 404 : 422;
    }

    private ApiResponse document(ApiRequest request, List<String> path) {
        String documentId = Ids.requireDocumentId(path.get(0));
        String branch = request.branch();
        return forwarder.forward(request, documentId).orElseGet(() -> {
            DocumentSnapshot snapshot = backend.localDocument(documentId, branch, request.staleAllowed()).orElseThrow(() ->
                new ReactorException.NotFound("document " + documentId + " not found on branch " + branch));
            if (snapshot.getDeleted()) {
                throw new ReactorException.NotFound("document " + documentId + " was deleted");
            }
            return ApiResponse.json(200, RecordJson.document(documentId, snapshot));
        });
    }
}
