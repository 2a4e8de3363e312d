package dev.docreactor.sync.connect;

import dev.docreactor.contract.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;

/**
 * The dedicated mode's configuration file: one Connect worker on the local (home) cluster, and one
 * connector per remote and direction.
 *
 * <pre>
 * bootstrap.servers = localhost:9092     # the local cluster: Connect's internal topics, local event bus and queue
 * local.reactor.id = a                   # the local reactor
 * remotes = b
 * remote.b.reactor.id = b
 * remote.b.bootstrap.servers = localhost:9094
 * remote.b.mode = pull,push              # pull, push, or both (ping-pong)
 * remote.b.client.security.protocol = SSL  # client settings of the remote cluster
 * remote.b.filter.scopes = document,global  # any connector key, for both directions
 * remote.b.pull.scheduler.max.interval.ms = 1000   # any connector key, for one direction
 * remote.b.tasks.max = 1
 * sync.restart.backoff.ms = 5000         # failed connectors and tasks are restarted, waiting this long at first,
 * sync.restart.backoff.max.ms = 300000   # doubling up to this (FailedTaskRestarter)
 * </pre>
 *
 * Every other key is a Connect worker setting ({@code listeners}, {@code group.id}, security, ...); an
 * unknown key refuses the start, naming the key meant ({@link DedicatedKeys});
 * the worker's {@code security.*}, {@code ssl.*} and {@code sasl.*} settings also reach the clients
 * the connectors open on the local cluster, and Connect's own producers, consumers and admin clients
 * for the connectors ({@code producer.*}, {@code consumer.*}, {@code admin.*}, unless set). Secrets may be
 * given as {@code ${env:NAME}} or {@code ${file:path:key}}: the file and environment config providers
 * are on by default.
 */
public final class DedicatedConfig {

    public static final String LOCAL_REACTOR_ID = "local.reactor.id";
    public static final String REMOTES = "remotes";
    public static final String REMOTE_PREFIX = "remote.";
    public static final String SYNC_NAME = "sync.name";
    /** First wait between restarts of a failed connector or task, ms. */
    public static final String RESTART_BACKOFF_MS = "sync.restart.backoff.ms";
    public static final long RESTART_BACKOFF_MS_DEFAULT = 5_000;
    /** Longest wait between restarts of a failed connector or task, ms. */
    public static final String RESTART_BACKOFF_MAX_MS = "sync.restart.backoff.max.ms";
    public static final long RESTART_BACKOFF_MAX_MS_DEFAULT = 300_000;

    private static final List<String> SECURITY_PREFIXES = List.of("security.", "ssl.", "sasl.");
    /** Prefixes of the worker settings of the producers, consumers and admin clients Connect opens for connectors. */
    private static final List<String> CONNECT_CLIENT_PREFIXES = List.of("producer.", "consumer.", "admin.");

    private final Map<String, String> workerProps;
    private final Map<String, Map<String, String>> connectors;
    private final Duration restartBackoff;
    private final Duration restartBackoffMax;

    private DedicatedConfig(Map<String, String> workerProps, Map<String, Map<String, String>> connectors,
                            Duration restartBackoff, Duration restartBackoffMax) {
        this.workerProps = workerProps;
        this.connectors = connectors;
        this.restartBackoff = restartBackoff;
        this.restartBackoffMax = restartBackoffMax;
    }

