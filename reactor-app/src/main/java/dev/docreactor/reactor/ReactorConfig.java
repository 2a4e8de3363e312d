package dev.docreactor.reactor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of one reactor. Keys come from a properties file and from environment variables
 * ({@code REACTOR_HTTP_PORT} sets {@code http.port}: prefix {@code REACTOR_}, upper case, dots as
 * underscores); environment variables win. Any Kafka Streams (or client) setting passes through with
 * the prefix {@code streams.}, e.g. {@code streams.num.stream.threads=2}.
 */
public final class ReactorConfig extends AbstractConfig {

    /** Prefix of Kafka Streams settings passed through unchanged. */
    public static final String STREAMS_PREFIX = "streams.";
    /** Prefix of environment variables read as configuration. */
    public static final String ENV_PREFIX = "REACTOR_";

    public static final String REACTOR_ID = "reactor.id";
    public static final String REACTOR_ID_DOC = "This reactor's id: the origin of the operations it creates, and the base of its topic names and "
        + "of the Kafka Streams application.id (reactor-<reactor.id>). Instances with the same id share the work. Letters, digits, '.', '_', '-'.";
    public static final String REACTOR_ID_DEFAULT = "a";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka cluster to use. Empty: start an embedded single-node broker (data under data.dir) and use it.";
    public static final String BOOTSTRAP_SERVERS_DEFAULT = "";

    public static final String QUEUE_TOPIC = "reactor.queue.topic";
    public static final String QUEUE_TOPIC_DOC = "The queue: topic of jobs (key = document id). Default <reactor.id>.queue.";

    public static final String DLQ_TOPIC = "reactor.dlq.topic";
    public static final String DLQ_TOPIC_DOC = "Dead-letter topic: records that failed, with the reason and their source. Default <reactor.id>.dlq.";

    public static final String JOB_RESULTS_TOPIC = "reactor.job.results.topic";
    public static final String JOB_RESULTS_TOPIC_DOC = "Topic of job results (key = job id), compacted. Default <reactor.id>.job-results.";

    public static final String TOPIC_PARTITIONS = "reactor.topic.partitions";
    public static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics the reactor creates when missing: the parallelism (documents are spread over partitions).";
    public static final int TOPIC_PARTITIONS_DEFAULT = 6;

