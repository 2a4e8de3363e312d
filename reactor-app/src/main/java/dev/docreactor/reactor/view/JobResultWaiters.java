package dev.docreactor.reactor.view;

import dev.docreactor.schema.JobResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets HTTP requests that wait for a job's result ({@code ?wait=true}) be woken as soon as this instance
 * stores the result, instead of polling the store. Results are delivered from the stream thread that
 * materializes the job-results topic; a result nobody waits for is ignored.
 */
public final class JobResultWaiters implements JobResultsProcessor.Listener {

    private final Map<String, CompletableFuture<JobResult>> waiting = new ConcurrentHashMap<>();

    /** A future completed when the job's result is stored here; call {@link #forget} when done with it. */
    public CompletableFuture<JobResult> register(String jobId) {
        return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** Stops waiting for a job. */
    public void forget(String jobId) {
        waiting.remove(jobId);
    }

    /**
     * Delivers a result stored under {@code jobId} to whoever waits for that job. The result's own job id
     * differs when the job repeated an idempotent request: it is the first job's.
     */
    @Override
    public boolean waitsFor(String jobId) {
        return waiting.containsKey(jobId);
    }

    @Override
    public void stored(String jobId, JobResult result) {
        CompletableFuture<JobResult> future = waiting.remove(jobId);
        if (future != null) {
            future.complete(result);
        }
    }

    /** How many jobs are waited for (for tests and metrics). */
    public int size() {
        return waiting.size();
    }
}
