package dev.docreactor.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one
 * process), running in this JVM, for the quickstart and for {@code reactor run --embedded-kafka}
 * (never without being asked for).
 *
 * <p>Data lives under a directory ({@code ./data/kafka} by default from the callers) and survives a
 * restart: the storage is formatted only the first time. Single-node settings make transactions and
 * consumer groups work (replication factors and min ISR of internal topics are 1).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final SaslPlainUsers sasl;
    private KafkaRaftServer server;

    /**
     * SASL/PLAIN users of a secured broker: every listener (clients and controller) requires SASL, the
     * standard KRaft authorizer ({@code StandardAuthorizer}) is on, and {@code superUser} is its only
     * super user, which the broker itself uses between its roles. Meant for tests and demonstrations:
     * PLAIN passwords live in the broker's JAAS configuration.
     *
     * @param superUser the super user's name
     * @param passwords every user's password by name, the super user's included
     */
    public record SaslPlainUsers(String superUser, Map<String, String> passwords) {

        /** Checks that the super user has a password. */
        public SaslPlainUsers {
            passwords = Map.copyOf(passwords);
            if (!passwords.containsKey(superUser)) {
                throw new IllegalArgumentException("the super user " + superUser + " needs a password");
            }
        }

        /** Client settings that log in as {@code user} over SASL_PLAINTEXT. */
        public Map<String, String> clientSettings(String user) {
            String password = passwords.get(user);
            if (password == null) {
                throw new IllegalArgumentException("no such user: " + user);
            }
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + user + "\" password=\"" + password + "\";");
        }

        private String serverJaas() {
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"")
                .append(superUser).append("\" password=\"").append(passwords.get(superUser)).append('"');
            passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            return jaas.append(';').toString();
        }
    }

    /**
     * Describes a broker; nothing starts until {@link #start()}.
     *
     * @param dataDir where the broker keeps its logs and metadata
     * @param port the client port (0 picks a free one)
     * @param controllerPort the KRaft controller port (0 picks a free one)
     * @param overrides extra broker settings, applied last
     */
    public EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this(dataDir, port, controllerPort, overrides, null);
    }

    private EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides, SaslPlainUsers sasl) {
        this.sasl = sasl;
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    /** A broker on free ports with data under {@code dataDir}. */
    public static EmbeddedKafkaBroker onFreePorts(Path dataDir) {
        return new EmbeddedKafkaBroker(dataDir, 0, 0, Map.of());
    }

    /**
     * A broker on free ports that authenticates every connection with SASL/PLAIN and authorizes with
     * ACLs ({@code StandardAuthorizer}); only {@link SaslPlainUsers#superUser()} may do anything without one.
     */
    public static EmbeddedKafkaBroker securedOnFreePorts(Path dataDir, SaslPlainUsers users) {
        return new EmbeddedKafkaBroker(dataDir, 0, 0, Map.of(), users);
    }

    /** The client settings of the super user (empty for a broker without security). */
    public Map<String, String> superUserClientSettings() {
        return sasl == null ? Map.of() : sasl.clientSettings(sasl.superUser());
    }

    /** The users of a secured broker, empty for a broker without security. */
    public Optional<SaslPlainUsers> saslUsers() {
        return Optional.ofNullable(sasl);
    }

    /**
     * Formats the storage when it is new, starts the broker and waits until it answers clients.
     *
     * @return this broker
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(brokerConfig(), false);
            formatIfNew();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot use Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Embedded Kafka broker started at {} (data in {}) in {} ms",
            bootstrapServers(), dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return this;
    }

    /** The address clients use, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The directory holding the broker's data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the broker is started. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly and waits for it; data stays on disk. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
        log.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * The broker settings of a single-node cluster beyond its listeners and directories: replication factors
     * of one, no topic auto-creation, no initial rebalance delay. Test brokers in containers use the same.
     */
    public static Map<String, String> singleNodeSettings() {
        Map<String, String> props = new HashMap<>();
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        return props;
    }

    private Map<String, Object> brokerConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir().toString());
        props.putAll(singleNodeSettings());
        if (sasl != null) {
            secure(props);
        }
        props.putAll(overrides);
        return props;
    }

    private void secure(Map<String, Object> props) {
        props.put("listeners", "SASL_PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "PLAIN");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", sasl.serverJaas());
        props.put("listener.name.controller.plain.sasl.jaas.config", sasl.serverJaas());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + sasl.superUser());
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    private void formatIfNew() {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir().toString())
                .setDirectories(Set.of(logDir().toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir() + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(superUserClientSettings());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Embedded Kafka broker did not become ready within " + timeout, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    /** A port free at the time of the call. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot find a free port: " + e.getMessage(), e);
        }
    }
}
