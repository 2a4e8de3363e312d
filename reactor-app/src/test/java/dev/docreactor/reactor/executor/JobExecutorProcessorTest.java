package dev.docreactor.reactor.executor;

import static dev.docreactor.reactor.executor.ReactorDriver.action;
import static dev.docreactor.reactor.executor.ReactorDriver.create;
import static dev.docreactor.reactor.executor.ReactorDriver.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job executor in a TopologyTestDriver: indices, hashes, atomic jobs, bad input and job status. */
class JobExecutorProcessorTest {

    private ReactorDriver reactor;

    @BeforeEach
    void start() {
        reactor = new ReactorDriver("r1", 1_700_000_000_000L);
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void shouldAppendOperationsWithConsecutiveIndicesAndStateHashes() {
        assertThat(reactor.submit(create("doc-1", "json")).getStatus()).as("creation").isEqualTo(JobStatus.COMPLETED);
        JobResult first = reactor.submit(execute("doc-1", null,
            action("PATCH", "global", "[{\"op\":\"add\",\"path\":\"/title\",\"value\":\"hello\"}]")));
        JobResult second = reactor.submit(execute("doc-1", null,
            action("PATCH", "global", "[{\"op\":\"add\",\"path\":\"/count\",\"value\":1}]"),
            action("PATCH", "global", "[{\"op\":\"replace\",\"path\":\"/count\",\"value\":2}]")));

        assertThat(first.getStatus()).as("first job").isEqualTo(JobStatus.COMPLETED);
        assertThat(second.getStatus()).as("second job").isEqualTo(JobStatus.COMPLETED);
        assertThat(first.getOperations()).extracting(OperationRef::getIndex).as("first index of the global stream").containsExactly(0L);
        assertThat(second.getOperations()).extracting(OperationRef::getIndex).as("next indices").containsExactly(1L, 2L);

        String expectedHash = StateTree.hash(CanonicalJson.parse("{\"count\":2,\"title\":\"hello\"}"));
        assertThat(second.getOperations().get(1).getHash()).as("hash of the state after the last action").isEqualTo(expectedHash);

        List<Operation> global = reactor.eventBus().stream().filter(op -> op.getScope().equals("global")).toList();
        assertThat(global).extracting(Operation::getIndex).as("event bus indices").containsExactly(0L, 1L, 2L);
        assertThat(global).allSatisfy(op -> {
            assertThat(op.getOrigin()).as("origin").isEqualTo("r1");
            assertThat(op.getId()).as("stable id derived from origin and action id").isEqualTo("r1:" + op.getAction().getId());
            assertThat(op.getSkip()).as("no rebase").isZero();
        });
        assertThat(global.get(2).getClock()).as("clock grows").isGreaterThan(global.get(1).getClock());

        DocumentSnapshot view = reactor.document("doc-1");
        assertThat(view.getScopes().get("global").getRevision()).as("revision").isEqualTo(3L);
        assertThat(CanonicalJson.parse(view.getScopes().get("global").getState())).as("state in the view")
            .isEqualTo(CanonicalJson.parse("{\"count\":2,\"title\":\"hello\"}"));
        assertThat(view.getScopes().get("global").getHash()).as("hash in the view").isEqualTo(expectedHash);
    }

    @Test
    void shouldApplyAllActionsOfAJobOrNone() {
        reactor.submit(create("doc-1", "todo-list"));
        int before = reactor.eventBus().size();
        Job job = execute("doc-1", null,
            action("ADD_TODO", "global", "{\"id\":\"t1\",\"text\":\"milk\"}"),
            action("TOGGLE_TODO", "global", "{\"id\":\"no-such-todo\"}"));
        JobResult result = reactor.submit(job);

        assertThat(result.getStatus()).as("job with a rejected action").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason names the rejection").contains("no-such-todo");
        assertThat(reactor.eventBus()).as("nothing appended by the failed job").hasSize(before);
        assertThat(reactor.document("doc-1").getScopes().get("global").getRevision()).as("global scope untouched").isZero();
        List<DeadLetter> letters = reactor.deadLetters();
        assertThat(letters).as("a dead letter for the failed job").hasSize(1);
        assertThat(letters.get(0).getJobId()).as("dead letter names the job").isEqualTo(job.getJobId());
    }

    @Test
    void shouldDeadLetterUndecodableRecordAndContinue() {
        byte[] garbage = "definitely not an Avro job".getBytes(StandardCharsets.UTF_8);
        reactor.submitRaw("doc-x", garbage);
        List<DeadLetter> letters = reactor.deadLetters();
        assertThat(letters).as("one dead letter").hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getReason()).as("reason").contains("undecodable job").contains("not Avro single-object encoding");
        assertThat(letter.getSourceTopic()).as("source topic").isEqualTo("r1.queue");
        assertThat(letter.getSourceOffset()).as("source offset").isEqualTo(0L);
        assertThat(letter.getOriginalValue().array()).as("original bytes kept").isEqualTo(garbage);

        assertThat(reactor.submit(create("doc-1", "json")).getStatus()).as("the next job still runs").isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void shouldFailCreationOfUnknownDocumentType() {
        JobResult result = reactor.submit(create("doc-1", "no-such-model"));
        assertThat(result.getStatus()).as("status").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason").contains("no-such-model");
        assertThat(reactor.deadLetters()).as("dead letter").hasSize(1);
    }

    @Test
    void shouldFailActionOnMissingDocument() {
        JobResult result = reactor.submit(execute("ghost", null, action("PATCH", "global", "[]")));
        assertThat(result.getStatus()).as("status").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason").contains("document does not exist");
        assertThat(reactor.deadLetters()).as("dead letter").hasSize(1);
    }

    @Test
    void shouldFailActionOnDeletedDocument() {
        reactor.submit(create("doc-1", "json"));
        assertThat(reactor.submit(execute("doc-1", null, action("DELETE_DOCUMENT", "document", "null"))).getStatus())
            .as("deletion").isEqualTo(JobStatus.COMPLETED);
        JobResult result = reactor.submit(execute("doc-1", null, action("PATCH", "global", "[]")));
        assertThat(result.getStatus()).as("action after delete").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason").contains("deleted");
        assertThat(reactor.document("doc-1").getDeleted()).as("view marks the document deleted").isTrue();
    }

    @Test
    void shouldFailRejectedActionWithReducerReason() {
        reactor.submit(create("doc-1", "json"));
        JobResult result = reactor.submit(execute("doc-1", null,
            action("PATCH", "global", "[{\"op\":\"remove\",\"path\":\"/missing\"}]")));
        assertThat(result.getStatus()).as("status").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason from the reducer").isNotBlank();
        assertThat(reactor.deadLetters()).as("dead letter").hasSize(1);
    }

    @Test
    void shouldDeadLetterOversizedRecord() {
        byte[] huge = new byte[reactor.config.maxJobBytes() + 1];
        reactor.submitRaw("doc-1", huge);
        List<DeadLetter> letters = reactor.deadLetters();
        assertThat(letters).as("dead letter").hasSize(1);
        assertThat(letters.get(0).getReason()).as("reason").contains("larger than reactor.max.job.bytes");
    }

    @Test
    void shouldFailJobKeyedByAnotherDocument() {
        Job job = create("doc-1", "json");
        reactor.submitRaw("doc-2", dev.docreactor.serde.AvroSerdes.job().serializer().serialize("q", job));
        assertThat(reactor.jobResult(job.getJobId()).getStatus()).as("status").isEqualTo(JobStatus.FAILED);
        assertThat(reactor.jobResult(job.getJobId()).getError()).as("reason").contains("keyed by document id");
    }

    @Test
    void shouldRecordJobStatusByJobId() {
        Job ok = create("doc-1", "json");
        reactor.submit(ok);
        Job bad = execute("doc-1", null, action("NOPE", "global", "{}"));
        reactor.submit(bad);
        assertThat(reactor.jobResult(ok.getJobId()).getStatus()).as("completed job").isEqualTo(JobStatus.COMPLETED);
        assertThat(reactor.jobResult(ok.getJobId()).getOperations()).as("its operations").hasSize(1);
        assertThat(reactor.jobResult(bad.getJobId()).getStatus()).as("failed job").isEqualTo(JobStatus.FAILED);
        assertThat(reactor.jobResult(bad.getJobId()).getError()).as("failed job's reason").contains("NOPE");
    }

    @Test
    void shouldKeepScopesAsIndependentStreams() {
        reactor.submit(create("doc-1", "todo-list"));
        reactor.submit(execute("doc-1", null,
            action("ADD_TODO", "global", "{\"id\":\"g\",\"text\":\"global\"}"),
            action("ADD_TODO", "local", "{\"id\":\"l\",\"text\":\"local\"}"),
            action("ADD_TODO", "global", "{\"id\":\"g2\",\"text\":\"global 2\"}")));
        DocumentSnapshot view = reactor.document("doc-1");
        assertThat(view.getScopes().get("global").getRevision()).as("global revision").isEqualTo(2L);
        assertThat(view.getScopes().get("local").getRevision()).as("local revision").isEqualTo(1L);
        assertThat(reactor.eventBus().stream().filter(op -> op.getScope().equals("local")).map(Operation::getIndex))
            .as("local stream indices start at 0").containsExactly(0L);
    }

    @Test
    void shouldCountOperationsAndFailedJobsInMetrics() {
        reactor.submit(create("doc-1", "json"));
        reactor.submit(execute("doc-1", null,
            action("PATCH", "global", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"),
            action("PATCH", "global", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")));
        reactor.submit(execute("doc-1", null, action("NOPE", "global", "{}")));

        assertThat(metric("jobs-total")).as("jobs taken").isEqualTo(3.0);
        assertThat(metric("operations-appended-total")).as("operations, not jobs: creation + two actions").isEqualTo(3.0);
        assertThat(metric("failed-jobs-total")).as("failed jobs").isEqualTo(1.0);
        assertThat(metric("rebases-total")).as("no rebase without concurrent writes").isEqualTo(0.0);
    }

    private double metric(String name) {
        return reactor.driver.metrics().entrySet().stream()
            .filter(e -> e.getKey().group().equals(ReactorMetrics.GROUP) && e.getKey().name().equals(name))
            .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
            .sum();
    }
}
