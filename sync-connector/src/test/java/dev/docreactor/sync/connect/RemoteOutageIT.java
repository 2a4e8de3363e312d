package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static dev.docreactor.sync.connect.ClusterFixtures.operationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** The remote cluster stops and comes back: both directions recover by themselves, nothing is lost. */
@RequiresEmbeddedKafka("stops the remote cluster and starts it again at the same address with its data")
class RemoteOutageIT extends TwoClusterSyncITBase {

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

            KAFKA.embedded(REMOTE).close();
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
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
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
                });
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
