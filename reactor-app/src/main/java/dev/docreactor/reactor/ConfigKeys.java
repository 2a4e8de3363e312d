package dev.docreactor.reactor;

import dev.docreactor.config.KeySuggestions;
import dev.docreactor.serde.ValueSerdes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which keys a reactor accepts: the keys of {@link ReactorConfig}'s ConfigDef, and, with the prefix
 * {@code streams.}, what Kafka Streams accepts: its own settings ({@code StreamsConfig.configDef()}), the
 * clients' settings unprefixed or for one client ({@code consumer.}, {@code main.consumer.},
 * {@code restore.consumer.}, {@code global.consumer.}, {@code producer.}, {@code admin.}), topic settings
 * ({@code topic.}) and rack tags ({@code client.tag.}); and the settings of a plugged-in value serializer
 * ({@code reactor.value.serde.}). Anything else refuses the start, naming where the
 * key came from and the closest known key.
 */
final class ConfigKeys {

    private static final String CLIENT_TAG_PREFIX = StreamsConfig.CLIENT_TAG_PREFIX;

    private static final Set<String> STREAMS_KEYS = streamsKeys();
    private static final Set<String> CLIENT_KEYS = KeySuggestions.union(ConsumerConfig.configNames(), ProducerConfig.configNames(),
        AdminClientConfig.configNames());
    private static final Map<String, Set<String>> CLIENT_PREFIXES = Map.of(
        StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
        StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
        StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
        StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
        StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
        StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames(),
        StreamsConfig.TOPIC_PREFIX, topicKeys());
    /** Every accepted {@code streams.} key but prefixed ones with a free tail, for suggestions. */
    private static final Set<String> STREAMS_CANDIDATES = streamsCandidates();

    private ConfigKeys() {
    }

    /**
     * Throws when any key is unknown, listing each with its source and, when one is close, the key meant.
     *
     * @param sources each key with where it came from (e.g. {@code file reactor.properties}, or an environment variable)
     * @param envNames the environment variable of each key read from the environment (to suggest a variable's name)
     */
    static void check(Map<String, String> sources, Map<String, String> envNames) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(sources).forEach((key, source) -> unknown(key).ifPresent(candidates -> {
            boolean fromEnv = envNames.containsKey(key);
            String shown = fromEnv ? envNames.get(key) + " (" + key + ")" : "'" + key + "'";
            StringBuilder problem = new StringBuilder("unknown key ").append(shown).append(" in ").append(source);
            Optional<String> meant = withStreamsPrefix(key).or(() -> KeySuggestions.closest(key, candidates));
            if (meant.isPresent()) {
                problem.append(": did you mean ").append(fromEnv ? envName(meant.get()) + " (" + meant.get() + ")" : "'" + meant.get() + "'")
                    .append('?');
            } else if (key.startsWith(ReactorConfig.STREAMS_PREFIX)) {
                problem.append(": not a Kafka Streams or client setting (StreamsConfig, ConsumerConfig, ProducerConfig, AdminClientConfig)");
            } else {
                problem.append(": not a reactor setting (`reactor config-reference` lists them; Kafka Streams and client "
                    + "settings take the prefix " + ReactorConfig.STREAMS_PREFIX + ")");
            }
            problems.add(problem.toString());
        }));
        if (!problems.isEmpty()) {
            throw new ConfigException("Refusing to start with unknown configuration: " + String.join("; ", problems));
        }
    }

    /** The environment variable that sets {@code key}: {@code http.port} → {@code REACTOR_HTTP_PORT}. */
    static String envName(String key) {
        return ReactorConfig.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Empty when {@code key} is accepted; otherwise the keys it may have meant. */
    private static Optional<Set<String>> unknown(String key) {
        if (key.startsWith(ValueSerdes.CONFIG_PREFIX) && key.length() > ValueSerdes.CONFIG_PREFIX.length()) {
            // Settings of a plugged-in value serializer (reactor.value.serializer): its own, not ours to know.
            return Optional.empty();
        }
        if (!key.startsWith(ReactorConfig.STREAMS_PREFIX)) {
            return ReactorConfig.CONFIG.names().contains(key) ? Optional.empty() : Optional.of(reactorCandidates());
        }
        String tail = key.substring(ReactorConfig.STREAMS_PREFIX.length());
        if (STREAMS_KEYS.contains(tail) || CLIENT_KEYS.contains(tail)
            || tail.startsWith(CLIENT_TAG_PREFIX) && tail.length() > CLIENT_TAG_PREFIX.length()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Set<String>> prefix : CLIENT_PREFIXES.entrySet()) {
            if (tail.startsWith(prefix.getKey()) && prefix.getValue().contains(tail.substring(prefix.getKey().length()))) {
                return Optional.empty();
            }
        }
        return Optional.of(STREAMS_CANDIDATES);
    }

    /** {@code streams.<key>} when {@code key} is a Kafka Streams or client setting given without the prefix. */
    private static Optional<String> withStreamsPrefix(String key) {
        String prefixed = ReactorConfig.STREAMS_PREFIX + key;
        return key.startsWith(ReactorConfig.STREAMS_PREFIX) || unknown(prefixed).isPresent() ? Optional.empty() : Optional.of(prefixed);
    }

    private static Set<String> reactorCandidates() {
        return ReactorConfig.CONFIG.names();
    }

    private static Set<String> streamsKeys() {
        return StreamsConfig.configDef().names();
    }

    /** The names of Kafka's topic-level settings ({@link TopicConfig}'s {@code *_CONFIG} constants). */
    private static Set<String> topicKeys() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("TopicConfig." + field.getName() + " is public and cannot be read", e);
                }
            }
        }
        return Set.copyOf(names);
    }

    private static Set<String> streamsCandidates() {
        Set<String> candidates = new TreeSet<>();
        Function<String, String> prefixed = k -> ReactorConfig.STREAMS_PREFIX + k;
        STREAMS_KEYS.stream().map(prefixed).forEach(candidates::add);
        CLIENT_KEYS.stream().map(prefixed).forEach(candidates::add);
        CLIENT_PREFIXES.forEach((prefix, names) -> names.forEach(n -> candidates.add(ReactorConfig.STREAMS_PREFIX + prefix + n)));
        return Set.copyOf(candidates);
    }
}
