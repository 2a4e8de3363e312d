package dev.docreactor.reactor.view;

import dev.docreactor.schema.JobResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Lets HTTP requests that wait for a job's result ({@code ?wait=true}) be woken as soon as this instance
 * stores the result, instead of polling the store. Results are delivered from the stream thread that
 * materializes the job-results topic; a result nobody waits for is ignored.
 */
public final class JobResultWaiters implements Consumer<JobResult> {

    private final Map<String, CompletableFuture<JobResult>> waiting = new ConcurrentHashMap<>();

    /** A future completed when the job's result is stored here; call {@link #forget} when done with it. */
    public CompletableFuture<JobResult> register(String jobId) {
        return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** Stops waiting for a job. */
    public void forget(String jobId) {
        waiting.remove(jobId);
    }

    /** Delivers a stored result to whoever waits for it. */
    @Override
    public void accept(JobResult result) {
        CompletableFuture<JobResult> future = waiting.remove(result.getJobId());
        if (future != null) {
            future.complete(result);
        }
    }

    /** How many jobs are waited for (for tests and metrics). */
    public int size() {
        return waiting.size();
    }
}
