package dev.docreactor.reactor.api;

import dev.docreactor.contract.IdRules;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.IdempotencyClaim;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.OperationRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coalesces concurrent {@code POST /documents/{id}/actions?wait=true} requests of one document branch
 * into one EXECUTE job, so the reactor pays its per-job cost once per batch, not once per caller. Each
 * caller still gets its own answer: the batch's result restricted to the operations of its own actions.
 *
 * <p>No request waits to be batched: one whose document branch has no job being enqueued is enqueued
 * at once, as it is (a single client sees no difference). Requests that arrive while a job of the same
 * document branch is being handed to the queue (until the cluster acknowledges it) wait for that
 * acknowledgement and then go together as the next job; so batching only happens under concurrency, and
 * costs a caller at most one queue acknowledgement. Batches respect {@code reactor.max.actions.per.job}
 * and half of {@code reactor.max.job.bytes}. A job is all or nothing: when a batch of several callers
 * fails, nothing of it was written, and each caller's own job is enqueued again on its own, so one
 * caller's rejected action never fails another's. The answer's {@code jobId} is the batch's job.
 * Each caller's idempotency key stays its own: the batch's job carries one claim per keyed caller for
 * its run of actions, and a batch holding a repeat of a completed request fails unapplied, so its
 * callers go again alone and the repeat is answered with its first job's result.
 */
final class JobCoalescer {

    /** What a waiting caller is told. */
    private sealed interface Signal permits Done, Failed, Lead, Alone {
    }

    /** The caller's answer. */
    private record Done(JobResult result) implements Signal {
    }

    /** The batch could not be enqueued or its result did not arrive. */
    private record Failed(RuntimeException error) implements Signal {
    }

    /** The caller enqueues the next batch of its document branch. */
    private record Lead(List<Waiter> batch) implements Signal {
    }

    /** The batch failed: the caller enqueues its own job alone. */
    private record Alone() implements Signal {
    }

    /**
     * A caller: {@code lead} completes when it is to enqueue the next batch (then it answers its batch,
     * itself included), {@code signal} with its answer.
     */
    private record Waiter(Job job, CompletableFuture<Lead> lead, CompletableFuture<Signal> signal) {
    }

    /** Estimated Avro bytes of an action besides its input and id. */
    private static final int ACTION_OVERHEAD_BYTES = 64;

    private final ReactorBackend backend;
    private final JobsResource jobs;
    private final int maxActions;
    private final int maxBytes;
    /** Per document branch with a job being enqueued: the callers waiting for the next batch. */
    private final Map<String, Deque<Waiter>> waiting = new HashMap<>();

    /**
     * @param maxActions the most actions in one job
     * @param maxJobBytes the largest job the queue accepts; batches stay under half of it
     */
    JobCoalescer(ReactorBackend backend, JobsResource jobs, int maxActions, int maxJobBytes) {
        this.backend = backend;
        this.jobs = jobs;
        this.maxActions = maxActions;
        this.maxBytes = maxJobBytes / 2;
    }

    /** Callers waiting for a batch, over all document branches. */
    int waitingCallers() {
        synchronized (waiting) {
            return waiting.values().stream().mapToInt(Deque::size).sum();
        }
    }

    /** Enqueues an EXECUTE job of actions, alone or with others of its document branch, and waits for its answer. */
    JobResult submitAndAwait(Job job) {
        String key = job.getDocumentId() + '/' + job.getBranch();
        Waiter me = new Waiter(job, new CompletableFuture<>(), new CompletableFuture<>());
        boolean leads;
        synchronized (waiting) {
            Deque<Waiter> queue = waiting.get(key);
            leads = queue == null;
            if (leads) {
                waiting.put(key, new ArrayDeque<>());
            } else {
                queue.add(me);
            }
        }
        Signal signal = leads ? new Lead(List.of(me)) : awaitTurn(key, me);
        if (signal instanceof Lead lead) {
            run(key, lead.batch());
            signal = me.signal().join();
        }
        if (signal instanceof Done done) {
            return done.result();
        }
        if (signal instanceof Failed failed) {
            throw failed.error();
        }
        backend.submit(job);
        return jobs.await(job.getJobId());
    }

