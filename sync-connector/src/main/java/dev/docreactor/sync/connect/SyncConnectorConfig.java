package dev.docreactor.sync.connect;

import dev.docreactor.contract.Scopes;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.serde.ValueSerdes;
import dev.docreactor.sync.manager.SyncFilter;
import dev.docreactor.sync.manager.SyncSettings;
import dev.docreactor.sync.scheduler.SchedulerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration shared by the pull ({@link SyncSourceConnector}) and push ({@link SyncSinkConnector})
 * connectors. Client settings of either cluster (security, SSL, SASL, timeouts) pass through with the
 * {@value #SOURCE_PREFIX} and {@value #TARGET_PREFIX} prefixes, e.g. {@code source.security.protocol}.
 */
public class SyncConnectorConfig extends AbstractConfig {

    /** Prefix of the source (event-bus side) cluster's client settings. */
    public static final String SOURCE_PREFIX = "source.";
    /** Prefix of the target (queue side) cluster's client settings. */
    public static final String TARGET_PREFIX = "target.";

    private static final String GROUP_REMOTE = "Remote";
    private static final String GROUP_FILTER = "Filters";
    private static final String GROUP_BATCH = "Batching and delivery";
    private static final String GROUP_SCHEDULER = "Scheduler (pull)";

    public static final String REMOTE_NAME = "remote.name";
    public static final String REMOTE_NAME_DOC = "Name of the remote this connector synchronizes with; tags metrics "
        + "and cursors. Defaults to the remote reactor's id (source.reactor.id in pull mode, target.reactor.id in push mode).";
    public static final String REMOTE_NAME_DEFAULT = "";

    public static final String MODE = "mode";
    public static final String MODE_DOC = "push or pull. pull: a SyncSourceConnector on the target side reads the "
        + "remote event bus; push: a SyncSinkConnector on the source side writes to the remote queue. Empty means the "
        + "connector class decides; a value that contradicts the class is rejected.";
    public static final String MODE_DEFAULT = "";

    public static final String SOURCE_REACTOR_ID = SOURCE_PREFIX + "reactor.id";
    public static final String SOURCE_REACTOR_ID_DOC = "Id of the reactor whose event bus is read (the source). "
        + "Jobs carry it as their source; it derives the default source.topic.";

    public static final String SOURCE_TOPIC = SOURCE_PREFIX + "topic";
    public static final String SOURCE_TOPIC_DOC = "The source reactor's event bus (operations changelog). Empty means "
        + TopicNames.eventBus("<source.reactor.id>") + ".";
    public static final String SOURCE_TOPIC_DEFAULT = "";

    public static final String SOURCE_BOOTSTRAP_SERVERS = SOURCE_PREFIX + "bootstrap.servers";
    public static final String SOURCE_BOOTSTRAP_SERVERS_DOC = "Bootstrap servers of the source cluster. Required in "
        + "pull mode (the remote cluster); unused in push mode, where Connect's own consumer reads the local event bus "
        + "(set topics to the event bus). Other source.* client settings (security.protocol, ssl.*, sasl.*) are passed "
        + "to the source consumer.";
    public static final String SOURCE_BOOTSTRAP_SERVERS_DEFAULT = "";

    public static final String TARGET_REACTOR_ID = TARGET_PREFIX + "reactor.id";
    public static final String TARGET_REACTOR_ID_DOC = "Id of the reactor whose queue is written (the target). "
        + "Operations that originated there are echoes: never sent back, acknowledged instead.";

    public static final String TARGET_QUEUE_TOPIC = TARGET_PREFIX + "queue.topic";
    public static final String TARGET_QUEUE_TOPIC_DOC = "The target reactor's queue topic. Empty means "
        + TopicNames.queue("<target.reactor.id>") + ".";
    public static final String TARGET_QUEUE_TOPIC_DEFAULT = "";

    public static final String TARGET_BOOTSTRAP_SERVERS = TARGET_PREFIX + "bootstrap.servers";
    public static final String TARGET_BOOTSTRAP_SERVERS_DOC = "Bootstrap servers of the target cluster. Required in "
        + "push mode (the remote cluster). Optional in pull mode, where Connect writes to its own cluster: when set, "
        + "the local queue's lag is measured for the scheduler. Other target.* client settings (security.protocol, "
        + "ssl.*, sasl.*) are passed to the target clients.";
    public static final String TARGET_BOOTSTRAP_SERVERS_DEFAULT = "";

    public static final String TARGET_CONSUMER_GROUP = TARGET_PREFIX + "consumer.group";
    public static final String TARGET_CONSUMER_GROUP_DOC = "Consumer group of the target reactor (its Kafka Streams "
        + "application id), whose lag on the queue slows pulls down. Empty means "
        + TopicNames.applicationId("<target.reactor.id>") + ".";
    public static final String TARGET_CONSUMER_GROUP_DEFAULT = "";

    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String DEAD_LETTER_TOPIC_DOC = "Topic on the target cluster receiving dead letters "
        + "(undecodable records, operations the target would reject). Empty means "
        + TopicNames.deadLetters("<target.reactor.id>") + ".";
    public static final String DEAD_LETTER_TOPIC_DEFAULT = "";

    public static final String FILTER_DOCUMENT_IDS = "filter.document.ids";
    public static final String FILTER_DOCUMENT_IDS_DOC = "Document ids to synchronize; empty synchronizes every document.";
    public static final String FILTER_DOCUMENT_IDS_DEFAULT = "";

    public static final String FILTER_DOCUMENT_TYPES = "filter.document.types";
    public static final String FILTER_DOCUMENT_TYPES_DOC = "Document types to synchronize; empty synchronizes every type.";
    public static final String FILTER_DOCUMENT_TYPES_DEFAULT = "";

    public static final String FILTER_SCOPES = "filter.scopes";
    public static final String FILTER_SCOPES_DOC = "Scopes to synchronize; empty synchronizes every scope but "
        + Scopes.LOCAL + ". A list must include " + Scopes.DOCUMENT + " (the lifecycle scope: without creations and "
        + "deletions the target keeps every other operation pending, invisible). Scope " + Scopes.LOCAL
        + " is never synchronized and may not be listed.";
    public static final String FILTER_SCOPES_DEFAULT = "";

    public static final String FILTER_BRANCH = "filter.branch";
    public static final String FILTER_BRANCH_DOC = "The only branch to synchronize; empty synchronizes every branch.";
    public static final String FILTER_BRANCH_DEFAULT = "";

    public static final String BATCH_MAX_OPERATIONS = "batch.max.operations";
    public static final String BATCH_MAX_OPERATIONS_DOC = "Most operations of one document in one LOAD job; more are "
        + "split into several jobs, in order. At most the target reactor's reactor.max.actions.per.job (default 500), which fails longer jobs.";
    public static final int BATCH_MAX_OPERATIONS_DEFAULT = 500;

    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_MAX_BYTES_DOC = "Most bytes of one job; at most the target reactor's "
        + "reactor.max.job.bytes (default 512 KiB), which fails larger jobs. A single operation larger than this becomes a dead letter.";
    public static final int BATCH_MAX_BYTES_DEFAULT = 512 * 1024;

    public static final String POLL_MAX_RECORDS = "poll.max.records";
    public static final String POLL_MAX_RECORDS_DOC = "Pull mode: most event-bus records read per poll.";
    public static final int POLL_MAX_RECORDS_DEFAULT = 1000;

    public static final String SKIP_REAPPLIED = "skip.reapplied";
    public static final String SKIP_REAPPLIED_DOC = "Leave out operations re-applied by a rebase (their original was "
        + "already sent).";
    public static final boolean SKIP_REAPPLIED_DEFAULT = true;

    public static final String ACK_ENABLED = "ack.enabled";
    public static final String ACK_ENABLED_DOC = "Turn echoes (operations the target originated, seen on the source's "
        + "event bus) into SYNC_ACK jobs on the target queue, so the target knows the source applied them.";
    public static final boolean ACK_ENABLED_DEFAULT = true;

    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC = "First wait before retrying after the remote cluster failed; "
        + "doubles on each failure in a row.";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 500;

    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between retries.";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 30_000;

    public static final String REMOTE_TIMEOUT_MS = "remote.timeout.ms";
    public static final String REMOTE_TIMEOUT_MS_DOC = "How long one attempt to reach the remote cluster may take "
        + "(metadata, delivery, offsets) before it counts as failed and is retried.";
    public static final long REMOTE_TIMEOUT_MS_DEFAULT = 30_000;

    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String HEARTBEAT_INTERVAL_MS_DOC = "How often a HEARTBEAT job goes to the target queue, also "
        + "when no operation flows. It carries the time up to which the source event bus was read and delivered "
        + "ahead of it; the target reactor's replication-lag-ms metric is its age, so a stall anywhere on the way "
        + "shows within a few intervals.";
    public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 1_000;

    public static final String SCHEDULER_MIN_INTERVAL_MS = "scheduler.min.interval.ms";
    public static final String SCHEDULER_MIN_INTERVAL_MS_DOC = "Shortest pause between pulls without backlog. 0 pulls "
        + "again at once: a pull long-polls the remote and returns as soon as it has records, so any pause here is added "
        + "to the latency of every operation that arrives meanwhile.";
    public static final long SCHEDULER_MIN_INTERVAL_MS_DEFAULT = 0;

    public static final String SCHEDULER_MAX_INTERVAL_MS = "scheduler.max.interval.ms";
    public static final String SCHEDULER_MAX_INTERVAL_MS_DOC = "Longest pause between pulls: under local backpressure "
        + "and after a long idle time (see scheduler.peer.active.window.ms), when the first operation after the silence "
        + "may wait this long.";
    public static final long SCHEDULER_MAX_INTERVAL_MS_DEFAULT = 5_000;

    public static final String SCHEDULER_BACKOFF_MULTIPLIER = "scheduler.backoff.multiplier";
    public static final String SCHEDULER_BACKOFF_MULTIPLIER_DOC = "Growth of the pause after each empty pull while "
        + "the peer is idle (> 1).";
    public static final double SCHEDULER_BACKOFF_MULTIPLIER_DEFAULT = 2.0;

    public static final String SCHEDULER_PEER_ACTIVE_WINDOW_MS = "scheduler.peer.active.window.ms";
    public static final String SCHEDULER_PEER_ACTIVE_WINDOW_MS_DOC = "How long after the last records pulled from "
        + "the remote (or the task's start) the peer counts as active: until then an empty pull is followed by at most "
        + "scheduler.peer.active.interval.ms of pause; after it, pauses grow towards scheduler.max.interval.ms, which "
        + "asks an idle remote less often and delays the first operation after the silence by up to that pause.";
    public static final long SCHEDULER_PEER_ACTIVE_WINDOW_MS_DEFAULT = 300_000;

    public static final String SCHEDULER_PEER_ACTIVE_INTERVAL_MS = "scheduler.peer.active.interval.ms";
    public static final String SCHEDULER_PEER_ACTIVE_INTERVAL_MS_DOC = "Longest pause after an empty pull while the "
        + "peer is active; 0 long-polls again at once.";
    public static final long SCHEDULER_PEER_ACTIVE_INTERVAL_MS_DEFAULT = 0;

    public static final String SCHEDULER_TARGET_BATCH_OPERATIONS = "scheduler.target.batch.operations";
    public static final String SCHEDULER_TARGET_BATCH_OPERATIONS_DOC = "0: never pause while operations flow. More: "
        + "after a pull that returned operations, pause for the time this many take to arrive at the current rate (at "
        + "most batch.max.bytes' worth, at most scheduler.max.interval.ms): fewer, larger LOAD jobs for the target "
        + "reactor to apply, each operation up to that pause later.";
    public static final int SCHEDULER_TARGET_BATCH_OPERATIONS_DEFAULT = 0;

    public static final String SCHEDULER_ROUND_TRIP_FACTOR = "scheduler.round.trip.factor";
    public static final String SCHEDULER_ROUND_TRIP_FACTOR_DOC = "A pause, when there is one, lasts at least this many "
        + "measured round trips to the remote cluster.";
    public static final double SCHEDULER_ROUND_TRIP_FACTOR_DEFAULT = 1.0;

    public static final String SCHEDULER_LOCAL_LAG_HIGH = "scheduler.local.lag.high";
    public static final String SCHEDULER_LOCAL_LAG_HIGH_DOC = "Local queue lag (records not yet consumed by the target "
        + "reactor) at which pulls slow down to the maximum interval; from half of it they slow down gradually.";
    public static final long SCHEDULER_LOCAL_LAG_HIGH_DEFAULT = 10_000;

    /** Connect's setting of the push connector's consumer isolation level, which must be read_committed. */
    public static final String PUSH_ISOLATION_LEVEL = "consumer.override.isolation.level";
    /** The only isolation level a push connector may read the event bus with. */
    public static final String READ_COMMITTED = "read_committed";

    private static final String GROUP_SECURITY = "Security";
    private static final String GROUP_FORMAT = "Record format";
    /**
     * Client settings of either cluster that hold secrets. They are declared {@code PASSWORD} (as
     * {@code source.<key>} and {@code target.<key>}) so Connect and {@code AbstractConfig} show them as
     * {@code [hidden]}; the clients get them unchanged. Store them as config provider references
     * ({@code ${file:...}}, {@code ${env:...}}) so Connect's config topic and REST API hold no secret either.
     */
    public static final List<String> SECRET_CLIENT_KEYS = List.of("sasl.jaas.config", "ssl.keystore.password", "ssl.key.password",
        "ssl.truststore.password", "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates",
        "sasl.oauthbearer.client.credentials.client.secret");
    /** Client settings of either cluster documented here (they pass through like any other). */
    public static final Map<String, String> DOCUMENTED_CLIENT_KEYS = Map.of(
        "security.protocol", "Protocol of the clients: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
        "sasl.mechanism", "SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.",
        "ssl.keystore.type", "Type of the client keystore: JKS, PKCS12 or PEM (then ssl.keystore.key and ssl.keystore.certificate.chain).",
        "ssl.keystore.location", "Client keystore file (mTLS to the cluster).",
        "ssl.truststore.type", "Type of the truststore: JKS, PKCS12 or PEM (then ssl.truststore.certificates).",
        "ssl.truststore.location", "Truststore file with the cluster's CA.");

    /** Keys of this class that start with a client prefix but are not client settings. */
    private static final Set<String> OWN_PREFIXED_KEYS = Set.of(SOURCE_REACTOR_ID, SOURCE_TOPIC, TARGET_REACTOR_ID,
        TARGET_QUEUE_TOPIC, TARGET_CONSUMER_GROUP);

    /** Every key, documented. */
    public static final ConfigDef CONFIG_DEF = configDef();

    /** Parses and checks the configuration; see {@link #validate()} for cross-key checks. */
    public SyncConnectorConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    protected SyncConnectorConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(REMOTE_NAME, Type.STRING, REMOTE_NAME_DEFAULT, Importance.HIGH, REMOTE_NAME_DOC, GROUP_REMOTE, ++o,
            ConfigDef.Width.SHORT, REMOTE_NAME);
        def.define(MODE, Type.STRING, MODE_DEFAULT, ConfigDef.CaseInsensitiveValidString.in("", "push", "pull"),
            Importance.HIGH, MODE_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.SHORT, MODE);
        def.define(SOURCE_REACTOR_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
            Importance.HIGH, SOURCE_REACTOR_ID_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.SHORT, SOURCE_REACTOR_ID);
        def.define(SOURCE_TOPIC, Type.STRING, SOURCE_TOPIC_DEFAULT, Importance.MEDIUM, SOURCE_TOPIC_DOC, GROUP_REMOTE,
            ++o, ConfigDef.Width.LONG, SOURCE_TOPIC);
        def.define(SOURCE_BOOTSTRAP_SERVERS, Type.STRING, SOURCE_BOOTSTRAP_SERVERS_DEFAULT, Importance.HIGH,
            SOURCE_BOOTSTRAP_SERVERS_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.LONG, SOURCE_BOOTSTRAP_SERVERS);
        def.define(TARGET_REACTOR_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
            Importance.HIGH, TARGET_REACTOR_ID_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.SHORT, TARGET_REACTOR_ID);
        def.define(TARGET_QUEUE_TOPIC, Type.STRING, TARGET_QUEUE_TOPIC_DEFAULT, Importance.MEDIUM,
            TARGET_QUEUE_TOPIC_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.LONG, TARGET_QUEUE_TOPIC);
        def.define(TARGET_BOOTSTRAP_SERVERS, Type.STRING, TARGET_BOOTSTRAP_SERVERS_DEFAULT, Importance.HIGH,
            TARGET_BOOTSTRAP_SERVERS_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.LONG, TARGET_BOOTSTRAP_SERVERS);
        def.define(TARGET_CONSUMER_GROUP, Type.STRING, TARGET_CONSUMER_GROUP_DEFAULT, Importance.LOW,
            TARGET_CONSUMER_GROUP_DOC, GROUP_REMOTE, ++o, ConfigDef.Width.MEDIUM, TARGET_CONSUMER_GROUP);
        def.define(DEAD_LETTER_TOPIC, Type.STRING, DEAD_LETTER_TOPIC_DEFAULT, Importance.MEDIUM, DEAD_LETTER_TOPIC_DOC,
            GROUP_REMOTE, ++o, ConfigDef.Width.MEDIUM, DEAD_LETTER_TOPIC);
        o = 0;
        def.define(FILTER_DOCUMENT_IDS, Type.LIST, FILTER_DOCUMENT_IDS_DEFAULT, Importance.MEDIUM,
            FILTER_DOCUMENT_IDS_DOC, GROUP_FILTER, ++o, ConfigDef.Width.LONG, FILTER_DOCUMENT_IDS);
        def.define(FILTER_DOCUMENT_TYPES, Type.LIST, FILTER_DOCUMENT_TYPES_DEFAULT, Importance.MEDIUM,
            FILTER_DOCUMENT_TYPES_DOC, GROUP_FILTER, ++o, ConfigDef.Width.LONG, FILTER_DOCUMENT_TYPES);
        def.define(FILTER_SCOPES, Type.LIST, FILTER_SCOPES_DEFAULT, Importance.MEDIUM, FILTER_SCOPES_DOC, GROUP_FILTER,
            ++o, ConfigDef.Width.LONG, FILTER_SCOPES);
        def.define(FILTER_BRANCH, Type.STRING, FILTER_BRANCH_DEFAULT, Importance.MEDIUM, FILTER_BRANCH_DOC,
            GROUP_FILTER, ++o, ConfigDef.Width.SHORT, FILTER_BRANCH);
        o = 0;
        def.define(BATCH_MAX_OPERATIONS, Type.INT, BATCH_MAX_OPERATIONS_DEFAULT, ConfigDef.Range.atLeast(1),
            Importance.MEDIUM, BATCH_MAX_OPERATIONS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, BATCH_MAX_OPERATIONS);
        def.define(BATCH_MAX_BYTES, Type.INT, BATCH_MAX_BYTES_DEFAULT, ConfigDef.Range.atLeast(1024),
            Importance.MEDIUM, BATCH_MAX_BYTES_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, BATCH_MAX_BYTES);
        def.define(POLL_MAX_RECORDS, Type.INT, POLL_MAX_RECORDS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW,
            POLL_MAX_RECORDS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, POLL_MAX_RECORDS);
        def.define(SKIP_REAPPLIED, Type.BOOLEAN, SKIP_REAPPLIED_DEFAULT, Importance.LOW, SKIP_REAPPLIED_DOC,
            GROUP_BATCH, ++o, ConfigDef.Width.SHORT, SKIP_REAPPLIED);
        def.define(ACK_ENABLED, Type.BOOLEAN, ACK_ENABLED_DEFAULT, Importance.LOW, ACK_ENABLED_DOC, GROUP_BATCH, ++o,
            ConfigDef.Width.SHORT, ACK_ENABLED);
        def.define(RETRY_BACKOFF_MS, Type.LONG, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW,
            RETRY_BACKOFF_MS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, RETRY_BACKOFF_MS);
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, ConfigDef.Range.atLeast(1),
            Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, RETRY_BACKOFF_MAX_MS);
        def.define(REMOTE_TIMEOUT_MS, Type.LONG, REMOTE_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1000),
            Importance.LOW, REMOTE_TIMEOUT_MS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, REMOTE_TIMEOUT_MS);
        def.define(HEARTBEAT_INTERVAL_MS, Type.LONG, HEARTBEAT_INTERVAL_MS_DEFAULT, ConfigDef.Range.between(100, 60_000),
            Importance.MEDIUM, HEARTBEAT_INTERVAL_MS_DOC, GROUP_BATCH, ++o, ConfigDef.Width.SHORT, HEARTBEAT_INTERVAL_MS);
        o = 0;
        def.define(SCHEDULER_MIN_INTERVAL_MS, Type.LONG, SCHEDULER_MIN_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(0),
            Importance.LOW, SCHEDULER_MIN_INTERVAL_MS_DOC, GROUP_SCHEDULER, ++o, ConfigDef.Width.SHORT,
            SCHEDULER_MIN_INTERVAL_MS);
        def.define(SCHEDULER_MAX_INTERVAL_MS, Type.LONG, SCHEDULER_MAX_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(0),
            Importance.MEDIUM, SCHEDULER_MAX_INTERVAL_MS_DOC, GROUP_SCHEDULER, ++o, ConfigDef.Width.SHORT,
            SCHEDULER_MAX_INTERVAL_MS);
        def.define(SCHEDULER_BACKOFF_MULTIPLIER, Type.DOUBLE, SCHEDULER_BACKOFF_MULTIPLIER_DEFAULT, Importance.LOW,
            SCHEDULER_BACKOFF_MULTIPLIER_DOC, GROUP_SCHEDULER, ++o, ConfigDef.Width.SHORT, SCHEDULER_BACKOFF_MULTIPLIER);
        def.define(SCHEDULER_PEER_ACTIVE_WINDOW_MS, Type.LONG, SCHEDULER_PEER_ACTIVE_WINDOW_MS_DEFAULT,
            ConfigDef.Range.atLeast(0), Importance.LOW, SCHEDULER_PEER_ACTIVE_WINDOW_MS_DOC, GROUP_SCHEDULER, ++o,
            ConfigDef.Width.SHORT, SCHEDULER_PEER_ACTIVE_WINDOW_MS);
        def.define(SCHEDULER_PEER_ACTIVE_INTERVAL_MS, Type.LONG, SCHEDULER_PEER_ACTIVE_INTERVAL_MS_DEFAULT,
            ConfigDef.Range.atLeast(0), Importance.LOW, SCHEDULER_PEER_ACTIVE_INTERVAL_MS_DOC, GROUP_SCHEDULER, ++o,
            ConfigDef.Width.SHORT, SCHEDULER_PEER_ACTIVE_INTERVAL_MS);
        def.define(SCHEDULER_TARGET_BATCH_OPERATIONS, Type.INT, SCHEDULER_TARGET_BATCH_OPERATIONS_DEFAULT,
            ConfigDef.Range.atLeast(0), Importance.LOW, SCHEDULER_TARGET_BATCH_OPERATIONS_DOC, GROUP_SCHEDULER, ++o,
            ConfigDef.Width.SHORT, SCHEDULER_TARGET_BATCH_OPERATIONS);
        def.define(SCHEDULER_ROUND_TRIP_FACTOR, Type.DOUBLE, SCHEDULER_ROUND_TRIP_FACTOR_DEFAULT, Importance.LOW,
            SCHEDULER_ROUND_TRIP_FACTOR_DOC, GROUP_SCHEDULER, ++o, ConfigDef.Width.SHORT, SCHEDULER_ROUND_TRIP_FACTOR);
        def.define(SCHEDULER_LOCAL_LAG_HIGH, Type.LONG, SCHEDULER_LOCAL_LAG_HIGH_DEFAULT, ConfigDef.Range.atLeast(1),
            Importance.LOW, SCHEDULER_LOCAL_LAG_HIGH_DOC, GROUP_SCHEDULER, ++o, ConfigDef.Width.SHORT,
            SCHEDULER_LOCAL_LAG_HIGH);
        defineSecurity(def);
        ValueSerdes.define(def, GROUP_FORMAT, 1);
        return def;
    }

    private static void defineSecurity(ConfigDef def) {
        int o = 0;
        for (String prefix : List.of(SOURCE_PREFIX, TARGET_PREFIX)) {
            String cluster = prefix.equals(SOURCE_PREFIX) ? "source (event bus)" : "target (queue)";
            for (String key : new java.util.TreeSet<>(DOCUMENTED_CLIENT_KEYS.keySet())) {
                def.define(prefix + key, Type.STRING, null, Importance.MEDIUM, DOCUMENTED_CLIENT_KEYS.get(key)
                    + " Of the " + cluster + " cluster's clients; unset: the client default (Connect's own settings on the local cluster).",
                    GROUP_SECURITY, ++o, ConfigDef.Width.MEDIUM, prefix + key);
            }
            for (String key : SECRET_CLIENT_KEYS) {
                def.define(prefix + key, Type.PASSWORD, null, Importance.MEDIUM, "Secret client setting " + key + " of the " + cluster
                    + " cluster (Kafka's " + key + "), shown as [hidden] by Connect.", GROUP_SECURITY, ++o, ConfigDef.Width.LONG, prefix + key);
            }
        }
    }

    /**
     * Checks that span keys, for a connector running in {@code mode}.
     *
     * @return per key, the messages saying what to change; empty when the configuration is valid
     */
    public Map<String, List<String>> validate(SyncMode mode) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String configuredMode = getString(MODE).trim();
        if (!configuredMode.isEmpty() && SyncMode.parse(configuredMode) != mode) {
            add(errors, MODE, "mode=" + configuredMode + " contradicts the connector class, which runs " + mode.configName()
                + ": use " + (mode == SyncMode.PULL ? SyncSinkConnector.class.getSimpleName()
                : SyncSourceConnector.class.getSimpleName()) + " for " + configuredMode + ", or set mode="
                + mode.configName());
        }
        if (sourceReactorId().equals(targetReactorId())) {
            add(errors, TARGET_REACTOR_ID, "source.reactor.id and target.reactor.id are both '" + sourceReactorId()
                + "': a reactor does not synchronize with itself; set target.reactor.id to the other reactor's id");
        }
        if (mode == SyncMode.PULL && getString(SOURCE_BOOTSTRAP_SERVERS).isBlank()) {
            add(errors, SOURCE_BOOTSTRAP_SERVERS, "pull mode reads the remote event bus: set source.bootstrap.servers "
                + "to the remote (source) cluster");
        }
        if (mode == SyncMode.PUSH && getString(TARGET_BOOTSTRAP_SERVERS).isBlank()) {
            add(errors, TARGET_BOOTSTRAP_SERVERS, "push mode writes to the remote queue: set target.bootstrap.servers "
                + "to the remote (target) cluster");
        }
        List<String> scopes = trimmed(getList(FILTER_SCOPES));
        for (String scope : scopes) {
            if (!Scopes.isSynchronized(scope)) {
                add(errors, FILTER_SCOPES, "scope " + Scopes.LOCAL + " is never synchronized: remove it from filter.scopes");
            }
        }
        if (!scopes.isEmpty() && !scopes.contains(Scopes.DOCUMENT)) {
            add(errors, FILTER_SCOPES, "filter.scopes=" + String.join(",", scopes) + " leaves out the lifecycle scope "
                + Scopes.DOCUMENT + ", so the target would never see the documents created or deleted and would keep "
                + "every synchronized operation pending, invisible: set filter.scopes=" + Scopes.DOCUMENT + ","
                + String.join(",", scopes));
        }
        if (mode == SyncMode.PUSH) {
            Object isolation = originals().get(PUSH_ISOLATION_LEVEL);
            if (isolation == null || !READ_COMMITTED.equalsIgnoreCase(isolation.toString().trim())) {
                add(errors, PUSH_ISOLATION_LEVEL, "push reads the local event bus, which the reactor writes in "
                    + "transactions; without read_committed it would push operations of aborted transactions: set "
                    + PUSH_ISOLATION_LEVEL + "=" + READ_COMMITTED + " (now " + (isolation == null ? "unset" : "'"
                    + isolation + "'") + ")");
            }
        }
        if (getLong(SCHEDULER_MAX_INTERVAL_MS) < getLong(SCHEDULER_MIN_INTERVAL_MS)) {
            add(errors, SCHEDULER_MAX_INTERVAL_MS, "scheduler.max.interval.ms must be at least "
                + "scheduler.min.interval.ms (" + getLong(SCHEDULER_MIN_INTERVAL_MS) + "): raise it");
        }
        if (getDouble(SCHEDULER_BACKOFF_MULTIPLIER) <= 1.0) {
            add(errors, SCHEDULER_BACKOFF_MULTIPLIER, "scheduler.backoff.multiplier must be greater than 1, e.g. 2.0");
        }
        if (getDouble(SCHEDULER_ROUND_TRIP_FACTOR) < 0) {
            add(errors, SCHEDULER_ROUND_TRIP_FACTOR, "scheduler.round.trip.factor must not be negative, e.g. 1.0");
        }
        if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_MS)) {
            add(errors, RETRY_BACKOFF_MAX_MS, "retry.backoff.max.ms must be at least retry.backoff.ms ("
                + getLong(RETRY_BACKOFF_MS) + "): raise it");
        }
        return errors;
    }

    /** Throws a {@link ConfigException} naming every problem {@link #validate(SyncMode)} finds. */
    public void ensureValid(SyncMode mode) {
        Map<String, List<String>> errors = validate(mode);
        if (!errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach((key, list) -> list.forEach(m -> messages.add(key + ": " + m)));
            throw new ConfigException("Invalid sync connector configuration: " + String.join("; ", messages));
        }
    }

    private static void add(Map<String, List<String>> errors, String key, String message) {
        errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    /** The source reactor id. */
    public String sourceReactorId() {
        return getString(SOURCE_REACTOR_ID).trim();
    }

    /** The target reactor id. */
    public String targetReactorId() {
        return getString(TARGET_REACTOR_ID).trim();
    }

    /** The source event-bus topic, derived from the source reactor id unless configured. */
    public String sourceTopic() {
        String topic = getString(SOURCE_TOPIC).trim();
        return topic.isEmpty() ? TopicNames.eventBus(sourceReactorId()) : topic;
    }

    /** The target queue topic, derived from the target reactor id unless configured. */
    public String targetQueueTopic() {
        String topic = getString(TARGET_QUEUE_TOPIC).trim();
        return topic.isEmpty() ? TopicNames.queue(targetReactorId()) : topic;
    }

    /** The dead-letter topic, derived from the target reactor id unless configured. */
    public String deadLetterTopic() {
        String topic = getString(DEAD_LETTER_TOPIC).trim();
        return topic.isEmpty() ? TopicNames.deadLetters(targetReactorId()) : topic;
    }

    /** The target reactor's consumer group, derived from its id unless configured. */
    public String targetConsumerGroup() {
        String group = getString(TARGET_CONSUMER_GROUP).trim();
        return group.isEmpty() ? TopicNames.applicationId(targetReactorId()) : group;
    }

    /** The remote's name, derived from the remote reactor's id in {@code mode} unless configured. */
    public String remoteName(SyncMode mode) {
        String name = getString(REMOTE_NAME).trim();
        if (!name.isEmpty()) {
            return name;
        }
        return mode == SyncMode.PULL ? sourceReactorId() : targetReactorId();
    }

    /** The operation filter. */
    public SyncFilter filter() {
        return new SyncFilter(trimmed(getList(FILTER_DOCUMENT_IDS)), trimmed(getList(FILTER_DOCUMENT_TYPES)),
            trimmed(getList(FILTER_SCOPES)), getString(FILTER_BRANCH).trim());
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * The serdes of event-bus, queue and dead-letter values ({@link ValueSerdes}): must match the reactors'
     * {@code reactor.value.serializer}/{@code reactor.value.deserializer}; {@code reactor.value.serde.*} keys configure them.
     */
    public ValueSerdes valueSerdes() {
        return new ValueSerdes(getClass(ValueSerdes.SERIALIZER), getClass(ValueSerdes.DESERIALIZER),
            originalsWithPrefix(ValueSerdes.CONFIG_PREFIX));
    }

    /** What the sync manager needs. */
    public SyncSettings syncSettings() {
        return new SyncSettings(sourceReactorId(), targetReactorId(), targetQueueTopic(), deadLetterTopic(), filter(),
            getInt(BATCH_MAX_OPERATIONS), getInt(BATCH_MAX_BYTES), getBoolean(SKIP_REAPPLIED), getBoolean(ACK_ENABLED));
    }

    /** The scheduler's tuning. */
    public SchedulerSettings schedulerSettings() {
        return new SchedulerSettings(Duration.ofMillis(getLong(SCHEDULER_MIN_INTERVAL_MS)),
            Duration.ofMillis(getLong(SCHEDULER_MAX_INTERVAL_MS)), getDouble(SCHEDULER_BACKOFF_MULTIPLIER),
            Duration.ofMillis(getLong(SCHEDULER_PEER_ACTIVE_WINDOW_MS)),
            Duration.ofMillis(getLong(SCHEDULER_PEER_ACTIVE_INTERVAL_MS)), getInt(SCHEDULER_TARGET_BATCH_OPERATIONS),
            getInt(BATCH_MAX_BYTES), getDouble(SCHEDULER_ROUND_TRIP_FACTOR), getLong(SCHEDULER_LOCAL_LAG_HIGH));
    }

    /** Most event-bus records per poll. */
    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS);
    }

    /** First retry wait. */
    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }

    /** Longest retry wait. */
    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
    }

    /** How often a heartbeat goes to the target queue. */
    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS));
    }

    /** Timeout of one attempt on the remote cluster. */
    public Duration remoteTimeout() {
        return Duration.ofMillis(getLong(REMOTE_TIMEOUT_MS));
    }

    /** Client settings of the source cluster ({@code source.*} without the prefix, own keys removed). */
    public Map<String, Object> sourceClientConfig() {
        return clientConfig(SOURCE_PREFIX);
    }

    /** Client settings of the target cluster ({@code target.*} without the prefix, own keys removed). */
    public Map<String, Object> targetClientConfig() {
        return clientConfig(TARGET_PREFIX);
    }

    private Map<String, Object> clientConfig(String prefix) {
        Map<String, Object> client = new HashMap<>();
        originalsWithPrefix(prefix, false).forEach((key, value) -> {
            if (!OWN_PREFIXED_KEYS.contains(key)) {
                client.put(key.substring(prefix.length()), value);
            }
        });
        client.values().removeIf(v -> v == null || (v instanceof String s && s.isBlank()));
        return client;
    }
}