    /** Reads a configuration file. */
    public static DedicatedConfig load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
        return parse(map);
    }

    /** Builds the worker and connector configurations from the file's properties. */
    public static DedicatedConfig parse(Map<String, String> props) {
        DedicatedKeys.check(props, list(props.getOrDefault(REMOTES, "")));
        String local = required(props, LOCAL_REACTOR_ID);
        String bootstrap = required(props, "bootstrap.servers");
        String name = props.getOrDefault(SYNC_NAME, local);
        Map<String, String> worker = workerDefaults(name);
        Map<String, String> localSecurity = new HashMap<>();
        props.forEach((key, value) -> {
            if (!key.equals(LOCAL_REACTOR_ID) && !key.equals(REMOTES) && !key.equals(SYNC_NAME)
                && !key.equals(RESTART_BACKOFF_MS) && !key.equals(RESTART_BACKOFF_MAX_MS)
                && !key.startsWith(REMOTE_PREFIX)) {
                worker.put(key, value);
                if (SECURITY_PREFIXES.stream().anyMatch(key::startsWith)) {
                    localSecurity.put(key, value);
                }
            }
        });
        // Connect's own clients for the connectors take prefixed settings: without these they would
        // connect without the worker's security.
        localSecurity.forEach((key, value) -> CONNECT_CLIENT_PREFIXES.forEach(client -> worker.putIfAbsent(client + key, value)));
        Map<String, Map<String, String>> connectors = new LinkedHashMap<>();
        for (String remote : list(props.getOrDefault(REMOTES, ""))) {
            String prefix = REMOTE_PREFIX + remote + ".";
            String remoteId = props.getOrDefault(prefix + "reactor.id", remote);
            String remoteBootstrap = required(props, prefix + "bootstrap.servers");
            List<String> modes = list(props.getOrDefault(prefix + "mode", "pull"));
            if (modes.isEmpty()) {
                throw new ConfigException(prefix + "mode is empty: set it to pull, push or pull,push");
            }
            for (String modeName : modes) {
                SyncMode mode;
                try {
                    mode = SyncMode.parse(modeName);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(prefix + "mode has '" + modeName + "': use pull, push or pull,push");
                }
                connectors.put(connectorName(remote, mode), connector(props, prefix, remote, remoteId, remoteBootstrap,
                    local, bootstrap, localSecurity, mode));
            }
        }
        if (connectors.isEmpty()) {
            throw new ConfigException("No remotes: set remotes to a list of names and remote.<name>.bootstrap.servers");
        }
        Duration backoff = millis(props, RESTART_BACKOFF_MS, RESTART_BACKOFF_MS_DEFAULT);
        Duration backoffMax = millis(props, RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_MAX_MS_DEFAULT);
        if (backoffMax.compareTo(backoff) < 0) {
            throw new ConfigException(RESTART_BACKOFF_MAX_MS + " must be at least " + RESTART_BACKOFF_MS + " ("
                + backoff.toMillis() + "): raise it");
        }
        return new DedicatedConfig(Map.copyOf(worker), connectors, backoff, backoffMax);
    }

    private static Duration millis(Map<String, String> props, String key, long defaultMs) {
        String value = props.get(key);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(defaultMs);
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 1) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new ConfigException(key + " is '" + value + "': set a number of milliseconds of at least 1");
    }

    /** The worker settings dedicated mode starts from, for a sync process named {@code name}. */
    public static Map<String, String> workerDefaults(String name) {
        Map<String, String> worker = new HashMap<>();
        worker.put("group.id", "sync-" + name);
        worker.put("config.storage.topic", "sync-" + name + "-configs");
        worker.put("offset.storage.topic", "sync-" + name + "-offsets");
        worker.put("status.storage.topic", "sync-" + name + "-status");
        worker.put("config.storage.replication.factor", "-1");
        worker.put("offset.storage.replication.factor", "-1");
        worker.put("status.storage.replication.factor", "-1");
        worker.put("key.converter", ByteArrayConverter.class.getName());
        worker.put("value.converter", ByteArrayConverter.class.getName());
        worker.put("exactly.once.source.support", "enabled");
        worker.put("listeners", "http://localhost:8083");
        worker.put("offset.flush.interval.ms", "5000");
        worker.put("connector.client.config.override.policy", "All");
        worker.put("plugin.discovery", "service_load");
        worker.put("config.providers", "file,env");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        worker.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        return worker;
    }

    private static Map<String, String> connector(Map<String, String> props, String prefix, String remote,
                                                 String remoteId, String remoteBootstrap, String local,
                                                 String localBootstrap, Map<String, String> localSecurity,
                                                 SyncMode mode) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(ConnectorConfig.NAME_CONFIG, connectorName(remote, mode));
        c.put(ConnectorConfig.TASKS_MAX_CONFIG, props.getOrDefault(prefix + "tasks.max", "1"));
        c.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, ByteArrayConverter.class.getName());
        c.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, ByteArrayConverter.class.getName());
        c.put(SyncConnectorConfig.REMOTE_NAME, remote);
        c.put(SyncConnectorConfig.MODE, mode.configName());
        String remoteSide = mode == SyncMode.PULL ? SyncConnectorConfig.SOURCE_PREFIX : SyncConnectorConfig.TARGET_PREFIX;
        String localSide = mode == SyncMode.PULL ? SyncConnectorConfig.TARGET_PREFIX : SyncConnectorConfig.SOURCE_PREFIX;
        c.put(remoteSide + "reactor.id", remoteId);
        c.put(remoteSide + "bootstrap.servers", remoteBootstrap);
        c.put(localSide + "reactor.id", local);
        localSecurity.forEach((k, v) -> c.put(localSide + k, v));
        if (mode == SyncMode.PULL) {
            c.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, SyncSourceConnector.class.getName());
            c.put(SyncConnectorConfig.TARGET_BOOTSTRAP_SERVERS, localBootstrap);
            c.put("exactly.once.support", "required");
            c.put("transaction.boundary", "poll");
        } else {
            c.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, SyncSinkConnector.class.getName());
            c.put(SinkConnectorConfig.TOPICS_CONFIG, TopicNames.eventBus(local));
            c.put("consumer.override.isolation.level", "read_committed");
        }
        String client = prefix + "client.";
        String own = prefix + mode.configName() + ".";
        String other = prefix + (mode == SyncMode.PULL ? "push." : "pull.");
        props.forEach((key, value) -> {
            if (key.startsWith(client)) {
                c.put(remoteSide + key.substring(client.length()), value);
            }
        });
        props.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.startsWith(client) && !key.startsWith(own) && !key.startsWith(other)) {
                String k = key.substring(prefix.length());
                if (!List.of("reactor.id", "bootstrap.servers", "mode", "tasks.max").contains(k)) {
                    c.put(k, value);
                }
            }
        });
        props.forEach((key, value) -> {
            if (key.startsWith(own)) {
                c.put(key.substring(own.length()), value);
            }
        });
        return c;
    }

    /** The connector name of a remote's direction. */
    public static String connectorName(String remote, SyncMode mode) {
        return "sync-" + remote + "-" + mode.configName();
    }

    private static String required(Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException("Missing " + key + ": set it in the configuration file");
        }
        return value;
    }

    private static List<String> list(String value) {
        List<String> result = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result;
    }

    /** First wait between restarts of a failed connector or task. */
    public Duration restartBackoff() {
        return restartBackoff;
    }

    /** Longest wait between restarts of a failed connector or task. */
    public Duration restartBackoffMax() {
        return restartBackoffMax;
    }

    /** The Connect worker's settings. */
    public Map<String, String> workerProps() {
        return workerProps;
    }

    /** The connectors to run, by name. */
    public Map<String, Map<String, String>> connectors() {
        return connectors;
    }
}
