package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static dev.docreactor.sync.connect.ClusterFixtures.operationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import dev.docreactor.sync.SyncConnectorMain;
import dev.docreactor.sync.connect.ClusterFixtures.EventBusWriter;
import dev.docreactor.sync.connect.ClusterFixtures.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Restarts mid-stream, dead letters and their replay. */
class ResilienceIT extends TwoClusterSyncITBase {

    private static final Pattern OFFSET = Pattern.compile("\"offset\":(\\d+)");
    private static final Pattern HEARTBEAT_WATERMARK = Pattern.compile("\"watermark\":(\\d+)");

    @Test
    void shouldNeitherLoseNorDuplicateNorRewindAcrossPullRestartMidStream() throws Exception {
        createReactorTopics(KAFKA, LOCAL, "ra", 2);
        createReactorTopics(KAFKA, REMOTE, "rb", 2);
        DedicatedConfig config = startConnectors(dedicated("ra", "rb", "pull"));
        String connector = DedicatedConfig.connectorName("rb", SyncMode.PULL);
        List<Operation> ops = new ArrayList<>();
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "rb", 2);
             TopicReader queue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "ra.queue")) {
            for (int batch = 0; batch < 30; batch++) {
                List<Operation> some = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    some.add(Ops.op("rb", "doc-" + (i % 4), batch * 10L + i));
                }
                bus.write(some);
                ops.addAll(some);
                if (batch == 10) {
                    await().atMost(SYNC_TIMEOUT).until(() -> !operationIds(queue.jobs(), JobKind.LOAD).isEmpty());
                    worker.restartConnector(connector);
                }
                if (batch == 20) {
                    stopConnectors(config);
                    startConnectors(dedicated("ra", "rb", "pull"));
                }
            }
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("every operation arrived")
                    .hasSizeGreaterThanOrEqualTo(ops.size()));
            List<String> loaded = operationIds(queue.jobs(), JobKind.LOAD);
            assertThat(loaded).as("exactly once: nothing lost, nothing duplicated (EOS source)")
                .containsExactlyInAnyOrderElementsOf(TwoClusterSyncIT.ids(ops));
            TwoClusterSyncIT.assertInDocumentOrder(queue.jobs());
        } finally {
            stopConnectors(config);
        }
        assertCursorsNeverMovedBackwards(connector);
    }

    /** Reads the worker's offsets topic: per source partition, committed cursors only grow. */
    private static void assertCursorsNeverMovedBackwards(String connector) {
        try (TopicReader offsets = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "sync-it-offsets")) {
            await().atMost(SYNC_TIMEOUT).until(() -> !offsets.poll().isEmpty());
            Map<String, Long> last = new HashMap<>();
            int seen = 0;
            for (ConsumerRecord<byte[], byte[]> r : offsets.poll()) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (!key.contains("\"" + connector + "\"") || r.value() == null) {
                    continue;
                }
                // A heartbeat's source partition holds its watermark, which only grows too.
                Matcher m = (key.contains("\"heartbeat\"") ? HEARTBEAT_WATERMARK : OFFSET)
                    .matcher(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(m.find()).as("cursor value of %s", key).isTrue();
                long cursor = Long.parseLong(m.group(1));
                Long previous = last.put(key, cursor);
                assertThat(previous == null || cursor >= previous)
                    .as("cursor of %s went from %s to %s", key, previous, cursor).isTrue();
                seen++;
            }
            assertThat(seen).as("cursors were committed").isPositive();
        }
    }

    @Test
    void shouldRestartAFailedPullTaskWithBackoffAndConvergeExactlyOnce() {
        createReactorTopics(KAFKA, LOCAL, "fa", 1);
        createReactorTopics(KAFKA, REMOTE, "fb", 1);
        Map<String, String> props = new HashMap<>(dedicated("fa", "fb", "pull"));
        props.put("remote.fb.pull.transforms", "fail");
        props.put("remote.fb.pull.transforms.fail.type", FailingTransform.class.getName());
        FailingTransform.FAILURES_LEFT.set(3);
        List<Operation> ops = new ArrayList<>();
        DedicatedConfig config = startConnectors(props);
        try (FailedTaskRestarter restarter = new FailedTaskRestarter(worker, "sync-fb-", Duration.ofMillis(200),
                 Duration.ofSeconds(2)).start(Duration.ofMillis(100), "it-fb");
             EventBusWriter bus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "fb", 1);
             TopicReader queue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "fa.queue")) {
            for (int batch = 0; batch < 5; batch++) {
                List<Operation> some = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    some.add(Ops.op("fb", "doc-" + i, batch * 4L + i));
                }
                bus.write(some);
                ops.addAll(some);
            }
            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(FailingTransform.FAILURES_LEFT.get()).as("every injected failure happened").isZero();
                assertThat(restarter.restarts()).as("each failure was followed by a restart").isGreaterThanOrEqualTo(3);
                assertThat(operationIds(queue.jobs(), JobKind.LOAD))
                    .as("the restarted task converged: every operation once (aborted transactions are invisible)")
                    .containsExactlyInAnyOrderElementsOf(TwoClusterSyncIT.ids(ops));
            });
            assertThat(worker.isRunning(DedicatedConfig.connectorName("fb", SyncMode.PULL))).as("running again")
                .isTrue();
        } finally {
            FailingTransform.FAILURES_LEFT.set(0);
            stopConnectors(config);
        }
    }

    @Test
    void shouldDeadLetterAJobTheRemoteRefusesForSizeAsAReferenceAndKeepPushing() {
        KAFKA.createTopic(LOCAL, TopicNames.eventBus("za"), 1, Map.of());
        KAFKA.createTopic(REMOTE, "zb.queue", 1, Map.of("max.message.bytes", "4000"));
        KAFKA.createTopic(REMOTE, "zb.dlq", 1, Map.of());
        Operation small = Ops.op("za", "good", 0);
        Operation huge = Operation.newBuilder(Ops.op("za", "huge", 0)).setHash("x".repeat(6000)).build();
        Operation after = Ops.op("za", "good", 1);
        DedicatedConfig config = startConnectors(dedicated("za", "zb", "push"));
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(LOCAL).bootstrapServers(), "za", 1);
             TopicReader queue = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "zb.queue");
             TopicReader dlq = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "zb.dlq")) {
            bus.write(List.of(small, huge));
            bus.write(List.of(after));
            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("sync continues around the refused job")
                    .containsExactly(small.getId(), after.getId());
                assertThat(dlq.deadLetters()).as("one dead letter, a reference to the refused job").singleElement()
                    .satisfies(letter -> {
                        assertThat(letter.getOriginalValue()).as("the job is not embedded (it would be refused too)")
                            .isNull();
                        assertThat(letter.getSourceTopic()).as("where its operations are").isEqualTo(TopicNames.eventBus("za"));
                        assertThat(letter.getSourceOffset()).as("from which offset").isNotNegative();
                        assertThat(letter.getReason()).as("why, and what to change").contains("RecordTooLarge")
                            .contains("not embedded").contains("batch.max.bytes");
                    });
            });
            assertThat(worker.isRunning(DedicatedConfig.connectorName("zb", SyncMode.PUSH)))
                .as("the push task keeps running: nothing is retried forever").isTrue();
        } finally {
            stopConnectors(config);
        }
    }

    @Test
    void shouldLoseNothingAcrossPushRestartMidStream() {
        createReactorTopics(KAFKA, LOCAL, "ua", 2);
        createReactorTopics(KAFKA, REMOTE, "ub", 2);
        DedicatedConfig config = startConnectors(dedicated("ua", "ub", "push"));
        String connector = DedicatedConfig.connectorName("ub", SyncMode.PUSH);
        List<Operation> ops = new ArrayList<>();
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(LOCAL).bootstrapServers(), "ua", 2);
             TopicReader queue = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "ub.queue")) {
            for (int batch = 0; batch < 20; batch++) {
                List<Operation> some = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    some.add(Ops.op("ua", "doc-" + (i % 3), batch * 10L + i));
                }
                bus.write(some);
                ops.addAll(some);
                if (batch == 10) {
                    worker.restartConnector(connector);
                }
            }
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(new HashSet<>(operationIds(queue.jobs(), JobKind.LOAD)))
                    .as("the target store (idempotent by operation id) has every operation once")
                    .containsExactlyInAnyOrderElementsOf(TwoClusterSyncIT.ids(ops)));
        } finally {
            stopConnectors(config);
        }
    }

    @Test
    void shouldDeadLetterBadRecordsKeepSyncingAndReplayThem() throws Exception {
        createReactorTopics(KAFKA, LOCAL, "da", 1);
        createReactorTopics(KAFKA, REMOTE, "db", 1);
        Operation before = Ops.op("db", "good", 0);
        Operation tooBig = Operation.newBuilder(Ops.op("db", "big", 0)).setHash("x".repeat(4000)).build();
        Operation after = Ops.op("db", "good", 1);
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "db", 1)) {
            bus.write(List.of(before));
            bus.writeRaw("garbage", "definitely not avro".getBytes(StandardCharsets.UTF_8));
            bus.write(List.of(tooBig, after));
        }
        Map<String, String> props = new HashMap<>(dedicated("da", "db", "pull"));
        props.put("remote.db.batch.max.bytes", "2048");
        DedicatedConfig config = startConnectors(props);
        try (TopicReader queue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "da.queue");
             TopicReader dlq = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "da.dlq")) {
            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("sync continues around bad records")
                    .containsExactly(before.getId(), after.getId());
                assertThat(dlq.deadLetters()).extracting(DeadLetter::getReason).as("two dead letters with reasons")
                    .satisfiesExactly(
                        reason -> assertThat(reason).contains("Undecodable"),
                        reason -> assertThat(reason).contains("batch.max.bytes"));
            });
            assertThat(dlq.deadLetters()).extracting(DeadLetter::getSourceTopic).as("where they came from")
                .containsOnly(TopicNames.eventBus("db"));

            Map<String, Object> client = Map.of("bootstrap.servers", KAFKA.cluster(LOCAL).bootstrapServers());
            SyncConnectorMain.ReplayReport report = SyncConnectorMain.replay(client, "da.dlq", "da.queue", -1, false);
            assertThat(report.replayed()).as("the too-large operation is replayable").isEqualTo(1);
            assertThat(report.skipped()).as("garbage stays reported, with why").hasSize(1)
                .allSatisfy((where, why) -> assertThat(why).contains("neither a job nor an operation"));
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("replayed into the queue")
                    .contains(tooBig.getId()));

            // Retention deletes the first dead letter (the garbage at offset 0).
            try (Admin admin = Admin.create(client)) {
                admin.deleteRecords(Map.of(new TopicPartition("da.dlq", 0), RecordsToDelete.beforeOffset(1))).all()
                    .get(30, TimeUnit.SECONDS);
            }
            SyncConnectorMain.ReplayReport fromLogStart = SyncConnectorMain.replay(client, "da.dlq", "da.queue", -1, true);
            assertThat(fromLogStart.replayed()).as("by default replay starts at the log start and finds what is left")
                .isEqualTo(1);
            assertThat(fromLogStart.gone()).as("nothing asked for is missing").isEmpty();
            SyncConnectorMain.ReplayReport fromZero = SyncConnectorMain.replay(client, "da.dlq", "da.queue", 0, true);
            assertThat(fromZero.gone()).as("asked from offset 0 after retention: says what is gone instead of exiting 0")
                .containsOnlyKeys("da.dlq-0").allSatisfy((partition, why) -> assertThat(why)
                    .contains("offsets 0..0 were deleted"));
            assertThat(fromZero.replayed()).as("and still replays what is left").isEqualTo(1);
        } finally {
            stopConnectors(config);
        }
    }
}
