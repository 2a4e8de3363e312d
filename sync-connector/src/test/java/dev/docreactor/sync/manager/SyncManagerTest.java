package dev.docreactor.sync.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.Ops;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncManagerTest {

    private static final String BUS = "reactor-b-operations-changelog";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

    private final SyncManager manager = new SyncManager(SyncSettings.of("b", "a", SyncFilter.all()), CLOCK);

    @Test
    void shouldBatchOneDocumentsOperationsIntoOneLoadJobInOrder() {
        List<EventRecord> records = List.of(
            Ops.record(BUS, 0, 10, Ops.op("b", "d1", 0)),
            Ops.record(BUS, 0, 11, Ops.op("b", "d2", 0)),
            Ops.record(BUS, 0, 12, Ops.op("b", "d1", 1)),
            Ops.record(BUS, 0, 13, Ops.op("b", "d1", 2)));

        SyncPlan plan = manager.plan(records);

        assertThat(plan.outbound()).as("one job per document").hasSize(2);
        Job d1 = plan.outbound().get(0).job();
        assertThat(d1.getKind()).as("kind").isEqualTo(JobKind.LOAD);
        assertThat(d1.getDocumentId()).as("document").isEqualTo("d1");
        assertThat(d1.getOperations()).extracting(Operation::getIndex).as("d1's operations in order")
            .containsExactly(0L, 1L, 2L);
        assertThat(d1.getSource()).as("source reactor").isEqualTo("b");
        assertThat(d1.getDocumentType()).as("document type").isEqualTo("todo");
        assertThat(new String(plan.outbound().get(0).key(), StandardCharsets.UTF_8)).as("queue key").isEqualTo("d1");
        Job decoded = AvroSerdes.job().deserializer().deserialize("a.queue", plan.outbound().get(0).value());
        assertThat(decoded).as("the encoded value is the job").isEqualTo(d1);
    }

    @Test
    void shouldGiveEachRecordACursorThatNeverSkipsUnwrittenOperations() {
        List<EventRecord> records = List.of(
            Ops.record(BUS, 0, 10, Ops.op("b", "d1", 0)),
            Ops.record(BUS, 0, 11, Ops.op("b", "d2", 0)),
            Ops.record(BUS, 0, 12, Ops.op("b", "d1", 1)),
            Ops.record(BUS, 0, 13, Ops.op("b", "d1", 0, "local")),
            Ops.record(BUS, 1, 5, Ops.op("b", "d3", 0)));

        SyncPlan plan = manager.plan(records);

        assertThat(plan.outbound()).extracting(Outbound::sourcePartition, Outbound::firstOffset, Outbound::cursorAfter)
            .as("d1 (10,12) resumes at 11 = d2's first; d2 at the partition end; partition 1 at its end")
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 10L, 11L),
                org.assertj.core.groups.Tuple.tuple(0, 11L, 14L),
                org.assertj.core.groups.Tuple.tuple(1, 5L, 6L));
        assertThat(plan.endCursors()).as("end per partition").containsEntry(0, 14L).containsEntry(1, 6L);
    }

    @Test
    void shouldTurnEchoesIntoAcknowledgementsAndNeverLoadThemBack() {
        Operation echo = Ops.op("a", "d1", 0);
        Operation remote = Ops.op("b", "d1", 1);
        SyncPlan plan = manager.plan(List.of(Ops.record(BUS, 0, 0, echo), Ops.record(BUS, 0, 1, remote)));

        assertThat(plan.outbound()).filteredOn(o -> o.isJob(JobKind.SYNC_ACK)).singleElement()
            .satisfies(o -> {
                assertThat(o.job().getOperations()).as("acked operations").containsExactly(echo);
                assertThat(o.job().getSource()).as("where they were applied").isEqualTo("b");
            });
        assertThat(plan.outbound()).filteredOn(o -> o.isJob(JobKind.LOAD)).singleElement()
            .satisfies(o -> assertThat(o.job().getOperations()).as("only the remote's operation").containsExactly(remote));
        assertThat(plan.echoes()).as("echo count").isEqualTo(1);
    }

    @Test
    void shouldDropEchoesWithoutAcknowledgementWhenAcksAreOff() {
        SyncManager noAcks = new SyncManager(new SyncSettings("b", "a", "a.queue", "a.dlq", SyncFilter.all(), 10,
            10_000, true, false), CLOCK);
        SyncPlan plan = noAcks.plan(List.of(Ops.record(BUS, 0, 0, Ops.op("a", "d1", 0))));
        assertThat(plan.outbound()).as("nothing sent").isEmpty();
        assertThat(plan.echoes()).as("still counted").isEqualTo(1);
    }

    @Test
    void shouldSkipReappliedCopies() {
        Operation original = Ops.op("b", "d1", 0);
        SyncPlan plan = manager.plan(List.of(
            Ops.record(BUS, 0, 0, Ops.reapplied(original)),
            Ops.record(BUS, 0, 1, Ops.reapplied(Ops.op("a", "d1", 1)))));
        assertThat(plan.outbound()).as("re-applied copies, echo or not, are not sent").isEmpty();
        assertThat(plan.reappliedSkipped()).as("counted").isEqualTo(2);
    }

    @Test
    void shouldLeaveOutWhatTheFilterRejects() {
        SyncManager invoices = new SyncManager(SyncSettings.of("b", "a",
            new SyncFilter(Set.of(), Set.of("invoice"), Set.of(), null)), CLOCK);
        SyncPlan plan = invoices.plan(List.of(
            Ops.record(BUS, 0, 0, Ops.op("b", "d1", "todo", "global", "main", 0)),
            Ops.record(BUS, 0, 1, Ops.op("b", "d2", "invoice", "global", "main", 0)),
            new EventRecord(BUS, 0, 2, 0, null, null)));
        assertThat(plan.outbound()).extracting(o -> o.job().getDocumentId()).as("only the invoice").containsExactly("d2");
        assertThat(plan.filtered()).as("todo and tombstone").isEqualTo(2);
    }

    @Test
    void shouldSplitJobsAtTheBatchLimitsKeepingOrder() {
        SyncManager small = new SyncManager(new SyncSettings("b", "a", "a.queue", "a.dlq", SyncFilter.all(), 2,
            100_000, true, true), CLOCK);
        List<EventRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(Ops.record(BUS, 0, i, Ops.op("b", "d1", i)));
        }
        SyncPlan plan = small.plan(records);
        assertThat(plan.outbound()).extracting(o -> o.job().getOperations().stream().map(Operation::getIndex).toList())
            .as("at most 2 operations per job, in order")
            .containsExactly(List.of(0L, 1L), List.of(2L, 3L), List.of(4L));
        assertThat(plan.outbound()).extracting(o -> o.job().getJobId()).as("distinct, deterministic job ids")
            .doesNotHaveDuplicates().first().isEqualTo("load:b:" + BUS + ":0:0");

        int opSize = records.get(0).value().length;
        SyncManager bytes = new SyncManager(new SyncSettings("b", "a", "a.queue", "a.dlq", SyncFilter.all(), 100,
            SyncManager.JOB_OVERHEAD_BYTES + 2 * opSize + 10, true, true), CLOCK);
        assertThat(bytes.plan(records).outbound()).as("byte limit splits too").hasSize(3);
    }

    @Test
    void shouldDeadLetterUndecodableRecordAndContinue() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        SyncPlan plan = manager.plan(List.of(
            new EventRecord(BUS, 0, 0, 0, "k".getBytes(StandardCharsets.UTF_8), garbage),
            Ops.record(BUS, 0, 1, Ops.op("b", "d1", 0))));
        assertThat(plan.deadLetters()).as("one dead letter").isEqualTo(1);
        Outbound letter = plan.outbound().get(0);
        assertThat(letter.isDeadLetter()).as("first record is the dead letter").isTrue();
        assertThat(letter.deadLetter().getReason()).as("reason").startsWith("Undecodable event-bus record");
        assertThat(letter.deadLetter().getSourceOffset()).as("where it came from").isZero();
        assertThat(letter.deadLetter().getOriginalValue().array()).as("original bytes kept").isEqualTo(garbage);
        assertThat(letter.cursorAfter()).as("cursor moves past it to the next job").isEqualTo(1);
        assertThat(plan.outbound().get(1).isJob(JobKind.LOAD)).as("the rest is still synchronized").isTrue();
    }

    @Test
    void shouldDeadLetterAnOperationTooLargeForTheTarget() {
        Operation big = Operation.newBuilder(Ops.op("b", "d1", 0)).setHash("x".repeat(3000)).build();
        SyncManager limited = new SyncManager(new SyncSettings("b", "a", "a.queue", "a.dlq", SyncFilter.all(), 100,
            2048, true, true), CLOCK);
        SyncPlan plan = limited.plan(List.of(Ops.record(BUS, 0, 0, big), Ops.record(BUS, 0, 1, Ops.op("b", "d1", 1))));
        assertThat(plan.outbound()).extracting(Outbound::isDeadLetter).as("dead letter, then the job")
            .containsExactly(true, false);
        assertThat(plan.outbound().get(0).deadLetter().getReason()).as("says what limit").contains("batch.max.bytes");
    }

    @Test
    void shouldMakeAHeartbeatThatCarriesTheWatermarkAndNoOperation() {
        Outbound heartbeat = manager.heartbeat(12_345);
        Job job = AvroSerdes.job().deserializer().deserialize("a.queue", heartbeat.value());
        assertThat(job.getKind()).as("kind").isEqualTo(JobKind.HEARTBEAT);
        assertThat(job.getSubmittedUtcMs()).as("the watermark travels as submittedUtcMs").isEqualTo(12_345);
        assertThat(job.getSource()).as("the source reactor").isEqualTo("b");
        assertThat(job.getOperations()).as("no operation").isEmpty();
        assertThat(new String(heartbeat.key(), StandardCharsets.UTF_8)).as("keyed apart from every document")
            .isEqualTo(dev.docreactor.contract.Heartbeats.queueKey("b")).isEqualTo(job.getDocumentId());
        assertThat(heartbeat.cursorAfter()).as("moves no cursor").isEqualTo(-1);
    }
}