    public static final String TOPIC_REPLICATION_FACTOR = "reactor.topic.replication.factor";
    public static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of the topics the reactor creates (also used for Streams' internal topics); -1 = the broker's default.replication.factor.";
    public static final int TOPIC_REPLICATION_FACTOR_DEFAULT = -1;

    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String PROCESSING_GUARANTEE_DOC = "Kafka Streams processing guarantee: exactly_once_v2 (append operations, update view and publish results atomically) or at_least_once.";
    public static final String PROCESSING_GUARANTEE_DEFAULT = StreamsConfig.EXACTLY_ONCE_V2;

    public static final String STATE_DIR = "state.dir";
    public static final String STATE_DIR_DOC = "Directory of the RocksDB stores (operations store, document view). Deleting it restores the stores from their changelogs.";
    public static final String STATE_DIR_DEFAULT = "./data/state";

    public static final String DATA_DIR = "data.dir";
    public static final String DATA_DIR_DOC = "Directory of the embedded broker's data when bootstrap.servers is empty (a kafka/ folder under it).";
    public static final String DATA_DIR_DEFAULT = "./data";

    public static final String EMBEDDED_KAFKA_PORT = "embedded.kafka.port";
    public static final String EMBEDDED_KAFKA_PORT_DOC = "Client port of the embedded broker (its controller uses port + 1); 0 picks free ports.";
    public static final int EMBEDDED_KAFKA_PORT_DEFAULT = 9092;

    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_PORT_DOC = "Port of the HTTP API; 0 picks a free one.";
    public static final int HTTP_PORT_DEFAULT = 8080;

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_HOST_DOC = "Address the HTTP API binds to.";
    public static final String HTTP_HOST_DEFAULT = "0.0.0.0";

    public static final String HTTP_ADVERTISED_ADDRESS = "http.advertised.address";
    public static final String HTTP_ADVERTISED_ADDRESS_DOC = "host:port other instances of this reactor use to reach this instance's HTTP API (queries for documents hosted here are forwarded to it). Default localhost:<http.port>.";

    public static final String MAX_JOB_BYTES = "reactor.max.job.bytes";
    public static final String MAX_JOB_BYTES_DOC = "Largest queue record accepted; a larger one fails and is dead-lettered.";
    public static final int MAX_JOB_BYTES_DEFAULT = 512 * 1024;

    public static final String WAIT_TIMEOUT_MS = "http.wait.timeout.ms";
    public static final String WAIT_TIMEOUT_MS_DOC = "How long ?wait=true requests wait for a job's result before answering 504.";
    public static final long WAIT_TIMEOUT_MS_DEFAULT = 30_000L;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    static final ConfigDef CONFIG = new ConfigDef()
        .define(REACTOR_ID, Type.STRING, REACTOR_ID_DEFAULT, (name, value) -> {
            if (value == null || !ID.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "use 1-100 letters, digits, '.', '_' or '-'");
            }
        }, Importance.HIGH, REACTOR_ID_DOC)
        .define(BOOTSTRAP_SERVERS, Type.STRING, BOOTSTRAP_SERVERS_DEFAULT, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
        .define(QUEUE_TOPIC, Type.STRING, "", Importance.MEDIUM, QUEUE_TOPIC_DOC)
        .define(DLQ_TOPIC, Type.STRING, "", Importance.MEDIUM, DLQ_TOPIC_DOC)
        .define(JOB_RESULTS_TOPIC, Type.STRING, "", Importance.LOW, JOB_RESULTS_TOPIC_DOC)
        .define(TOPIC_PARTITIONS, Type.INT, TOPIC_PARTITIONS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM, TOPIC_PARTITIONS_DOC)
        .define(TOPIC_REPLICATION_FACTOR, Type.INT, TOPIC_REPLICATION_FACTOR_DEFAULT, ConfigDef.Range.atLeast(-1), Importance.MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
        .define(PROCESSING_GUARANTEE, Type.STRING, PROCESSING_GUARANTEE_DEFAULT,
            ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM, PROCESSING_GUARANTEE_DOC)
        .define(STATE_DIR, Type.STRING, STATE_DIR_DEFAULT, Importance.MEDIUM, STATE_DIR_DOC)
        .define(DATA_DIR, Type.STRING, DATA_DIR_DEFAULT, Importance.LOW, DATA_DIR_DOC)
        .define(EMBEDDED_KAFKA_PORT, Type.INT, EMBEDDED_KAFKA_PORT_DEFAULT, ConfigDef.Range.between(0, 65534), Importance.LOW, EMBEDDED_KAFKA_PORT_DOC)
        .define(HTTP_PORT, Type.INT, HTTP_PORT_DEFAULT, ConfigDef.Range.between(0, 65535), Importance.HIGH, HTTP_PORT_DOC)
        .define(HTTP_HOST, Type.STRING, HTTP_HOST_DEFAULT, Importance.LOW, HTTP_HOST_DOC)
        .define(HTTP_ADVERTISED_ADDRESS, Type.STRING, "", Importance.MEDIUM, HTTP_ADVERTISED_ADDRESS_DOC)
        .define(MAX_JOB_BYTES, Type.INT, MAX_JOB_BYTES_DEFAULT, ConfigDef.Range.atLeast(1024), Importance.LOW, MAX_JOB_BYTES_DOC)
        .define(WAIT_TIMEOUT_MS, Type.LONG, WAIT_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, WAIT_TIMEOUT_MS_DOC);

    private final Map<String, String> streamsOverrides;

    /** Builds and validates a configuration from raw key/values ({@code streams.} keys pass through). */
    public ReactorConfig(Map<String, ?> originals) {
        super(CONFIG, withoutStreams(originals), false);
        Map<String, String> overrides = new HashMap<>();
        originals.forEach((k, v) -> {
            if (k.startsWith(STREAMS_PREFIX) && v != null) {
                overrides.put(k.substring(STREAMS_PREFIX.length()), v.toString());
            }
        });
        this.streamsOverrides = Map.copyOf(overrides);
        validate();
    }

    /**
     * Merges a properties file's entries with environment variables (which win).
     *
     * @param file entries of the properties file (may be empty)
     * @param env the environment, e.g. {@code System.getenv()}
     */
    public static ReactorConfig fromFileAndEnv(Properties file, Map<String, String> env) {
        Map<String, Object> merged = new HashMap<>();
        file.forEach((k, v) -> merged.put(k.toString(), v));
        merged.putAll(fromEnvironment(env));
        return new ReactorConfig(merged);
    }

    /** Configuration keys found in environment variables: {@code REACTOR_HTTP_PORT} → {@code http.port}. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> keys = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                keys.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return keys;
    }

    private static Map<String, Object> withoutStreams(Map<String, ?> originals) {
        Map<String, Object> copy = new HashMap<>();
        originals.forEach((k, v) -> {
            if (!k.startsWith(STREAMS_PREFIX)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (streamsOverrides.containsKey(StreamsConfig.APPLICATION_ID_CONFIG)) {
            problems.add("remove streams.application.id: the application id is always reactor-<reactor.id>");
        }
        if (streamsOverrides.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
            problems.add("remove streams.application.server: set http.advertised.address instead");
        }
        String advertised = getString(HTTP_ADVERTISED_ADDRESS);
        if (!advertised.isEmpty() && !advertised.matches("[^:/\\s]+:\\d{1,5}")) {
            problems.add("set " + HTTP_ADVERTISED_ADDRESS + " to host:port (was '" + advertised + "')");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid reactor configuration: " + String.join("; ", problems));
        }
    }

    /** This reactor's id. */
    public String reactorId() {
        return getString(REACTOR_ID);
    }

    /** The Kafka Streams application id, {@code reactor-<reactor.id>}. */
    public String applicationId() {
        return "reactor-" + reactorId();
    }

    /** The configured cluster, or empty to start an embedded broker. */
    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS).trim();
    }

