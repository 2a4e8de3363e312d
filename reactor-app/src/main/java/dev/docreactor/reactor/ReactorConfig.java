package dev.docreactor.reactor;

import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.MergeSettings;
import dev.docreactor.reactor.merge.MergeStorage;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.serde.ValueSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
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
        + "of the Kafka Streams application.id (" + TopicNames.applicationId("<reactor.id>") + "). Instances with the same id share the work. Letters, digits, '.', '_', '-'.";
    public static final String REACTOR_ID_DEFAULT = "a";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka cluster to use. Required unless embedded.kafka.enabled is true "
        + "(run --embedded-kafka): without either the reactor refuses to start.";
    public static final String BOOTSTRAP_SERVERS_DEFAULT = "";

    public static final String QUEUE_TOPIC = "reactor.queue.topic";
    public static final String QUEUE_TOPIC_DOC = "The queue: topic of jobs (key = document id). Default "
        + TopicNames.queue("<reactor.id>") + ".";

    public static final String DLQ_TOPIC = "reactor.dlq.topic";
    public static final String DLQ_TOPIC_DOC = "Dead-letter topic: records that failed, with the reason and their source. Default "
        + TopicNames.deadLetters("<reactor.id>") + ".";

    public static final String JOB_RESULTS_TOPIC = "reactor.job.results.topic";
    public static final String JOB_RESULTS_TOPIC_DOC = "Topic of job results (key = job id), compacted. Default "
        + TopicNames.jobResults("<reactor.id>") + ".";

    public static final String TOPIC_PARTITIONS = "reactor.topic.partitions";
    public static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics the reactor creates when missing: the parallelism (documents are spread over partitions).";
    public static final int TOPIC_PARTITIONS_DEFAULT = 6;

    public static final String QUEUE_RETENTION_MS = "reactor.queue.retention.ms";
    public static final String QUEUE_RETENTION_MS_DOC = "How long the queue keeps jobs (its retention.ms): the longest "
        + "outage the reactor is to survive, i.e. the longest it may be stopped (or fall behind) while clients and sync "
        + "connectors keep enqueueing, before jobs it has not read are deleted. The queue is created with it; the reactor "
        + "refuses to start on an existing queue that keeps jobs for less (-1 keeps them forever).";
    public static final long QUEUE_RETENTION_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

    public static final String TOPIC_REPLICATION_FACTOR = "reactor.topic.replication.factor";
    public static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of the topics the reactor creates (also used for Streams' internal topics); -1 = the broker's default.replication.factor.";
    public static final int TOPIC_REPLICATION_FACTOR_DEFAULT = -1;

    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String PROCESSING_GUARANTEE_DOC = "Kafka Streams processing guarantee. Only exactly_once_v2 is accepted: appending a job's "
        + "operations, updating its bookkeeping and view and publishing its result must be one transaction. Under at_least_once a "
        + "crash between the operations log and its bookkeeping would leave the log ahead of the bookkeeping, and every retry of "
        + "the job would then fail; the reactor refuses to start with it.";
    public static final String PROCESSING_GUARANTEE_DEFAULT = StreamsConfig.EXACTLY_ONCE_V2;

    public static final String STATE_DIR = "state.dir";
    public static final String STATE_DIR_DOC = "Directory of the RocksDB stores (operations store, document view). Deleting it restores the stores from their changelogs.";
    public static final String STATE_DIR_DEFAULT = "./data/state";

    public static final String DATA_DIR = "data.dir";
    public static final String DATA_DIR_DOC = "Directory of the embedded broker's data when embedded.kafka.enabled is true (a kafka/ folder under it).";

    public static final String EMBEDDED_KAFKA_ENABLED = "embedded.kafka.enabled";
    public static final String EMBEDDED_KAFKA_ENABLED_DOC = "Start an embedded single-node Kafka broker (data under data.dir, port "
        + "embedded.kafka.port) and use it: for trying the reactor on one machine, never in production. Also set by run --embedded-kafka. "
        + "Cannot be combined with bootstrap.servers.";
    public static final boolean EMBEDDED_KAFKA_ENABLED_DEFAULT = false;
    public static final String DATA_DIR_DEFAULT = "./data";

    public static final String EMBEDDED_KAFKA_PORT = "embedded.kafka.port";
    public static final String EMBEDDED_KAFKA_PORT_DOC = "Client port of the embedded broker (its controller uses port + 1); 0 picks free ports.";
    public static final int EMBEDDED_KAFKA_PORT_DEFAULT = 9092;

    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_PORT_DOC = "Port of the HTTP API; 0 picks a free one.";
    public static final int HTTP_PORT_DEFAULT = 8080;

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_HOST_DOC = "Address the HTTP API binds to. The default, the loopback address, keeps the API "
        + "on this machine; set 0.0.0.0 (as the container image does) only together with http.authentication and TLS.";
    public static final String HTTP_HOST_DEFAULT = "127.0.0.1";

    public static final String HTTP_ADVERTISED_ADDRESS = "http.advertised.address";
    public static final String HTTP_ADVERTISED_ADDRESS_DOC = "host:port other instances of this reactor use to reach this instance's HTTP API (queries for documents hosted here are forwarded to it). Default localhost:<http.port>.";

    public static final String MAX_JOB_BYTES = "reactor.max.job.bytes";
    public static final String MAX_JOB_BYTES_DOC = "Largest queue record (one job) accepted, in bytes; a larger one fails and is dead-lettered, "
        + "and an HTTP body larger than this gets 413. The queue topic the reactor creates accepts records up to this plus 64 KiB, "
        + "the dead-letter topic up to this plus 128 KiB.";
    public static final int MAX_JOB_BYTES_DEFAULT = Limits.DEFAULTS.maxJobBytes();

    public static final String MAX_STATE_BYTES = "reactor.max.state.bytes";
    public static final String MAX_STATE_BYTES_DOC = "Largest state of one scope of a document, in UTF-8 bytes of its canonical JSON. An action "
        + "whose result would be larger is rejected (422, FAILED job, dead letter), on every reactor alike. A state checkpoint (one "
        + "bookkeeping record, at most one per checkpoint interval of operations) holds one such state, so topics and producers are sized "
        + "from this (see reactor.max.job.bytes): the default keeps every record under the broker's default message.max.bytes (1 MiB). "
        + "Every reactor that syncs with this one needs the same value.";
    public static final int MAX_STATE_BYTES_DEFAULT = Limits.DEFAULTS.maxStateBytes();

    public static final String CACHE_MAX_BYTES = "reactor.cache.max.bytes";
    public static final String CACHE_MAX_BYTES_DOC = "Memory (estimated) each stream task may use to keep its hot document branches between jobs: "
        + "the header and each scope's head with its state and the state's hash tree, so an operation on a hot document costs "
        + "what it changes (a document not in memory is rebuilt from its nearest checkpoint: a pass over the whole state per job). "
        + "Least recently used branches are evicted; a branch larger than this alone is not kept. Estimated from the state's "
        + "canonical JSON and its hash tree: roughly 15 to 20 bytes per byte of canonical JSON for states of many small members, "
        + "so keeping a 1 MB document hot takes about 20 MiB. For a stream that late operations are inserted into (concurrent "
        + "writes on several reactors), the branch also keeps up to 2,048 recent log and effective entries, decoded, which the "
        + "re-applications after each insertion read again (1 to 2 MiB per such stream with small operations). "
        + "Each task of each stream thread has its own (6 partitions on one instance: up to six times this). 0 disables it.";
    public static final long CACHE_MAX_BYTES_DEFAULT = 16L * 1024 * 1024;

    public static final String COMMIT_EAGER_INTERVAL_MS = "reactor.commit.eager.interval.ms";
    public static final String COMMIT_EAGER_INTERVAL_MS_DOC = "While the executor keeps up with its queue and its stream thread has time to spare, it asks "
        + "Kafka Streams to commit right after a job instead of at the next streams.commit.interval.ms (100 ms): the job's operations reach "
        + "the event bus (and its waiting HTTP caller, and the other reactors) one transaction after it was processed instead of up to an "
        + "interval later. This is the shortest time between two such commits of one stream thread: at most 1000 / this many transactions "
        + "a second beyond the interval's, each a few broker requests. A job processed within this time of the previous request is "
        + "committed by the next job's request or the interval's commit. Under a backlog (jobs older than reactor.commit.eager.max.wait.ms), "
        + "from a busy stream thread (reactor.commit.eager.max.thread.load) or, when set, on a busy host (reactor.commit.eager.max.cpu.load) "
        + "nothing is asked and Kafka Streams commits every interval, as with 0, which turns eager commits off.";
    public static final long COMMIT_EAGER_INTERVAL_MS_DEFAULT = 10;

    public static final String COMMIT_EAGER_MAX_WAIT_MS = "reactor.commit.eager.max.wait.ms";
    public static final String COMMIT_EAGER_MAX_WAIT_MS_DOC = "How long a job may have waited on the queue, from its record's timestamp to the "
        + "executor taking it by this instance's clock, for the executor to count as keeping up (see reactor.commit.eager.interval.ms). "
        + "A LOAD job's timestamp is the sync connector's pull, so this includes the connector's transaction. Jobs from a producer whose "
        + "clock runs behind this instance's by more than this never count as fresh: they are committed every commit.interval.ms.";
    public static final long COMMIT_EAGER_MAX_WAIT_MS_DEFAULT = 50;

    public static final String COMMIT_EAGER_MAX_CPU_LOAD = "reactor.commit.eager.max.cpu.load";
    public static final String COMMIT_EAGER_MAX_CPU_LOAD_DOC = "The host's (or container's) CPU load, from 0 to 1 and sampled once a second, above "
        + "which the executor asks for no eager commit (see reactor.commit.eager.interval.ms), for a reactor sharing its host with what "
        + "should have the CPU first (a broker, say): each transaction costs CPU here and on the brokers. 1, the default, ignores the host: "
        + "reactor.commit.eager.max.thread.load keeps a reactor's own commits from slowing it down. (0.7 before this release: on a host "
        + "shared with brokers it also turned eager commits off at low loads, where they shorten each job's wait the most.)";
    public static final double COMMIT_EAGER_MAX_CPU_LOAD_DEFAULT = 1.0;

    public static final String COMMIT_EAGER_MAX_THREAD_LOAD = "reactor.commit.eager.max.thread.load";
    public static final String COMMIT_EAGER_MAX_THREAD_LOAD_DOC = "The share of one core a stream thread used over about the last second "
        + "(its CPU time, sampled once a second) above which it asks for no eager commit (see reactor.commit.eager.interval.ms): a thread "
        + "that busy is near what it can process, and the commits it would add, each one flush and transaction on the thread, would make "
        + "it fall behind its queue. 1 ignores it.";
    public static final double COMMIT_EAGER_MAX_THREAD_LOAD_DEFAULT = 0.5;

    public static final String READ_CACHE_MAX_BYTES = "reactor.read.cache.max.bytes";
    public static final String READ_CACHE_MAX_BYTES_DOC = "Memory each instance may use to keep the states answered by GET /documents/{id}: "
        + "a read whose stream heads have not moved since (same revision and hash) answers the kept canonical JSON instead of "
        + "rebuilding each state from its nearest checkpoint and hashing it whole (about 0.1 s for a 1.8 MB state on 2 cores). "
        + "Counted as 2 bytes per character of canonical JSON; least recently read states go first, and a state larger than a "
        + "quarter of this is not kept. 0 disables it.";
    public static final long READ_CACHE_MAX_BYTES_DEFAULT = 32L * 1024 * 1024;

    public static final String IDEMPOTENCY_RETENTION_MS = "reactor.idempotency.retention.ms";
    public static final String IDEMPOTENCY_RETENTION_MS_DOC = "How long the executor remembers a completed request's idempotency key "
        + "(header Idempotency-Key, per document): a repeat within this time is answered with the first job's result and applied "
        + "nothing; after it the key is forgotten and a repeat is applied as a new request. Clients must not retry a request "
        + "for longer than this. Keys are kept in the executor's bookkeeping store (changelogged), one record (request hash and "
        + "job result) per completed keyed request, removed once expired.";
    public static final long IDEMPOTENCY_RETENTION_MS_DEFAULT = Duration.ofHours(24).toMillis();

    public static final String MAX_JSON_DEPTH = "reactor.max.json.depth";
    public static final String MAX_JSON_DEPTH_DOC = "Deepest nesting of a state or an action input ({} is depth 1). Deeper input or results are "
        + "rejected, so every state can be read back by JSON parsers with default limits (Jackson's is 1000). Same value on every "
        + "reactor that syncs.";
    public static final int MAX_JSON_DEPTH_DEFAULT = Limits.DEFAULTS.maxDepth();

    public static final String MAX_PATCH_OPERATIONS = "reactor.max.patch.operations";
    public static final String MAX_PATCH_OPERATIONS_DOC = "Most operations in one JSON Patch (PATCH action of the json model); a longer patch is rejected. "
        + "Same value on every reactor that syncs.";
    public static final int MAX_PATCH_OPERATIONS_DEFAULT = Limits.DEFAULTS.maxPatchOperations();

    public static final String MAX_ACTIONS_PER_JOB = "reactor.max.actions.per.job";
    public static final String MAX_ACTIONS_PER_JOB_DOC = "Most actions in one EXECUTE job, and operations in one LOAD job. A longer HTTP request gets 422; "
        + "a longer job on the queue fails. Bounds the size of a job result (about 1 KiB per action).";
    public static final int MAX_ACTIONS_PER_JOB_DEFAULT = Limits.DEFAULTS.maxActionsPerJob();

    public static final String MAX_ACTION_GROWTH_BYTES = "reactor.max.action.growth.bytes";
    public static final String MAX_ACTION_GROWTH_BYTES_DOC = "Most bytes one action may add to a state, summed over its steps (removals do not give "
        + "them back): a JSON Patch that copies the document into itself is stopped at this point, before the memory is spent. "
        + "Same value on every reactor that syncs.";
    public static final int MAX_ACTION_GROWTH_BYTES_DEFAULT = Limits.DEFAULTS.maxActionGrowthBytes();

    public static final String MAX_CLOCK_AHEAD_MS = "reactor.max.clock.ahead.ms";
    public static final String MAX_CLOCK_AHEAD_MS_DOC = "How far ahead of this reactor's wall clock the clock of an operation from another reactor is "
        + "adopted by this reactor's hybrid logical clock. An operation keeps its own clock (so it orders the same on every reactor), but "
        + "a reactor whose clock runs far ahead, or a forged clock, cannot drag this reactor's clock into the future. Clocks beyond the "
        + "year 4199 are refused by every reactor alike.";
    public static final long MAX_CLOCK_AHEAD_MS_DEFAULT = MergeSettings.DEFAULT_MAX_CLOCK_AHEAD_MILLIS;

    public static final String WAIT_TIMEOUT_MS = "http.wait.timeout.ms";
    public static final String WAIT_TIMEOUT_MS_DOC = "How long ?wait=true requests wait for a job's result before answering 504.";
    public static final long WAIT_TIMEOUT_MS_DEFAULT = 30_000L;

    public static final String HTTP_THREADS = "http.threads";
    public static final String HTTP_THREADS_DOC = "Worker threads of the HTTP API. A ?wait=true request holds one for up to http.wait.timeout.ms, "
        + "so this bounds concurrent waits; /health and /metrics have two threads of their own. Default 16: enough for a few dozen clients.";
    public static final int HTTP_THREADS_DEFAULT = 16;

    public static final String HTTP_QUEUE_CAPACITY = "http.queue.capacity";
    public static final String HTTP_QUEUE_CAPACITY_DOC = "Requests that may wait for a free HTTP worker; when full, a request gets 503 with "
        + "Retry-After at once instead of queueing without bound. Default 64: absorbs a burst of four per worker. 0 = no queue.";
    public static final int HTTP_QUEUE_CAPACITY_DEFAULT = 64;

    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_DOC = "Longest silence while a request line and headers arrive (then the client is disconnected; idle keep-alive "
        + "connections are closed after it too), and longest time for a whole body (408). Default 10 s: ample for honest clients, short for stalled ones.";
    public static final long HTTP_READ_TIMEOUT_MS_DEFAULT = 10_000L;

    public static final String HTTP_IDLE_TIMEOUT_MS = "http.idle.timeout.ms";
    public static final String HTTP_IDLE_TIMEOUT_MS_DOC = "Longest silence on a connection while its request is served (a client that "
        + "stops reading its response); the connection is closed. Waiting for a job (?wait=true) does not count. Default 30 s (Jetty's).";
    public static final long HTTP_IDLE_TIMEOUT_MS_DEFAULT = 30_000L;

    public static final String HTTP_SSL_KEYSTORE_LOCATION = "http.ssl.keystore.location";
    public static final String HTTP_SSL_KEYSTORE_LOCATION_DOC = "Keystore with the HTTP API's certificate and private key. Set: the API "
        + "speaks HTTPS only (TLS 1.2+), and instances forward to each other over HTTPS, presenting this certificate. Empty: plain HTTP.";
    public static final String HTTP_SSL_KEYSTORE_PASSWORD = "http.ssl.keystore.password";
    public static final String HTTP_SSL_KEYSTORE_PASSWORD_DOC = "Password of http.ssl.keystore.location.";
    public static final String HTTP_SSL_KEYSTORE_TYPE = "http.ssl.keystore.type";
    public static final String HTTP_SSL_KEYSTORE_TYPE_DOC = "Type of the keystore: PKCS12 or JKS.";
    public static final String HTTP_SSL_KEYSTORE_TYPE_DEFAULT = "PKCS12";
    public static final String HTTP_SSL_KEY_PASSWORD = "http.ssl.key.password";
    public static final String HTTP_SSL_KEY_PASSWORD_DOC = "Password of the private key in the keystore; empty means the keystore's password.";
    public static final String HTTP_SSL_TRUSTSTORE_LOCATION = "http.ssl.truststore.location";
    public static final String HTTP_SSL_TRUSTSTORE_LOCATION_DOC = "Truststore of the certificate authorities whose client certificates "
        + "the API accepts (mTLS) and that instances trust when forwarding. Empty: the JDK's default trust.";
    public static final String HTTP_SSL_TRUSTSTORE_PASSWORD = "http.ssl.truststore.password";
    public static final String HTTP_SSL_TRUSTSTORE_PASSWORD_DOC = "Password of http.ssl.truststore.location.";
    public static final String HTTP_SSL_TRUSTSTORE_TYPE = "http.ssl.truststore.type";
    public static final String HTTP_SSL_TRUSTSTORE_TYPE_DOC = "Type of the truststore: PKCS12 or JKS.";
    public static final String HTTP_SSL_TRUSTSTORE_TYPE_DEFAULT = "PKCS12";
    public static final String HTTP_SSL_CLIENT_AUTH = "http.ssl.client.auth";
    public static final String HTTP_SSL_CLIENT_AUTH_DOC = "Client certificates (as Kafka's ssl.client.auth): none, requested (checked when "
        + "presented, for http.authentication=mtls next to tokens) or required (every client presents one the truststore trusts).";
    public static final String HTTP_SSL_CLIENT_AUTH_DEFAULT = "none";

    public static final String HTTP_AUTHENTICATION = "http.authentication";
    public static final String HTTP_AUTHENTICATION_DOC = "How HTTP callers prove who they are: a list of token (Authorization: Bearer, "
        + "tokens stored hashed in http.auth.principals.file) and mtls (the client certificate's CN, listed in the same file; needs TLS and "
        + "http.ssl.client.auth). Empty: no authentication, every caller may do everything (only for the loopback address). A caller "
        + "without valid credentials gets 401, one without the route's role 403. GET /health stays open for probes.";
    public static final String HTTP_AUTHENTICATION_DEFAULT = "";
    public static final String HTTP_AUTH_PRINCIPALS_FILE = "http.auth.principals.file";
    public static final String HTTP_AUTH_PRINCIPALS_FILE_DOC = "File of the HTTP API's principals, one a line: 'token sha256:<hex> <name> "
        + "<roles>' or 'cert <certificate CN> <name> <roles>', roles a comma list of read (GET documents, operations, jobs, models), "
        + "write (POST), operate (sync status, /metrics). Re-read when it changes (checked at most once a second), no restart. "
        + "Hash a token with: reactor hash-token.";
    public static final String HTTP_AUTH_PRINCIPALS_FILE_DEFAULT = "";
    public static final String HTTP_FORWARD_SECRET = "http.forward.secret";
    public static final String HTTP_FORWARD_SECRET_DOC = "Secret shared by the instances of this reactor: a query forwarded to the instance "
        + "hosting a document is signed with it (HMAC-SHA256 over method, path, query and time, valid 60 s), and only a request with a valid "
        + "signature counts as forwarded. With http.authentication set and no secret, queries for documents hosted by another instance "
        + "answer 503. At least 32 characters.";

    static final ConfigDef CONFIG = ValueSerdes.define(new ConfigDef())
        .define(REACTOR_ID, Type.STRING, REACTOR_ID_DEFAULT, (name, value) -> {
            if (value == null || !IdRules.isReactorId(value.toString())) {
                throw new ConfigException(name, value, "use " + IdRules.REACTOR_ID_RULE);
            }
        }, Importance.HIGH, REACTOR_ID_DOC)
        .define(BOOTSTRAP_SERVERS, Type.STRING, BOOTSTRAP_SERVERS_DEFAULT, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
        .define(QUEUE_TOPIC, Type.STRING, "", Importance.MEDIUM, QUEUE_TOPIC_DOC)
        .define(DLQ_TOPIC, Type.STRING, "", Importance.MEDIUM, DLQ_TOPIC_DOC)
        .define(JOB_RESULTS_TOPIC, Type.STRING, "", Importance.LOW, JOB_RESULTS_TOPIC_DOC)
        .define(TOPIC_PARTITIONS, Type.INT, TOPIC_PARTITIONS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM, TOPIC_PARTITIONS_DOC)
        .define(QUEUE_RETENTION_MS, Type.LONG, QUEUE_RETENTION_MS_DEFAULT, (name, value) -> {
            long ms = (Long) value;
            if (ms != -1 && ms < 60_000) {
                throw new ConfigException(name, value, "use -1 (forever) or at least 60000 ms");
            }
        }, Importance.MEDIUM, QUEUE_RETENTION_MS_DOC)
        .define(TOPIC_REPLICATION_FACTOR, Type.INT, TOPIC_REPLICATION_FACTOR_DEFAULT, ConfigDef.Range.atLeast(-1), Importance.MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
        .define(PROCESSING_GUARANTEE, Type.STRING, PROCESSING_GUARANTEE_DEFAULT,
            ReactorConfig::requireExactlyOnce, Importance.MEDIUM, PROCESSING_GUARANTEE_DOC)
        .define(STATE_DIR, Type.STRING, STATE_DIR_DEFAULT, Importance.MEDIUM, STATE_DIR_DOC)
        .define(DATA_DIR, Type.STRING, DATA_DIR_DEFAULT, Importance.LOW, DATA_DIR_DOC)
        .define(EMBEDDED_KAFKA_ENABLED, Type.BOOLEAN, EMBEDDED_KAFKA_ENABLED_DEFAULT, Importance.MEDIUM, EMBEDDED_KAFKA_ENABLED_DOC)
        .define(EMBEDDED_KAFKA_PORT, Type.INT, EMBEDDED_KAFKA_PORT_DEFAULT, ConfigDef.Range.between(0, 65534), Importance.LOW, EMBEDDED_KAFKA_PORT_DOC)
        .define(HTTP_PORT, Type.INT, HTTP_PORT_DEFAULT, ConfigDef.Range.between(0, 65535), Importance.HIGH, HTTP_PORT_DOC)
        .define(HTTP_HOST, Type.STRING, HTTP_HOST_DEFAULT, Importance.LOW, HTTP_HOST_DOC)
        .define(HTTP_ADVERTISED_ADDRESS, Type.STRING, "", Importance.MEDIUM, HTTP_ADVERTISED_ADDRESS_DOC)
        .define(MAX_JOB_BYTES, Type.INT, MAX_JOB_BYTES_DEFAULT, ConfigDef.Range.between(1024, 256 * 1024 * 1024), Importance.MEDIUM, MAX_JOB_BYTES_DOC)
        .define(MAX_STATE_BYTES, Type.INT, MAX_STATE_BYTES_DEFAULT, ConfigDef.Range.between(1024, 256 * 1024 * 1024), Importance.MEDIUM, MAX_STATE_BYTES_DOC)
        .define(CACHE_MAX_BYTES, Type.LONG, CACHE_MAX_BYTES_DEFAULT, ConfigDef.Range.atLeast(0), Importance.MEDIUM, CACHE_MAX_BYTES_DOC)
        .define(COMMIT_EAGER_INTERVAL_MS, Type.LONG, COMMIT_EAGER_INTERVAL_MS_DEFAULT, ConfigDef.Range.between(0, 60_000), Importance.LOW,
            COMMIT_EAGER_INTERVAL_MS_DOC)
        .define(COMMIT_EAGER_MAX_WAIT_MS, Type.LONG, COMMIT_EAGER_MAX_WAIT_MS_DEFAULT, ConfigDef.Range.between(0, 3_600_000), Importance.LOW,
            COMMIT_EAGER_MAX_WAIT_MS_DOC)
        .define(COMMIT_EAGER_MAX_CPU_LOAD, Type.DOUBLE, COMMIT_EAGER_MAX_CPU_LOAD_DEFAULT, ConfigDef.Range.between(0, 1), Importance.LOW,
            COMMIT_EAGER_MAX_CPU_LOAD_DOC)
        .define(COMMIT_EAGER_MAX_THREAD_LOAD, Type.DOUBLE, COMMIT_EAGER_MAX_THREAD_LOAD_DEFAULT, ConfigDef.Range.between(0, 1),
            Importance.LOW, COMMIT_EAGER_MAX_THREAD_LOAD_DOC)
        .define(READ_CACHE_MAX_BYTES, Type.LONG, READ_CACHE_MAX_BYTES_DEFAULT, ConfigDef.Range.atLeast(0), Importance.LOW,
            READ_CACHE_MAX_BYTES_DOC)
        .define(IDEMPOTENCY_RETENTION_MS, Type.LONG, IDEMPOTENCY_RETENTION_MS_DEFAULT, ConfigDef.Range.between(1000, Duration.ofDays(365).toMillis()),
            Importance.MEDIUM, IDEMPOTENCY_RETENTION_MS_DOC)
        .define(MAX_JSON_DEPTH, Type.INT, MAX_JSON_DEPTH_DEFAULT, ConfigDef.Range.between(2, 1000), Importance.LOW, MAX_JSON_DEPTH_DOC)
        .define(MAX_PATCH_OPERATIONS, Type.INT, MAX_PATCH_OPERATIONS_DEFAULT, ConfigDef.Range.between(1, 1_000_000), Importance.LOW, MAX_PATCH_OPERATIONS_DOC)
        .define(MAX_ACTIONS_PER_JOB, Type.INT, MAX_ACTIONS_PER_JOB_DEFAULT, ConfigDef.Range.between(1, 100_000), Importance.LOW, MAX_ACTIONS_PER_JOB_DOC)
        .define(MAX_ACTION_GROWTH_BYTES, Type.INT, MAX_ACTION_GROWTH_BYTES_DEFAULT, ConfigDef.Range.between(1024, 256 * 1024 * 1024), Importance.LOW, MAX_ACTION_GROWTH_BYTES_DOC)
        .define(MAX_CLOCK_AHEAD_MS, Type.LONG, MAX_CLOCK_AHEAD_MS_DEFAULT, ConfigDef.Range.between(0, 366L * 24 * 3600 * 1000),
            Importance.LOW, MAX_CLOCK_AHEAD_MS_DOC)
        .define(WAIT_TIMEOUT_MS, Type.LONG, WAIT_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, WAIT_TIMEOUT_MS_DOC)
        .define(HTTP_THREADS, Type.INT, HTTP_THREADS_DEFAULT, ConfigDef.Range.between(1, 1024), Importance.LOW, HTTP_THREADS_DOC)
        .define(HTTP_QUEUE_CAPACITY, Type.INT, HTTP_QUEUE_CAPACITY_DEFAULT, ConfigDef.Range.between(0, 100_000), Importance.LOW, HTTP_QUEUE_CAPACITY_DOC)
        .define(HTTP_READ_TIMEOUT_MS, Type.LONG, HTTP_READ_TIMEOUT_MS_DEFAULT, ConfigDef.Range.between(100, 3_600_000), Importance.LOW, HTTP_READ_TIMEOUT_MS_DOC)
        .define(HTTP_IDLE_TIMEOUT_MS, Type.LONG, HTTP_IDLE_TIMEOUT_MS_DEFAULT, ConfigDef.Range.between(100, 3_600_000), Importance.LOW, HTTP_IDLE_TIMEOUT_MS_DOC)
        .define(HTTP_SSL_KEYSTORE_LOCATION, Type.STRING, "", Importance.HIGH, HTTP_SSL_KEYSTORE_LOCATION_DOC)
        .define(HTTP_SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH, HTTP_SSL_KEYSTORE_PASSWORD_DOC)
        .define(HTTP_SSL_KEYSTORE_TYPE, Type.STRING, HTTP_SSL_KEYSTORE_TYPE_DEFAULT, Importance.LOW, HTTP_SSL_KEYSTORE_TYPE_DOC)
        .define(HTTP_SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, HTTP_SSL_KEY_PASSWORD_DOC)
        .define(HTTP_SSL_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, HTTP_SSL_TRUSTSTORE_LOCATION_DOC)
        .define(HTTP_SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, HTTP_SSL_TRUSTSTORE_PASSWORD_DOC)
        .define(HTTP_SSL_TRUSTSTORE_TYPE, Type.STRING, HTTP_SSL_TRUSTSTORE_TYPE_DEFAULT, Importance.LOW, HTTP_SSL_TRUSTSTORE_TYPE_DOC)
        .define(HTTP_SSL_CLIENT_AUTH, Type.STRING, HTTP_SSL_CLIENT_AUTH_DEFAULT, ConfigDef.CaseInsensitiveValidString.in("none", "requested", "required"),
            Importance.MEDIUM, HTTP_SSL_CLIENT_AUTH_DOC)
        .define(HTTP_AUTHENTICATION, Type.LIST, HTTP_AUTHENTICATION_DEFAULT, ConfigDef.ValidList.in(true, "token", "mtls"),
            Importance.HIGH, HTTP_AUTHENTICATION_DOC)
        .define(HTTP_AUTH_PRINCIPALS_FILE, Type.STRING, HTTP_AUTH_PRINCIPALS_FILE_DEFAULT, Importance.HIGH, HTTP_AUTH_PRINCIPALS_FILE_DOC)
        .define(HTTP_FORWARD_SECRET, Type.PASSWORD, null, Importance.MEDIUM, HTTP_FORWARD_SECRET_DOC);

    private final Map<String, String> streamsOverrides;

    private static void requireExactlyOnce(String name, Object value) {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(value)) {
            throw new ConfigException(name, value, "the reactor runs only with " + StreamsConfig.EXACTLY_ONCE_V2
                + ": a job's operations, bookkeeping, view and result are written in one transaction, and under "
                + StreamsConfig.AT_LEAST_ONCE + " a crash could leave the operations log ahead of its bookkeeping; remove the setting");
        }
    }

    /**
     * The serdes of the queue's, event bus's, job results' and dead letters' values: {@link ValueSerdes#SERIALIZER},
     * {@link ValueSerdes#DESERIALIZER}, configured with the {@link ValueSerdes#CONFIG_PREFIX} keys.
     */
    public ValueSerdes valueSerdes() {
        return new ValueSerdes(getClass(ValueSerdes.SERIALIZER), getClass(ValueSerdes.DESERIALIZER),
            originalsWithPrefix(ValueSerdes.CONFIG_PREFIX));
    }

    /**
     * Builds and validates a configuration from raw key/values ({@code streams.} keys pass through); an
     * unknown key is a {@link ConfigException} naming the key meant.
     */
    public ReactorConfig(Map<String, ?> originals) {
        super(CONFIG, withoutStreams(checked(originals)), false);
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
        return fromFileAndEnv(file, "the configuration file", env);
    }

    /**
     * Merges a properties file's entries with environment variables (which win), refusing unknown keys
     * with the key meant: {@code REACTOR_BOOTSTRAP_SERVER} is answered with {@code REACTOR_BOOTSTRAP_SERVERS}.
     *
     * @param file entries of the properties file (may be empty)
     * @param fileName how to name the file in messages
     * @param env the environment, e.g. {@code System.getenv()}
     */
    public static ReactorConfig fromFileAndEnv(Properties file, String fileName, Map<String, String> env) {
        Map<String, Object> merged = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, String> envNames = new HashMap<>();
        file.forEach((k, v) -> {
            merged.put(k.toString(), v);
            sources.put(k.toString(), "file " + fileName);
        });
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = envKey(name);
                merged.put(key, value);
                sources.put(key, "the environment");
                envNames.put(key, name);
            }
        });
        ConfigKeys.check(sources, envNames);
        return new ReactorConfig(merged);
    }

    private static String envKey(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, ?> checked(Map<String, ?> originals) {
        Map<String, String> sources = new HashMap<>();
        originals.keySet().forEach(k -> sources.put(k, "the configuration"));
        ConfigKeys.check(sources, Map.of());
        return originals;
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
        String guarantee = streamsOverrides.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            problems.add("remove streams.processing.guarantee=" + guarantee + ": the reactor runs only with "
                + StreamsConfig.EXACTLY_ONCE_V2 + " (see " + PROCESSING_GUARANTEE + ")");
        }
        String advertised = getString(HTTP_ADVERTISED_ADDRESS);
        if (!advertised.isEmpty() && !advertised.matches("[^:/\\s]+:\\d{1,5}")) {
            problems.add("set " + HTTP_ADVERTISED_ADDRESS + " to host:port (was '" + advertised + "')");
        }
        if (embeddedKafka() && !bootstrapServers().isEmpty()) {
            problems.add("set either " + BOOTSTRAP_SERVERS + " (a Kafka cluster) or " + EMBEDDED_KAFKA_ENABLED
                + "=true / run --embedded-kafka (a local broker), not both");
        }
        validateHttpSecurity(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid reactor configuration: " + String.join("; ", problems));
        }
    }

    private void validateHttpSecurity(List<String> problems) {
        List<String> methods = httpAuthentication();
        if (!methods.isEmpty() && httpPrincipalsFile().isEmpty()) {
            problems.add("set " + HTTP_AUTH_PRINCIPALS_FILE + ": " + HTTP_AUTHENTICATION + "=" + String.join(",", methods)
                + " needs the file listing tokens and certificate names with their roles");
        }
        if (methods.contains("mtls") && (!httpTlsEnabled() || "none".equalsIgnoreCase(getString(HTTP_SSL_CLIENT_AUTH)))) {
            problems.add(HTTP_AUTHENTICATION + "=mtls needs TLS with client certificates: set " + HTTP_SSL_KEYSTORE_LOCATION
                + " and " + HTTP_SSL_CLIENT_AUTH + "=required (or requested)");
        }
        if (!httpTlsEnabled() && !"none".equalsIgnoreCase(getString(HTTP_SSL_CLIENT_AUTH))) {
            problems.add(HTTP_SSL_CLIENT_AUTH + " needs TLS: set " + HTTP_SSL_KEYSTORE_LOCATION);
        }
        Password secret = getPassword(HTTP_FORWARD_SECRET);
        if (secret != null && !secret.value().isEmpty() && secret.value().length() < 32) {
            problems.add(HTTP_FORWARD_SECRET + " is too short: use at least 32 random characters (e.g. openssl rand -base64 32)");
        }
    }

    /** Whether the HTTP API speaks TLS (a keystore is configured). */
    public boolean httpTlsEnabled() {
        return !getString(HTTP_SSL_KEYSTORE_LOCATION).isBlank();
    }

    /** The HTTP API's authentication methods ({@code token}, {@code mtls}); empty when it has none. */
    public List<String> httpAuthentication() {
        return getList(HTTP_AUTHENTICATION).stream().map(m -> m.trim().toLowerCase(Locale.ROOT)).filter(m -> !m.isEmpty()).toList();
    }

    /** The principals file, empty when none is configured. */
    public Optional<Path> httpPrincipalsFile() {
        String file = getString(HTTP_AUTH_PRINCIPALS_FILE).trim();
        return file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
    }

    /** The secret instances sign forwarded requests with, empty when none is configured. */
    public Optional<Password> httpForwardSecret() {
        Password secret = getPassword(HTTP_FORWARD_SECRET);
        return secret == null || secret.value().isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    /** The HTTP API's TLS settings, as Kafka names them without the {@code http.} prefix (passwords as {@link Password}). */
    public Map<String, Object> httpSslSettings() {
        Map<String, Object> ssl = new HashMap<>();
        for (String key : List.of(HTTP_SSL_KEYSTORE_LOCATION, HTTP_SSL_KEYSTORE_PASSWORD, HTTP_SSL_KEYSTORE_TYPE, HTTP_SSL_KEY_PASSWORD,
            HTTP_SSL_TRUSTSTORE_LOCATION, HTTP_SSL_TRUSTSTORE_PASSWORD, HTTP_SSL_TRUSTSTORE_TYPE, HTTP_SSL_CLIENT_AUTH)) {
            Object value = get(key);
            if (value != null && !(value instanceof String text && text.isBlank())) {
                ssl.put(key.substring("http.".length()), value);
            }
        }
        return ssl;
    }

    /** This reactor's id. */
    public String reactorId() {
        return getString(REACTOR_ID);
    }

    /** The Kafka Streams application id, {@code reactor-<reactor.id>}. */
    public String applicationId() {
        return TopicNames.applicationId(reactorId());
    }

    /** The configured cluster; empty when none is configured. */
    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS).trim();
    }

    /** Whether the reactor starts an embedded broker and uses it ({@code embedded.kafka.enabled}, {@code run --embedded-kafka}). */
    public boolean embeddedKafka() {
        return getBoolean(EMBEDDED_KAFKA_ENABLED);
    }

    /**
     * Checks that the reactor has a Kafka cluster to start on: {@code bootstrap.servers}, or an embedded
     * broker asked for. Called at start, so tools that only read the configuration need neither.
     */
    public void requireKafka() {
        if (bootstrapServers().isEmpty() && !embeddedKafka()) {
            throw new ConfigException("No Kafka cluster: set " + BOOTSTRAP_SERVERS + " (environment variable "
                + ConfigKeys.envName(BOOTSTRAP_SERVERS) + ") to your cluster, or, to try the reactor on this machine, start it with "
                + "run --embedded-kafka (" + EMBEDDED_KAFKA_ENABLED + "=true), which starts a single-node broker with its data under "
                + DATA_DIR + " (" + getString(DATA_DIR) + ")");
        }
    }

    /** The queue topic. */
    public String queueTopic() {
        return orDefault(QUEUE_TOPIC, TopicNames.queue(reactorId()));
    }

    /** The dead-letter topic. */
    public String dlqTopic() {
        return orDefault(DLQ_TOPIC, TopicNames.deadLetters(reactorId()));
    }

    /** The job results topic. */
    public String jobResultsTopic() {
        return orDefault(JOB_RESULTS_TOPIC, TopicNames.jobResults(reactorId()));
    }

    /** The event bus: changelog topic of the operations store. */
    public String eventBusTopic() {
        return TopicNames.eventBus(reactorId());
    }

    /** Partitions of created topics. */
    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    /** How long the queue keeps jobs, ms; -1 forever. */
    public long queueRetentionMs() {
        return getLong(QUEUE_RETENTION_MS);
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

    /** Estimated memory each stream task may use to keep hot document branches between jobs. */
    public long cacheMaxBytes() {
        return getLong(CACHE_MAX_BYTES);
    }

    /** Memory each instance may use to keep the states its document reads answered. */
    public long readCacheMaxBytes() {
        return getLong(READ_CACHE_MAX_BYTES);
    }

    /** The shortest time between two eager commits of a stream thread; 0 when they are off. */
    public long commitEagerIntervalMs() {
        return getLong(COMMIT_EAGER_INTERVAL_MS);
    }

    /** How long a job may have waited on the queue for the executor to count as keeping up. */
    public long commitEagerMaxWaitMs() {
        return getLong(COMMIT_EAGER_MAX_WAIT_MS);
    }

    /** The host's CPU load above which the executor asks for no eager commit; 1 ignores it. */
    public double commitEagerMaxCpuLoad() {
        return getDouble(COMMIT_EAGER_MAX_CPU_LOAD);
    }

    /** The share of a core a stream thread may have used over the last second to still ask for eager commits; 1 ignores it. */
    public double commitEagerMaxThreadLoad() {
        return getDouble(COMMIT_EAGER_MAX_THREAD_LOAD);
    }

    /** How long a completed request's idempotency key is remembered ({@value #IDEMPOTENCY_RETENTION_MS}). */
    public Duration idempotencyRetention() {
        return Duration.ofMillis(getLong(IDEMPOTENCY_RETENTION_MS));
    }

    /** The limits every job is checked against. */
    public Limits limits() {
        return new Limits(getInt(MAX_STATE_BYTES), getInt(MAX_JSON_DEPTH), getInt(MAX_PATCH_OPERATIONS),
            getInt(MAX_ACTIONS_PER_JOB), getInt(MAX_ACTION_GROWTH_BYTES), getInt(MAX_JOB_BYTES));
    }

    /** How the merge works: the limits, the clock bound, the default checkpoint interval. */
    public MergeSettings mergeSettings() {
        return new MergeSettings(DocumentMerger.DEFAULT_CHECKPOINT_INTERVAL, limits(), getLong(MAX_CLOCK_AHEAD_MS));
    }

    /**
     * This reactor's merge over {@code storage}: the one construction shared by the executor (which writes)
     * and the readers of documents (which rebuild states with {@link DocumentMerger#snapshot}), so both use
     * the same reactor id, models and {@linkplain #mergeSettings() settings}.
     */
    public DocumentMerger merger(MergeStorage storage, DocumentModelRegistry models, LongSupplier wallClockMillis) {
        return new DocumentMerger(storage, models, reactorId(), wallClockMillis, mergeSettings());
    }

    /** Wait timeout of ?wait=true requests. */
    public java.time.Duration waitTimeout() {
        return java.time.Duration.ofMillis(getLong(WAIT_TIMEOUT_MS));
    }

    /** Worker threads of the HTTP API. */
    public int httpThreads() {
        return getInt(HTTP_THREADS);
    }

    /** Requests that may wait for an HTTP worker before new ones get 503. */
    public int httpQueueCapacity() {
        return getInt(HTTP_QUEUE_CAPACITY);
    }

    /** Read timeout of request headers (per silence) and bodies (in all). */
    public java.time.Duration httpReadTimeout() {
        return java.time.Duration.ofMillis(getLong(HTTP_READ_TIMEOUT_MS));
    }

    /** Longest silence on a connection while its request is served. */
    public java.time.Duration httpIdleTimeout() {
        return java.time.Duration.ofMillis(getLong(HTTP_IDLE_TIMEOUT_MS));
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
            String shown = def == null || def.toString().isEmpty() ? "(empty)" : def instanceof Class<?> type ? type.getName() : def.toString();
            md.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                .append(" | `").append(shown).append("` | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        md.append("| `streams.*` | | | Any Kafka Streams or client setting, passed through without the prefix (e.g. `streams.num.stream.threads=2`). |\n");
        md.append("| `").append(ValueSerdes.CONFIG_PREFIX).append("*` | | | Passed without the prefix to the `configure()` of ")
            .append(ValueSerdes.SERIALIZER).append(" and ").append(ValueSerdes.DESERIALIZER)
            .append(" (e.g. `reactor.value.serde.schema.registry.url=http://registry:8081`). |\n");
        return md.toString();
    }

    private String orDefault(String key, String fallback) {
        String value = getString(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
