package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.contract.IdRules;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.IdempotencyClaim;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.OperationRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent waiting requests of one document share a job; each caller gets its own answer. */
class JobCoalescerTest {

    /**
     * Enqueues instantly except the first job, whose acknowledgement waits for {@link #acknowledgeFirst}; a
     * job's result is COMPLETED with one operation per action unless an action's type is {@code BAD}, which
     * fails the whole job (nothing written), as the reactor does.
     */
    private static final class ScriptedBackend extends FakeBackend {
        final CountDownLatch acknowledgeFirst = new CountDownLatch(1);
        private final Map<String, JobResult> results = new ConcurrentHashMap<>();

        @Override
        public void submit(Job job) {
            boolean first = submitted.isEmpty();
            super.submit(job);
            if (first) {
                try {
                    acknowledgeFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean bad = job.getActions().stream().anyMatch(action -> action.getType().equals("BAD"));
            List<OperationRef> refs = new ArrayList<>();
            long index = 0;
            for (Action action : job.getActions()) {
                refs.add(OperationRef.newBuilder().setId(IdRules.operationId(reactorId(), action.getId())).setScope("global")
                    .setBranch("main").setIndex(index++).setHash("h").setError(null).build());
            }
            results.put(job.getJobId(), JobResult.newBuilder().setJobId(job.getJobId()).setDocumentId(job.getDocumentId())
                .setStatus(bad ? JobStatus.FAILED : JobStatus.COMPLETED).setError(bad ? "rejected" : null)
                .setOperations(bad ? List.of() : refs).setCompletedUtcMs(0L).build());
        }

        @Override
        public Optional<JobResult> awaitLocalJobResult(String jobId, Duration maxWait) {
            return Optional.ofNullable(results.get(jobId));
        }
    }

    private final ScriptedBackend backend = new ScriptedBackend();
    private final JobCoalescer coalescer = new JobCoalescer(backend, new JobsResource(backend, Duration.ofSeconds(10)), 100,
        1 << 20);

    private static Job job(String jobId, String... actionTypes) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < actionTypes.length; i++) {
            actions.add(Action.newBuilder().setId(jobId + "-a" + i).setType(actionTypes[i]).setScope("global").setInput("[]")
                .setTimestampUtcMs(0L).build());
        }
        return Job.newBuilder().setJobId(jobId).setKind(JobKind.EXECUTE).setDocumentId("doc").setBranch("main")
            .setActions(actions).setSubmittedUtcMs(0L).build();
    }

    private static List<String> operationIds(JobResult result) {
        return result.getOperations().stream().map(OperationRef::getId).toList();
    }

    @Test
    void shouldEnqueueALoneRequestAsItIs() {
        backend.acknowledgeFirst.countDown();

        JobResult result = coalescer.submitAndAwait(job("j1", "PATCH"));

        assertThat(backend.submitted).as("one job, the caller's own").extracting(Job::getJobId).containsExactly("j1");
        assertThat(result.getJobId()).as("the caller's job id").isEqualTo("j1");
    }

    @Test
    void shouldCoalesceRequestsArrivingWhileAJobOfTheirDocumentIsEnqueuedAndAnswerEachWithItsOwnOperations() {
        CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("j1", "PATCH")));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.submitted.size() == 1);
        CompletableFuture<JobResult> second = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("j2", "PATCH")));
        CompletableFuture<JobResult> third = CompletableFuture.supplyAsync(
            () -> coalescer.submitAndAwait(job("j3", "PATCH", "PATCH")));
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingCallers() == 2);

        backend.acknowledgeFirst.countDown();

        assertThat(operationIds(first.join())).as("first caller").containsExactly("fake:j1-a0");
        assertThat(operationIds(second.join())).as("second caller: its own operation only").containsExactly("fake:j2-a0");
        assertThat(operationIds(third.join())).as("third caller: its own two operations")
            .containsExactly("fake:j3-a0", "fake:j3-a1");
        assertThat(backend.submitted).as("the two waiting requests went as one job of three actions").hasSize(2);
        assertThat(backend.submitted.get(1).getActions()).as("actions of the coalesced job").hasSize(3);
    }

    @Test
    void shouldRetryEachCallerAloneWhenACoalescedJobFailsSoOneRejectedActionFailsOnlyItsCaller() {
        CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("j1", "PATCH")));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.submitted.size() == 1);
        CompletableFuture<JobResult> good = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("good", "PATCH")));
        CompletableFuture<JobResult> bad = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("bad", "BAD")));
        await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingCallers() == 2);

        backend.acknowledgeFirst.countDown();

        assertThat(first.join().getStatus()).as("first caller").isEqualTo(JobStatus.COMPLETED);
        assertThat(good.join().getStatus()).as("the good caller completes after its retry alone").isEqualTo(JobStatus.COMPLETED);
        assertThat(good.join().getJobId()).as("answered by its own job").isEqualTo("good");
        assertThat(bad.join().getStatus()).as("the bad caller fails").isEqualTo(JobStatus.FAILED);
        assertThat(backend.submitted).as("first, the failed batch, then each caller alone").hasSize(4);
    }

    @Test
    void shouldKeepEachKeyedCallersClaimForItsOwnActionsInACoalescedJob() {
        CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(job("j1", "PATCH")));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.submitted.size() == 1);
        List<CompletableFuture<JobResult>> callers = new ArrayList<>();
        Job[] jobs = {job("plain", "PATCH"), keyed(job("k3", "PATCH", "PATCH"), "key-3"), keyed(job("k4", "PATCH"), "key-4")};
        for (Job each : jobs) {
            callers.add(CompletableFuture.supplyAsync(() -> coalescer.submitAndAwait(each)));
            int expected = callers.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingCallers() == expected);
        }

        backend.acknowledgeFirst.countDown();
        first.join();
        callers.forEach(CompletableFuture::join);

        Job batch = backend.submitted.get(1);
        assertThat(batch.getActions()).as("the coalesced job's actions").hasSize(4);
        assertThat(batch.getIdempotency()).as("one claim per keyed caller, over its own actions in the batch")
            .extracting(c -> c.getKey() + "@" + c.getFirstAction() + "+" + c.getActionCount())
            .containsExactly("key-3@1+2", "key-4@3+1");
        assertThat(batch.getIdempotency()).extracting(IdempotencyClaim::getRequestHash).as("each caller's own request hash")
            .containsExactly("hash-key-3", "hash-key-4");
    }

    private static Job keyed(Job job, String key) {
        job.setIdempotency(List.of(IdempotencyKeys.claim(key, "hash-" + key, job.getActions().size())));
        return job;
    }
}