    /** The queue topic. */
    public String queueTopic() {
        return orDefault(QUEUE_TOPIC, reactorId() + ".queue");
    }

    /** The dead-letter topic. */
    public String dlqTopic() {
        return orDefault(DLQ_TOPIC, reactorId() + ".dlq");
    }

    /** The job results topic. */
    public String jobResultsTopic() {
        return orDefault(JOB_RESULTS_TOPIC, reactorId() + ".job-results");
    }

    /** The event bus: changelog topic of the operations store. */
    public String eventBusTopic() {
        return applicationId() + "-" + dev.docreactor.reactor.store.StoreNames.OPERATIONS + "-changelog";
    }

    /** Partitions of created topics. */
    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    /** Replication factor of created topics, -1 for the broker default. */
    public short topicReplicationFactor() {
        return getInt(TOPIC_REPLICATION_FACTOR).shortValue();
    }

    /** The processing guarantee. */
    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    /** The state directory. */
    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    /** The embedded broker's data directory. */
    public Path dataDir() {
        return Path.of(getString(DATA_DIR));
    }

    /** The embedded broker's client port. */
    public int embeddedKafkaPort() {
        return getInt(EMBEDDED_KAFKA_PORT);
    }

    /** The HTTP port. */
    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    /** The HTTP bind address. */
    public String httpHost() {
        return getString(HTTP_HOST);
    }

    /** The advertised host:port, given the port actually bound. */
    public String httpAdvertisedAddress(int boundPort) {
        String advertised = getString(HTTP_ADVERTISED_ADDRESS);
        return advertised.isEmpty() ? "localhost:" + boundPort : advertised;
    }

    /** Largest accepted queue record. */
    public int maxJobBytes() {
        return getInt(MAX_JOB_BYTES);
    }

    /** Wait timeout of ?wait=true requests. */
    public java.time.Duration waitTimeout() {
        return java.time.Duration.ofMillis(getLong(WAIT_TIMEOUT_MS));
    }

    /** Kafka Streams settings given with the {@code streams.} prefix. */
    public Map<String, String> streamsOverrides() {
        return streamsOverrides;
    }

    /** The configuration reference as a Markdown table, generated from the ConfigDef. */
    public static String markdownReference() {
        StringBuilder md = new StringBuilder("| key | type | default | description |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(CONFIG.configKeys()).values()) {
            Object def = key.defaultValue;
            String shown = def == null || def.toString().isEmpty() ? "(empty)" : def.toString();
            md.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                .append(" | `").append(shown).append("` | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        md.append("| `streams.*` | | | Any Kafka Streams or client setting, passed through without the prefix (e.g. `streams.num.stream.threads=2`). |\n");
        return md.toString();
    }

    private String orDefault(String key, String fallback) {
        String value = getString(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
