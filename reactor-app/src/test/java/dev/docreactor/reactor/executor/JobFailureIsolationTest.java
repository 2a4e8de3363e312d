package dev.docreactor.reactor.executor;

import static dev.docreactor.reactor.executor.ReactorDriver.action;
import static dev.docreactor.reactor.executor.ReactorDriver.create;
import static dev.docreactor.reactor.executor.ReactorDriver.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.Reduction;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever one job throws ends as that job's FAILED result and a dead letter; the stream thread goes
 * on with the next job. A document whose processing overflows the stack is marked unprocessable (in
 * its view and a metric) until a RESUME job clears the mark.
 */
class JobFailureIsolationTest {

    /** A model whose reducer overflows the stack on {@code OVERFLOW} and counts otherwise. */
    public static final class TrapModel implements DocumentModel {
        @Override
        public String type() {
            return "trap";
        }

        @Override
        public List<String> actionTypes() {
            return List.of("OVERFLOW", "COUNT");
        }

        @Override
        public JsonNode initialState(String scope) {
            return new JsonDocumentModel().initialState(scope);
        }

        @Override
        public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope) {
            if ("OVERFLOW".equals(actionType)) {
                throw new StackOverflowError("reducer recursed without end");
            }
            com.fasterxml.jackson.databind.node.ObjectNode next = state.deepCopy();
            next.put("count", state.path("count").asInt() + 1);
            return Reduction.applied(next);
        }
    }

    private ReactorDriver reactor;

    @BeforeEach
    void start() {
        reactor = new ReactorDriver("iso", 1_700_000_000_000L, DocumentModelRegistry.of(new TrapModel(), new JsonDocumentModel()));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    private JobResult count(String documentId) {
        return reactor.submit(execute(documentId, null, action("COUNT", "global", "{}")));
    }

    @Test
    void shouldFailTheJobMarkTheDocumentAndKeepServingOthersUntilResumed() {
        reactor.submit(create("trapped", "trap"));
        reactor.submit(create("other", "trap"));
        reactor.deadLetters();

        JobResult overflow = reactor.submit(execute("trapped", null, action("OVERFLOW", "global", "{}")));
        assertThat(overflow.getStatus()).as("the job that overflowed").isEqualTo(JobStatus.FAILED);
        assertThat(overflow.getError()).as("reason").contains("StackOverflowError");
        assertThat(reactor.deadLetters()).as("its dead letter").singleElement()
            .extracting(DeadLetter::getJobId).isEqualTo(overflow.getJobId());
        assertThat(reactor.document("trapped").getUnprocessable()).as("the view says the document is unprocessable")
            .contains("StackOverflowError");
        assertThat(metric("documents-marked-unprocessable-total")).as("the metric counts it").isEqualTo(1.0);

        JobResult later = count("trapped");
        assertThat(later.getStatus()).as("a later job of the marked document").isEqualTo(JobStatus.FAILED);
        assertThat(later.getError()).as("fails fast, saying how to resume").contains("marked unprocessable")
            .contains("reactorctl resume trapped");
        assertThat(count("other").getStatus()).as("another document on the same partition").isEqualTo(JobStatus.COMPLETED);

        Job resume = Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.RESUME).setDocumentId("trapped").build();
        assertThat(reactor.submit(resume).getStatus()).as("RESUME").isEqualTo(JobStatus.COMPLETED);
        assertThat(reactor.document("trapped").getUnprocessable()).as("mark cleared in the view").isNull();
        assertThat(count("trapped").getStatus()).as("the document works again").isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void shouldFailAJobWithMoreActionsThanAllowed() {
        reactor.submit(create("many", "trap"));
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i <= reactor.config.limits().maxActionsPerJob(); i++) {
            actions.add(action("COUNT", "global", "{}"));
        }
        JobResult result = reactor.submit(execute("many", null, actions.toArray(Action[]::new)));
        assertThat(result.getStatus()).as("too many actions").isEqualTo(JobStatus.FAILED);
        assertThat(result.getError()).as("reason").contains("reactor.max.actions.per.job");
        assertThat(reactor.document("many").getScopes().get("global").getRevision()).as("nothing applied").isZero();
    }

    @Test
    void shouldRecordAJobWhoseTransactionWasAbortedAsFailedWhenProcessedAgain() {
        reactor.submit(create("refused", "trap"));
        reactor.deadLetters();
        // The production exception handler remembers the queue position of a job whose record the producer
        // refused; Kafka Streams then processes that job again. The next record on the queue is at offset 1.
        FailedJobs.of(reactor.config.applicationId()).remember(reactor.config.queueTopic(), 0, 1,
            "a record of this job for topic x was refused: RecordTooLargeException");
        JobResult again = count("refused");
        assertThat(again.getStatus()).as("processed again after the abort").isEqualTo(JobStatus.FAILED);
        assertThat(again.getError()).as("with the reason the handler recorded").contains("RecordTooLargeException");
        assertThat(reactor.deadLetters()).as("and a dead letter").singleElement().extracting(DeadLetter::getJobId)
            .isEqualTo(again.getJobId());
        assertThat(count("refused").getStatus()).as("the next job runs").isEqualTo(JobStatus.COMPLETED);
        assertThat(reactor.document("refused").getScopes().get("global").getRevision())
            .as("only the job after it applied").isEqualTo(1L);
    }

    private double metric(String name) {
        return reactor.driver.metrics().entrySet().stream()
            .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(ReactorMetrics.GROUP))
            .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).reduce(0.0, Double::sum);
    }
}
