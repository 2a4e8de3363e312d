package dev.docreactor.sync.connect;

import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.KafkaClusterExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real clusters (0 = local, where the Connect worker runs; 1 = remote) and one embedded Connect
 * worker with exactly-once source support, shared by the tests of a class. Tests use their own
 * reactor ids, so their topics and connectors never overlap.
 */
abstract class TwoClusterSyncITBase {

    static final int LOCAL = 0;
    static final int REMOTE = 1;
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(45);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);

    static EmbeddedConnectWorker worker;

    @BeforeAll
    static void startWorker() {
        Map<String, String> props = new HashMap<>(DedicatedConfig.workerDefaults("it"));
        props.put("bootstrap.servers", KAFKA.cluster(LOCAL).bootstrapServers());
        props.put("listeners", "http://localhost:0");
        props.put("offset.flush.interval.ms", "1000");
        props.put("task.shutdown.graceful.timeout.ms", "3000");
        worker = EmbeddedConnectWorker.start(props);
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Dedicated-mode properties for the local reactor {@code local} syncing with {@code remote} on cluster 1. */
    static Map<String, String> dedicated(String local, String remote, String modes) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", KAFKA.cluster(LOCAL).bootstrapServers());
        props.put(DedicatedConfig.LOCAL_REACTOR_ID, local);
        props.put(DedicatedConfig.REMOTES, remote);
        props.put("remote." + remote + ".bootstrap.servers", KAFKA.cluster(REMOTE).bootstrapServers());
        props.put("remote." + remote + ".mode", modes);
        props.put("remote." + remote + ".scheduler.max.interval.ms", "300");
        props.put("remote." + remote + ".remote.timeout.ms", "5000");
        props.put("remote." + remote + ".retry.backoff.max.ms", "2000");
        return props;
    }

    /** Starts the connectors of a dedicated configuration and waits until they run. */
    static DedicatedConfig startConnectors(Map<String, String> dedicatedProps) {
        DedicatedConfig config = DedicatedConfig.parse(dedicatedProps);
        config.connectors().forEach(worker::putConnector);
        for (String name : config.connectors().keySet()) {
            await().atMost(SYNC_TIMEOUT).until(() -> worker.isRunning(name));
        }
        return config;
    }

    /** Deletes the connectors of a configuration. */
    static void stopConnectors(DedicatedConfig config) {
        config.connectors().keySet().forEach(worker::deleteConnector);
    }
}