    /** Waits to be batched; gives up (leaving the queue) after the longest a batch can take. */
    private Signal awaitTurn(String key, Waiter me) {
        long limitMillis = 2 * jobs.waitTimeout().toMillis() + Duration.ofSeconds(60).toMillis();
        try {
            return (Signal) CompletableFuture.anyOf(me.lead(), me.signal()).get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (waiting) {
                Deque<Waiter> queue = waiting.get(key);
                if (queue != null && queue.remove(me)) {
                    throw new ReactorException.WaitTimedOut("the request waited " + limitMillis
                        + " ms for other jobs of its document to be enqueued; retry");
                }
            }
            // Taken into a batch meanwhile: that batch always answers (or this caller leads it).
            return (Signal) CompletableFuture.anyOf(me.lead(), me.signal()).join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a coalesced request's signal failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReactorException.Unavailable("interrupted while waiting to enqueue");
        }
    }

    /**
     * Enqueues a batch, hands the document branch on to the next batch once the cluster acknowledged it,
     * then waits for the batch's result and answers every caller in it.
     */
    private void run(String key, List<Waiter> batch) {
        Job job = batch.size() == 1 ? batch.get(0).job() : combined(batch);
        try {
            try {
                backend.submit(job);
            } finally {
                handOn(key);
            }
            JobResult result = jobs.await(job.getJobId());
            answer(batch, result);
        } catch (RuntimeException e) {
            batch.forEach(waiter -> waiter.signal().complete(new Failed(e)));
        }
    }

    /** Starts the next batch of a document branch with the callers that waited, or closes it. */
    private void handOn(String key) {
        List<Waiter> next = new ArrayList<>();
        synchronized (waiting) {
            Deque<Waiter> queue = waiting.get(key);
            if (queue.isEmpty()) {
                waiting.remove(key);
                return;
            }
            int actions = 0;
            long bytes = 0;
            while (!queue.isEmpty()) {
                Job candidate = queue.peek().job();
                int moreActions = candidate.getActions().size();
                long moreBytes = bytes(candidate);
                if (!next.isEmpty() && (actions + moreActions > maxActions || bytes + moreBytes > maxBytes)) {
                    break;
                }
                next.add(queue.poll());
                actions += moreActions;
                bytes += moreBytes;
            }
        }
        next.get(0).lead().complete(new Lead(next));
    }

    private void answer(List<Waiter> batch, JobResult result) {
        if (batch.size() == 1) {
            batch.get(0).signal().complete(new Done(result));
            return;
        }
        if (result.getStatus() != JobStatus.COMPLETED) {
            // Nothing of the batch was written: each caller's job goes again on its own.
            batch.forEach(waiter -> waiter.signal().complete(new Alone()));
            return;
        }
        Map<String, OperationRef> byId = new HashMap<>();
        for (OperationRef ref : result.getOperations()) {
            byId.put(ref.getId(), ref);
        }
        for (Waiter waiter : batch) {
            List<OperationRef> own = new ArrayList<>();
            for (Action action : waiter.job().getActions()) {
                OperationRef ref = byId.get(IdRules.operationId(backend.reactorId(), action.getId()));
                if (ref != null) {
                    own.add(ref);
                }
            }
            waiter.signal().complete(new Done(JobResult.newBuilder(result).setOperations(own).build()));
        }
    }

    /** One job of a batch's actions, each caller's idempotency claim kept for its own run of actions. */
    private static Job combined(List<Waiter> batch) {
        List<Action> actions = new ArrayList<>();
        List<IdempotencyClaim> claims = new ArrayList<>();
        for (Waiter waiter : batch) {
            for (IdempotencyClaim claim : waiter.job().getIdempotency()) {
                claims.add(IdempotencyClaim.newBuilder(claim).setFirstAction(actions.size() + claim.getFirstAction()).build());
            }
            actions.addAll(waiter.job().getActions());
        }
        return Job.newBuilder(batch.get(0).job()).setJobId(UUID.randomUUID().toString()).setActions(actions)
            .setIdempotency(claims).setSubmittedUtcMs(System.currentTimeMillis()).build();
    }

    private static long bytes(Job job) {
        long bytes = 0;
        for (Action action : job.getActions()) {
            bytes += ACTION_OVERHEAD_BYTES + action.getId().length() + (action.getInput() == null ? 0 : action.getInput().length());
        }
        return bytes;
    }
}
