package dev.docreactor.sync.connect;

import dev.docreactor.config.KeySuggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;

/**
 * Which keys the dedicated mode's file accepts ({@link DedicatedConfig}): its own keys, Connect worker
 * settings (those of {@code DistributedConfig}, with the prefixes Connect takes: {@code producer.}, {@code consumer.},
 * {@code admin.} for client settings, {@code config.providers.}, converters' and listeners' settings), and
 * per listed remote {@code remote.<name>.reactor.id|bootstrap.servers|mode|tasks.max}, {@code .client.}
 * plus a client setting, and connector settings (the sync connector's and Connect's own), for both
 * directions or under {@code .pull.} / {@code .push.}. Anything else refuses the start with the key meant.
 */
final class DedicatedKeys {

    private static final Set<String> CLIENT_KEYS = KeySuggestions.union(ProducerConfig.configNames(), ConsumerConfig.configNames(),
        AdminClientConfig.configNames());
    /** Worker prefixes whose tail is a client setting. */
    private static final List<String> WORKER_CLIENT_PREFIXES = List.of("producer.", "consumer.", "admin.");
    /** Worker prefixes whose tail belongs to a plugin (a config provider, a converter, a listener). */
    private static final List<String> WORKER_FREE_PREFIXES = List.of("config.providers.", "key.converter.", "value.converter.",
        "header.converter.", "listeners.https.", "admin.listeners.https.", "metrics.context.");
    /** Connector prefixes whose tail is a client setting. */
    private static final List<String> CONNECTOR_CLIENT_PREFIXES = List.of(SyncConnectorConfig.SOURCE_PREFIX, SyncConnectorConfig.TARGET_PREFIX,
        "producer.override.", "consumer.override.", "admin.override.");
    /** Connector prefixes whose tail belongs to a plugin (a transformation, a predicate, a converter, a value serializer). */
    private static final List<String> CONNECTOR_FREE_PREFIXES = List.of("transforms.", "predicates.", "key.converter.",
        "value.converter.", "header.converter.", dev.docreactor.serde.ValueSerdes.CONFIG_PREFIX);
    /** Keys of a remote that are not connector settings. */
    private static final Set<String> REMOTE_KEYS = Set.of("reactor.id", "bootstrap.servers", "mode", "tasks.max");

    private static final Set<String> OWN_KEYS = Set.of(DedicatedConfig.LOCAL_REACTOR_ID, DedicatedConfig.REMOTES,
        DedicatedConfig.SYNC_NAME, DedicatedConfig.RESTART_BACKOFF_MS, DedicatedConfig.RESTART_BACKOFF_MAX_MS);
    private static final Set<String> WORKER_KEYS = workerKeys();
    private static final Set<String> CONNECTOR_KEYS = KeySuggestions.union(SyncConnectorConfig.CONFIG_DEF.names(),
        SourceConnectorConfig.configDef().names(), SinkConnectorConfig.configDef().names());

    private DedicatedKeys() {
    }

    /**
     * Throws when a key is unknown, naming each with the key meant when one is close.
     *
     * @param props the file's entries
     * @param remotes the remotes the file lists
     */
    static void check(Map<String, String> props, List<String> remotes) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeMap<>(props).keySet()) {
            problem(key, remotes).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Refusing to start with unknown configuration: " + String.join("; ", problems));
        }
    }

    private static Optional<String> problem(String key, List<String> remotes) {
        if (!key.startsWith(DedicatedConfig.REMOTE_PREFIX)) {
            if (OWN_KEYS.contains(key) || isWorkerKey(key)) {
                return Optional.empty();
            }
            Set<String> candidates = KeySuggestions.union(OWN_KEYS, WORKER_KEYS);
            return Optional.of(unknown(key, candidates, "not a dedicated-mode key nor a Connect worker setting"));
        }
        String rest = key.substring(DedicatedConfig.REMOTE_PREFIX.length());
        int dot = rest.indexOf('.');
        String remote = dot < 0 ? rest : rest.substring(0, dot);
        if (!remotes.contains(remote)) {
            return Optional.of("'" + key + "' is about remote '" + remote + "', which " + DedicatedConfig.REMOTES
                + " does not list (" + String.join(",", remotes) + "): add it there or fix the name");
        }
        String tail = dot < 0 ? "" : rest.substring(dot + 1);
        String prefix = DedicatedConfig.REMOTE_PREFIX + remote + ".";
        if (REMOTE_KEYS.contains(tail)) {
            return Optional.empty();
        }
        if (tail.startsWith("client.")) {
            return CLIENT_KEYS.contains(tail.substring("client.".length())) ? Optional.empty()
                : Optional.of(unknown(key, prefixed(prefix + "client.", CLIENT_KEYS), "not a Kafka client setting"));
        }
        for (String direction : List.of("pull.", "push.")) {
            if (tail.startsWith(direction)) {
                String connectorKey = tail.substring(direction.length());
                return isConnectorKey(connectorKey) ? Optional.empty()
                    : Optional.of(unknown(key, prefixed(prefix + direction, CONNECTOR_KEYS), "not a sync connector or Connect connector setting"));
            }
        }
        if (isConnectorKey(tail)) {
            return Optional.empty();
        }
        Set<String> candidates = KeySuggestions.union(prefixed(prefix, REMOTE_KEYS), prefixed(prefix, CONNECTOR_KEYS));
        return Optional.of(unknown(key, candidates, "not a remote's key nor a sync connector or Connect connector setting"));
    }

    /**
     * The keys a distributed Connect worker defines. {@code DistributedConfig} does not publish its
     * ConfigDef, so they are read from a worker configuration built from dedicated mode's defaults.
     */
    private static Set<String> workerKeys() {
        Map<String, String> minimal = new HashMap<>(DedicatedConfig.workerDefaults("key-check"));
        minimal.put(DistributedConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        return Set.copyOf(new DistributedConfig(minimal).values().keySet());
    }

    private static boolean isWorkerKey(String key) {
        if (WORKER_KEYS.contains(key) || WORKER_FREE_PREFIXES.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return WORKER_CLIENT_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && CLIENT_KEYS.contains(key.substring(p.length())));
    }

    private static boolean isConnectorKey(String key) {
        if (CONNECTOR_KEYS.contains(key) || CONNECTOR_FREE_PREFIXES.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return CONNECTOR_CLIENT_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && CLIENT_KEYS.contains(key.substring(p.length())));
    }

    private static String unknown(String key, Set<String> candidates, String what) {
        return "unknown key '" + key + "': " + KeySuggestions.closest(key, candidates).map(meant -> "did you mean '" + meant + "'?")
            .orElse(what);
    }

    private static Set<String> prefixed(String prefix, Set<String> keys) {
        Set<String> result = new HashSet<>();
        keys.forEach(k -> result.add(prefix + k));
        return result;
    }
}
