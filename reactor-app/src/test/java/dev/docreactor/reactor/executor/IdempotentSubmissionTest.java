package dev.docreactor.reactor.executor;

import static dev.docreactor.reactor.executor.ReactorDriver.action;
import static dev.docreactor.reactor.executor.ReactorDriver.create;
import static dev.docreactor.reactor.executor.ReactorDriver.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.IdempotencyClaim;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys in the executor (a TopologyTestDriver): a repeat of a completed request is answered
 * with the first job's result and applies nothing; a key reused for another request is refused; failed
 * requests are not remembered; batches keep each request's own key; keys expire after the retention.
 */
class IdempotentSubmissionTest {

    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final String DOC = "doc-1";

    private ReactorDriver reactor;

    @BeforeEach
    void start() {
        reactor = new ReactorDriver("r1", 1_700_000_000_000L, new DocumentModelRegistry(),
            Map.of(ReactorConfig.IDEMPOTENCY_RETENTION_MS, RETENTION.toMillis()));
        assertThat(reactor.submit(create(DOC, "json")).getStatus()).as("document created").isEqualTo(JobStatus.COMPLETED);
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void shouldAnswerARepeatWithTheFirstJobsResultAndApplyItOnce() {
        JobResult first = reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        Job retry = keyed(increment(1), "key-1", "hash-a");
        JobResult repeat = reactor.submit(retry);

        assertThat(first.getStatus()).as("first attempt").isEqualTo(JobStatus.COMPLETED);
        assertThat(repeat).as("the retry's result (published under the retry's job id) is the first job's, job id included")
            .isEqualTo(first);
        assertThat(reactor.jobResult(retry.getJobId()).getJobId()).as("GET /jobs/{retry} maps to the first job")
            .isEqualTo(first.getJobId());
        assertThat(patchesOnEventBus()).as("operations applied once").isEqualTo(1);
        assertThat(state()).as("state after one application").isEqualTo("{\"n\":1}");
        assertThat(reactor.deadLetters()).as("a repeat is no failure").isEmpty();
    }

    @Test
    void shouldRefuseAKeyReusedForAnotherRequest() {
        JobResult first = reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        JobResult other = reactor.submit(keyed(increment(2), "key-1", "hash-b"));

        assertThat(other.getStatus()).as("a key reused with another request").isEqualTo(JobStatus.FAILED);
        assertThat(other.getError()).as("the reason names the key, the first job and the fix")
            .contains("key-1").contains("different request").contains(first.getJobId()).contains("new key");
        assertThat(patchesOnEventBus()).as("only the first request applied").isEqualTo(1);
        assertThat(reactor.deadLetters()).as("the refused job is dead-lettered").hasSize(1);
    }

    @Test
    void shouldRunAgainARequestWhoseFirstAttemptFailed() {
        Job onMissing = keyed(execute("doc-later", null, patch("{\"n\":1}")), "key-1", "hash-a");
        JobResult failed = reactor.submit(onMissing);
        assertThat(failed.getStatus()).as("first attempt, document missing").isEqualTo(JobStatus.FAILED);
        assertThat(failed.getError()).as("reason").contains(DocumentLifecycle.MISSING);

        reactor.submit(create("doc-later", "json"));
        Job retry = keyed(execute("doc-later", null, patch("{\"n\":1}")), "key-1", "hash-a");
        JobResult second = reactor.submit(retry);

        assertThat(second.getStatus()).as("a failed job wrote nothing and was not remembered: its retry runs")
            .isEqualTo(JobStatus.COMPLETED);
        assertThat(second.getJobId()).as("the retry answers as itself").isEqualTo(retry.getJobId());
    }

    @Test
    void shouldKeepKeysPerDocument() {
        reactor.submit(create("doc-2", "json"));
        JobResult first = reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        Job elsewhere = keyed(execute("doc-2", null, patch("{\"n\":1}")), "key-1", "hash-a");
        JobResult second = reactor.submit(elsewhere);

        assertThat(first.getStatus()).as("doc-1").isEqualTo(JobStatus.COMPLETED);
        assertThat(second.getJobId()).as("the same key on another document is another request").isEqualTo(elsewhere.getJobId());
        assertThat(second.getStatus()).as("doc-2").isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void shouldRememberEachRequestOfABatchWithItsOwnOperations() {
        Action a = patch("{\"a\":1}");
        Action b = patch("{\"b\":1}");
        Job batch = execute(DOC, null, a, b);
        batch.setIdempotency(List.of(claim("key-a", "hash-a", 0, 1), claim("key-b", "hash-b", 1, 1)));
        JobResult batchResult = reactor.submit(batch);
        assertThat(batchResult.getStatus()).as("batch").isEqualTo(JobStatus.COMPLETED);

        JobResult repeatOfB = reactor.submit(keyed(execute(DOC, null, patch("{\"b\":1}")), "key-b", "hash-b"));

        assertThat(repeatOfB.getJobId()).as("the repeat answers with the batch's job").isEqualTo(batch.getJobId());
        assertThat(repeatOfB.getOperations()).extracting(OperationRef::getId).as("only the operations of the repeated request")
            .containsExactly("r1:" + b.getId());
        assertThat(patchesOnEventBus()).as("nothing applied again").isEqualTo(2);
    }

    @Test
    void shouldFailABatchHoldingARepeatUnappliedAndWithoutDeadLetter() {
        reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        Job batch = execute(DOC, null, patch("{\"x\":1}"), patch("{\"n\":1}"));
        batch.setIdempotency(List.of(claim("key-2", "hash-x", 0, 1), claim("key-1", "hash-a", 1, 1)));
        JobResult known = reactor.submit(batch);
        Job twice = execute(DOC, null, patch("{\"y\":1}"), patch("{\"y\":1}"));
        twice.setIdempotency(List.of(claim("key-3", "hash-y", 0, 1), claim("key-3", "hash-y", 1, 1)));
        JobResult repeatedWithin = reactor.submit(twice);

        assertThat(known.getStatus()).as("a batch holding a completed request").isEqualTo(JobStatus.FAILED);
        assertThat(known.getError()).as("reason").contains("key-1").contains("one by one");
        assertThat(repeatedWithin.getStatus()).as("a batch holding one key twice").isEqualTo(JobStatus.FAILED);
        assertThat(patchesOnEventBus()).as("neither batch applied anything").isEqualTo(1);
        assertThat(reactor.deadLetters()).as("the API enqueues such a batch's requests again: no dead letter").isEmpty();
    }

    @Test
    void shouldDeadLetterMalformedClaims() {
        Job outOfRange = execute(DOC, null, patch("{\"n\":1}"));
        outOfRange.setIdempotency(List.of(claim("key-1", "hash-a", 0, 2)));
        Job badKey = execute(DOC, null, patch("{\"n\":1}"));
        badKey.setIdempotency(List.of(claim("bad/key", "hash-a", 0, 1)));
        Job longHash = execute(DOC, null, patch("{\"n\":1}"));
        longHash.setIdempotency(List.of(claim("key-1", "h".repeat(IdempotentRequests.MAX_HASH_LENGTH + 1), 0, 1)));

        assertThat(reactor.submit(outOfRange).getError()).as("claim beyond the job's actions").contains("names actions 0..1");
        assertThat(reactor.submit(badKey).getError()).as("key outside the client id rule").contains("is invalid");
        assertThat(reactor.submit(longHash).getError()).as("hash too long").contains("request hash");
        assertThat(patchesOnEventBus()).as("nothing applied").isZero();
        assertThat(reactor.deadLetters()).as("each malformed job is dead-lettered").hasSize(3);
    }

    @Test
    void shouldForgetKeysAfterTheRetention() {
        JobResult first = reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        assertThat(reactor.bookkeepingKeys("k/")).as("the completed request is remembered").hasSize(1);
        assertThat(reactor.bookkeepingKeys("x/")).as("and indexed by time").hasSize(1);

        reactor.advanceWallClock(RETENTION.plusMinutes(1));

        assertThat(reactor.bookkeepingKeys("k/")).as("the expired entry is purged").isEmpty();
        assertThat(reactor.bookkeepingKeys("x/")).as("with its index entry").isEmpty();
        Job late = keyed(increment(1), "key-1", "hash-a");
        JobResult again = reactor.submit(late);
        assertThat(again.getJobId()).as("after the retention a repeat is a new request").isEqualTo(late.getJobId())
            .isNotEqualTo(first.getJobId());
        assertThat(patchesOnEventBus()).as("applied again after expiry (documented)").isEqualTo(2);
    }

    @Test
    void shouldTreatAnExpiredEntryAsUnknownEvenBeforeItIsPurged() {
        reactor.submit(keyed(increment(1), "key-1", "hash-a"));
        // The clock of the merge moves on, but no punctuation runs: the entry is still stored.
        reactor.wallClock.addAndGet(RETENTION.toMillis());
        assertThat(reactor.bookkeepingKeys("k/")).as("not purged yet").hasSize(1);

        Job late = keyed(increment(1), "key-1", "hash-b");
        JobResult again = reactor.submit(late);

        assertThat(again.getStatus()).as("an expired key is free, even for another request").isEqualTo(JobStatus.COMPLETED);
        assertThat(again.getJobId()).as("answered as itself").isEqualTo(late.getJobId());
        reactor.advanceWallClock(Duration.ofMinutes(1));
        assertThat(reactor.bookkeepingKeys("k/")).as("the purge of the old index entry keeps the new entry").hasSize(1);
        assertThat(reactor.bookkeepingKeys("x/")).as("only the new index entry is left").hasSize(1);
    }

    private Job increment(int n) {
        return execute(DOC, null, patch("{\"n\":" + n + "}"));
    }

    private static Action patch(String object) {
        var node = CanonicalJson.parse(object);
        List<String> ops = new ArrayList<>();
        node.fields().forEachRemaining(field -> ops.add("{\"op\":\"add\",\"path\":\"/" + field.getKey() + "\",\"value\":"
            + CanonicalJson.write(field.getValue()) + "}"));
        return action("PATCH", "global", "[" + String.join(",", ops) + "]");
    }

    private static Job keyed(Job job, String key, String hash) {
        job.setIdempotency(List.of(claim(key, hash, 0, job.getActions().size())));
        return job;
    }

    private static IdempotencyClaim claim(String key, String hash, int first, int count) {
        return IdempotencyClaim.newBuilder().setKey(key).setRequestHash(hash).setFirstAction(first).setActionCount(count).build();
    }

    private long patchesOnEventBus() {
        return reactor.eventBus().stream().map(Operation::getAction).filter(a -> a.getType().equals("PATCH")).count();
    }

    private String state() {
        return reactor.document(DOC).getScopes().get("global").getState();
    }
}
