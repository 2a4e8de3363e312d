package dev.docreactor.quickstart;

import dev.docreactor.embedded.EmbeddedKafkaBroker;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.EmbeddedConnectWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two single-node Kafka clusters (A and B), reactor {@code a} on A and reactor {@code b} on B, and the
 * sync connector in ping-pong mode (one Connect worker on A running a pull connector, B's event bus →
 * A's queue, and a push connector, A's event bus → B's queue), all in this JVM.
 */
public final class Quickstart implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Quickstart.class);

    /**
     * Ports and directories; a port of 0 picks a free one.
     *
     * @param dataDir where brokers and reactors keep their data
     * @param kafkaPortA client port of cluster A (its controller uses the next port)
     * @param kafkaPortB client port of cluster B (its controller uses the next port)
     * @param httpPortA reactor A's HTTP port
     * @param httpPortB reactor B's HTTP port
     * @param connectPort the Connect worker's REST port
     */
    public record Settings(Path dataDir, int kafkaPortA, int kafkaPortB, int httpPortA, int httpPortB, int connectPort) {

        /** The README's defaults: Kafka on 9092 and 9094, reactors on 8081 and 8082, Connect REST on 8083. */
        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 9092, 9094, 8081, 8082, 8083);
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedKafkaBroker clusterA;
    private EmbeddedKafkaBroker clusterB;
    private Reactor reactorA;
    private Reactor reactorB;
    private EmbeddedConnectWorker connect;

    /** Starts everything; on failure stops what was started and rethrows. */
    public static Quickstart start(Settings settings) {
        Quickstart quickstart = new Quickstart();
        try {
            quickstart.startAll(settings);
            return quickstart;
        } catch (RuntimeException e) {
            quickstart.close();
            throw e;
        }
    }

    private void startAll(Settings settings) {
        clusterA = track(new EmbeddedKafkaBroker(settings.dataDir().resolve("kafka-a"), settings.kafkaPortA(),
            settings.kafkaPortA() == 0 ? 0 : settings.kafkaPortA() + 1, Map.of()).start());
        clusterB = track(new EmbeddedKafkaBroker(settings.dataDir().resolve("kafka-b"), settings.kafkaPortB(),
            settings.kafkaPortB() == 0 ? 0 : settings.kafkaPortB() + 1, Map.of()).start());
        reactorA = track(new Reactor(reactorConfig("a", clusterA, settings.httpPortA(), settings.dataDir()), new DocumentModelRegistry()).start());
        reactorB = track(new Reactor(reactorConfig("b", clusterB, settings.httpPortB(), settings.dataDir()), new DocumentModelRegistry()).start());

        Map<String, String> sync = new HashMap<>();
        sync.put("bootstrap.servers", clusterA.bootstrapServers());
        sync.put(DedicatedConfig.LOCAL_REACTOR_ID, "a");
        sync.put("listeners", "http://localhost:" + settings.connectPort());
        sync.put("config.storage.replication.factor", "1");
        sync.put("offset.storage.replication.factor", "1");
        sync.put("status.storage.replication.factor", "1");
        sync.put(DedicatedConfig.REMOTES, "b");
        sync.put("remote.b.reactor.id", "b");
        sync.put("remote.b.bootstrap.servers", clusterB.bootstrapServers());
        sync.put("remote.b.mode", "pull,push");
        sync.put("remote.b.tasks.max", "1");
        sync.put("remote.b.pull.scheduler.max.interval.ms", "500");
        DedicatedConfig dedicated = DedicatedConfig.parse(sync);
        connect = track(EmbeddedConnectWorker.start(dedicated.workerProps()));
        connect.apply(dedicated.connectors(), "sync-");
        log.info("Quickstart running: cluster A {}, cluster B {}, reactor a http://localhost:{}, reactor b http://localhost:{}, "
                + "Connect REST {}", clusterA.bootstrapServers(), clusterB.bootstrapServers(), reactorA.httpPort(),
            reactorB.httpPort(), connect.restUrl());
    }

    private static ReactorConfig reactorConfig(String id, EmbeddedKafkaBroker cluster, int httpPort, Path dataDir) {
        Map<String, Object> props = new HashMap<>();
        props.put(ReactorConfig.REACTOR_ID, id);
        props.put(ReactorConfig.BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        props.put(ReactorConfig.HTTP_PORT, httpPort);
        props.put(ReactorConfig.STATE_DIR, dataDir.resolve("state-" + id).toString());
        props.put(ReactorConfig.TOPIC_PARTITIONS, 3);
        props.put("streams.num.stream.threads", "1");
        return new ReactorConfig(props);
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    /** Reactor a (on cluster A). */
    public Reactor reactorA() {
        return reactorA;
    }

    /** Reactor b (on cluster B). */
    public Reactor reactorB() {
        return reactorB;
    }

    /** Cluster A. */
    public EmbeddedKafkaBroker clusterA() {
        return clusterA;
    }

    /** Cluster B. */
    public EmbeddedKafkaBroker clusterB() {
        return clusterB;
    }

    /** The Connect worker running the sync connectors. */
    public EmbeddedConnectWorker connect() {
        return connect;
    }

    /** Stops everything, last started first. */
    @Override
    public void close() {
        closeInReverse(started);
    }

    /** Stops {@code started}, last started first, logging (not throwing) what fails to stop; empties it. */
    public static void closeInReverse(List<? extends AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
