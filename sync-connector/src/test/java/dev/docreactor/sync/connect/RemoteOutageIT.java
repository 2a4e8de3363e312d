package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static dev.docreactor.sync.connect.ClusterFixtures.operationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.schema.Job;
import dev.docreactor.embedded.RequiresEmbeddedKafka;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import dev.docreactor.sync.connect.ClusterFixtures.EventBusWriter;
import dev.docreactor.sync.connect.ClusterFixtures.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The remote cluster stops and comes back: both directions recover by themselves, nothing is lost, and
 * the replication lag the heartbeats measure (what the receiving reactor publishes as
 * {@code replication-lag-ms}: now minus the newest heartbeat's watermark on its queue) stays small while
 * idle, rises within seconds of the outage and falls once the remote is back.
 */
@RequiresEmbeddedKafka("stops the remote cluster and starts it again at the same address with its data")
class RemoteOutageIT extends TwoClusterSyncITBase {

    /** Idle, heartbeats every second (the default interval) keep the lag below this. */
    private static final long HEALTHY_LAG_MS = 3_000;
    /** During the outage the lag must pass this within seconds. */
    private static final long STALLED_LAG_MS = 5_000;

    /** What the receiving reactor publishes: now minus the newest heartbeat watermark from {@code source}. */
    private static long lagMs(List<Job> queue, String source) {
        long newest = queue.stream().filter(j -> j.getKind() == JobKind.HEARTBEAT && source.equals(j.getSource()))
            .mapToLong(Job::getSubmittedUtcMs).max().orElse(Long.MIN_VALUE);
        return newest == Long.MIN_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() - newest;
    }

    @Test
    void shouldRecoverBothDirectionsWhenTheRemoteClusterReturns() {
        createReactorTopics(KAFKA, LOCAL, "oa", 1);
        createReactorTopics(KAFKA, REMOTE, "ob", 1);
        DedicatedConfig config = startConnectors(dedicated("oa", "ob", "pull,push"));
        List<Operation> pulled = new ArrayList<>();
        List<Operation> pushed = new ArrayList<>();
        try (EventBusWriter localBus = new EventBusWriter(KAFKA.cluster(LOCAL).bootstrapServers(), "oa", 1);
             TopicReader localQueue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "oa.queue")) {
            try (EventBusWriter remoteBus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "ob", 1)) {
                pulled.add(Ops.op("ob", "r", 0));
                remoteBus.write(pulled);
            }
            await().atMost(SYNC_TIMEOUT).until(() -> operationIds(localQueue.jobs(), JobKind.LOAD).size() == 1);
            await().atMost(SYNC_TIMEOUT).until(() -> lagMs(localQueue.jobs(), "ob") < HEALTHY_LAG_MS);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> lagMs(localQueue.jobs(), "ob") < HEALTHY_LAG_MS);

            KAFKA.embedded(REMOTE).close();
            long outageStarted = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> lagMs(localQueue.jobs(), "ob") > STALLED_LAG_MS);
            long stallShownAfterMs = System.currentTimeMillis() - outageStarted;
            assertThat(stallShownAfterMs).as("the stall shows within seconds of the outage")
                .isLessThan(STALLED_LAG_MS + 5_000);
            for (int batch = 0; batch < 10; batch++) {
                List<Operation> some = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    some.add(Ops.op("oa", "l" + i, batch * 4L + i));
                }
                localBus.write(some);
                pushed.addAll(some);
            }
            // Let both tasks hit the outage (failed pushes, failed pulls) for longer than a bounded put
            // (about 2 x remote.timeout.ms = 10 s here) and several retry backoffs (at most 2 s here); the
            // behaviour past that does not depend on the outage's length, only the backoff's maximum does.
            long outageLeftMs = Math.max(0, 12_000 - (System.currentTimeMillis() - outageStarted));
            await().pollDelay(Duration.ofMillis(outageLeftMs)).atMost(Duration.ofMillis(outageLeftMs + 1_000)).until(() -> true);
            long lagAtEndOfOutage = lagMs(localQueue.jobs(), "ob");
            assertThat(lagAtEndOfOutage).as("the lag kept growing through the outage").isGreaterThan(10_000);
            KAFKA.embedded(REMOTE).start();

            try (EventBusWriter remoteBus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "ob", 1);
                 TopicReader remoteQueue = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "ob.queue")) {
                List<Operation> more = List.of(Ops.op("ob", "r", 1), Ops.op("ob", "r", 2));
                remoteBus.write(more);
                pulled.addAll(more);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(new HashSet<>(operationIds(remoteQueue.jobs(), JobKind.LOAD)))
                        .as("operations written during the outage were pushed once the remote returned")
                        .containsExactlyInAnyOrderElementsOf(TwoClusterSyncIT.ids(pushed));
                    assertThat(operationIds(localQueue.jobs(), JobKind.LOAD))
                        .as("pull resumed where it stopped, exactly once")
                        .containsExactlyInAnyOrderElementsOf(TwoClusterSyncIT.ids(pulled));
                    assertThat(lagMs(localQueue.jobs(), "ob")).as("pull: heartbeats flow again, the lag fell")
                        .isLessThan(HEALTHY_LAG_MS);
                    assertThat(lagMs(remoteQueue.jobs(), "oa")).as("push: heartbeats reach the returned remote")
                        .isLessThan(HEALTHY_LAG_MS);
                });
                assertThat(remoteQueue.jobs().stream().filter(j -> j.getKind() == JobKind.HEARTBEAT)
                    .mapToLong(Job::getSubmittedUtcMs).max().orElse(-1))
                    .as("the first push heartbeat after the outage covers what was written during it")
                    .isGreaterThan(outageStarted);
            }
            assertThat(worker.isRunning(DedicatedConfig.connectorName("ob", SyncMode.PULL))).as("pull task never failed")
                .isTrue();
            assertThat(worker.isRunning(DedicatedConfig.connectorName("ob", SyncMode.PUSH))).as("push task never failed")
                .isTrue();
        } finally {
            stopConnectors(config);
        }
    }
}
