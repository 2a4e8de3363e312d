package dev.docreactor.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where replaying a dead letter sends what: always the queue, never an event bus. */
class DeadLetterReplayPlanTest {

    private static final String QUEUE = "a.queue";

    private static Job job(String id, String documentId) {
        return Job.newBuilder().setJobId(id).setKind(JobKind.EXECUTE).setDocumentId(documentId)
            .setActions(List.of(Action.newBuilder().setId("x").setType("ADD_TODO").build())).build();
    }

    private static Operation operation() {
        return Operation.newBuilder().setId("b:1").setDocumentId("doc").setDocumentType("todo-list").setScope("global")
            .setIndex(3).setTimestampUtcMs(1).setClock(1).setHash("h").setOrigin("b")
            .setAction(Action.newBuilder().setId("1").setType("ADD_TODO").build()).build();
    }

    private static DeadLetter letter(String sourceTopic, byte[] key, byte[] value) {
        return DeadLetter.newBuilder().setReason("r").setSourceTopic(sourceTopic).setSourcePartition(2).setSourceOffset(40)
            .setOriginalKey(key == null ? null : ByteBuffer.wrap(key)).setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
            .build();
    }

    @Test
    void shouldReplayQueueRecordByteForByte() {
        byte[] value = AvroSerdes.job().format().encode(job("j1", "doc"));
        byte[] key = "doc".getBytes(StandardCharsets.UTF_8);

        DeadLetterReplayPlan.Decision decision = DeadLetterReplayPlan.plan(letter(QUEUE, key, value), QUEUE);

        assertThat(decision).as("a replay").isInstanceOf(DeadLetterReplayPlan.Replay.class);
        DeadLetterReplayPlan.Replay replay = (DeadLetterReplayPlan.Replay) decision;
        assertThat(replay.value()).as("the original value").isEqualTo(value);
        assertThat(replay.key()).as("the original key").isEqualTo(key);
        assertThat(replay.jobId()).as("job id").isEqualTo("j1");
    }

    @Test
    void shouldKeyConnectorRejectedJobByItsDocument() {
        byte[] value = AvroSerdes.job().format().encode(job("load:1", "doc-7"));

        DeadLetterReplayPlan.Decision decision = DeadLetterReplayPlan.plan(letter("reactor-a-operations-changelog", null, value), QUEUE);

        DeadLetterReplayPlan.Replay replay = (DeadLetterReplayPlan.Replay) decision;
        assertThat(new String(replay.key(), StandardCharsets.UTF_8)).as("keyed by document id").isEqualTo("doc-7");
        assertThat(replay.value()).as("the job as it was").isEqualTo(value);
    }

    @Test
    void shouldTurnDeadLetteredOperationIntoLoadJobFromTheEventBusReactor() {
        byte[] value = AvroSerdes.operation().format().encode(operation());

        DeadLetterReplayPlan.Decision decision = DeadLetterReplayPlan.plan(letter("reactor-b-operations-changelog", null, value), QUEUE);

        DeadLetterReplayPlan.Replay replay = (DeadLetterReplayPlan.Replay) decision;
        Job load = AvroSerdes.job().format().decode(replay.value());
        assertThat(load.getKind()).as("kind").isEqualTo(JobKind.LOAD);
        assertThat(load.getSource()).as("source reactor from the event-bus topic").isEqualTo("b");
        assertThat(load.getOperations()).as("the one operation").extracting(Operation::getId).containsExactly("b:1");
        assertThat(load.getJobId()).as("a stable id naming the source record").isEqualTo("replay:reactor-b-operations-changelog:2:40");
        assertThat(new String(replay.key(), StandardCharsets.UTF_8)).as("keyed by document id").isEqualTo("doc");
    }

    @Test
    void shouldSkipUndecodableAndEmptyLetters() {
        assertThat(DeadLetterReplayPlan.plan(letter(QUEUE, null, "garbage".getBytes(StandardCharsets.UTF_8)), QUEUE))
            .as("bytes that are neither a job nor an operation").isInstanceOf(DeadLetterReplayPlan.Skip.class);
        assertThat(DeadLetterReplayPlan.plan(letter(QUEUE, null, null), QUEUE))
            .as("no original value").isInstanceOf(DeadLetterReplayPlan.Skip.class);
    }
}
