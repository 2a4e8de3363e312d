package dev.docreactor.reactor.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Waiting HTTP requests are woken by the stored result of their job only. */
class JobResultWaitersTest {

    @Test
    void shouldCompleteOnlyTheWaiterOfTheStoredJob() {
        JobResultWaiters waiters = new JobResultWaiters();
        CompletableFuture<JobResult> first = waiters.register("job-1");
        CompletableFuture<JobResult> second = waiters.register("job-2");

        assertThat(waiters.waitsFor("job-1")).as("job-1 is waited for").isTrue();
        assertThat(waiters.waitsFor("job-9")).as("job-9 is not").isFalse();
        waiters.stored("job-1", result("job-1"));

        assertThat(first).as("the waiter of job-1").isCompletedWithValueMatching(r -> r.getJobId().equals("job-1"));
        assertThat(second).as("the waiter of another job").isNotDone();
        assertThat(waiters.size()).as("job-1 no longer waited for").isEqualTo(1);
    }

    @Test
    void shouldWakeTheWaiterOfARepeatWithTheFirstJobsResultStoredUnderTheRepeatsId() {
        JobResultWaiters waiters = new JobResultWaiters();
        CompletableFuture<JobResult> repeat = waiters.register("repeat");

        waiters.stored("repeat", result("first"));

        assertThat(repeat).as("woken by the key the result is stored under, answered with the first job")
            .isCompletedWithValueMatching(r -> r.getJobId().equals("first"));
    }

    @Test
    void shouldIgnoreResultsNobodyWaitsForAndForgetOnRequest() {
        JobResultWaiters waiters = new JobResultWaiters();
        waiters.stored("unwatched", result("unwatched"));
        waiters.register("job-3");
        waiters.forget("job-3");
        assertThat(waiters.size()).as("nothing left").isZero();
    }

    private static JobResult result(String jobId) {
        return JobResult.newBuilder().setJobId(jobId).setDocumentId("d").setStatus(JobStatus.COMPLETED).build();
    }
}
