package dev.docreactor.reactor;

import dev.docreactor.contract.TopicNames;
import dev.docreactor.embedded.EmbeddedKafkaBroker;
import dev.docreactor.reactor.api.ApiServer;
import dev.docreactor.reactor.api.ReactorBackend;
import dev.docreactor.reactor.api.ReactorException;
import dev.docreactor.reactor.executor.JobExceptionHandlers;
import dev.docreactor.reactor.executor.ReactorTopology;
import dev.docreactor.reactor.metrics.ReactorMeters;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.reactor.queue.JobQueue;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.reactor.topics.TopicManager.TopicSpec;
import dev.docreactor.reactor.topics.TopicManager;
import dev.docreactor.reactor.view.DocumentSummary;
import dev.docreactor.reactor.view.JobResultWaiters;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running reactor instance: the Kafka Streams application (queue → executor → operations store →
 * event bus, document view, job results), its topics, its HTTP API, and, when asked for
 * ({@code embedded.kafka.enabled}), an embedded broker.
 */
public final class Reactor implements ReactorBackend, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    /** Serializes query keys as the queue's producer does, so metadata lookups find the right partition. */
    private final ReactorConfig config;
    private final DocumentModelRegistry models;
    private final JobResultWaiters waiters = new JobResultWaiters();
    private EmbeddedKafkaBroker broker;
    private KafkaStreams streams;
    private JobQueue queue;
    private ApiServer http;
    private ReactorMeters meters;
    private HostInfo self;
    private LocalStores stores;
    private String bootstrapServers;

    /** A reactor that does nothing until {@link #start()}. */
    public Reactor(ReactorConfig config, DocumentModelRegistry models) {
        this.config = config;
        this.models = models;
    }

    /** Starts the broker (if embedded), creates topics, starts Kafka Streams and the HTTP API. */
    public synchronized Reactor start() {
        long started = System.nanoTime();
        config.requireKafka();
        bootstrapServers = config.bootstrapServers();
        if (config.embeddedKafka()) {
            int port = config.embeddedKafkaPort();
            Path data = config.dataDir().resolve("kafka");
            broker = new EmbeddedKafkaBroker(data, port, port == 0 ? 0 : port + 1, Map.of()).start();
            bootstrapServers = broker.bootstrapServers();
            log.warn("Started an EMBEDDED single-node Kafka broker at {} with its data under {}, as asked ({}=true): "
                + "for trying the reactor on one machine, not for production", bootstrapServers, data.toAbsolutePath(),
                ReactorConfig.EMBEDDED_KAFKA_ENABLED);
        }
        try {
            ensureTopics();
            meters = new ReactorMeters();
            http = new ApiServer(this, config);
            self = HostInfo.buildFromEndpoint(config.httpAdvertisedAddress(http.port()));
            queue = new JobQueue(bootstrapServers, config.queueTopic(), config.applicationId() + "-http-producer",
                config.limits().maxQueueRecordBytes(), clientOverrides(), config.valueSerdes().job().serializer());
            queue.bindMetrics(meters);
            streams = new KafkaStreams(ReactorTopology.build(config, models, waiters), streamsProps());
            stores = new LocalStores(streams, self, config, models);
            streams.setGlobalStateRestoreListener(meters.restoration());
            meters.bindKafkaStreams(streams);
            streams.setUncaughtExceptionHandler(exception -> {
                log.error("Stream thread failed; replacing it (the task restarts from its last committed state)", exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.setStateListener((next, previous) -> log.info("Kafka Streams state {} -> {}", previous, next));
            streams.start();
            http.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot start the HTTP API on port " + config.httpPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Reactor {} started in {} ms: Kafka {}, queue {}, event bus {}, HTTP {}", config.reactorId(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), bootstrapServers, config.queueTopic(),
            config.eventBusTopic(), self);
        return this;
    }

    private void ensureTopics() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(clientOverrides());
        int partitions = config.topicPartitions();
        Limits limits = config.limits();
        int records = limits.maxRecordBytes();
        try (Admin admin = Admin.create(props)) {
            int queuePartitions = existingPartitions(admin, config.queueTopic(), partitions);
            List<TopicSpec> specs = new ArrayList<>(List.of(
                new TopicSpec(config.queueTopic(), partitions, false, TopicConfig.CLEANUP_POLICY_DELETE,
                    "the queue holds every job of a document under the same key, and must keep jobs for the longest "
                        + "outage the reactor is to survive (" + ReactorConfig.QUEUE_RETENTION_MS + ")",
                    limits.maxQueueRecordBytes(), config.queueRetentionMs()),
                new TopicSpec(config.dlqTopic(), partitions, false, TopicConfig.CLEANUP_POLICY_DELETE,
                    "dead letters must all be kept until replayed", limits.maxDeadLetterBytes(), TopicSpec.KEEP_FOREVER),
                new TopicSpec(config.jobResultsTopic(), partitions, false, TopicConfig.CLEANUP_POLICY_COMPACT,
                    "the latest result per job id is the job's status", records),
                new TopicSpec(config.eventBusTopic(), queuePartitions, true,
                    TopicConfig.CLEANUP_POLICY_COMPACT, "the event bus is the operations store's changelog and must be co-partitioned with the queue",
                    records)));
            Set<String> checkOnly = new HashSet<>(Set.of(config.eventBusTopic()));
            for (String store : List.of(StoreNames.DOCUMENTS, StoreNames.MERGE, StoreNames.STREAMS, StoreNames.IDS,
                    StoreNames.SYNC_ACKS)) {
                String changelog = TopicNames.changelog(config.reactorId(), store);
                specs.add(new TopicSpec(changelog, queuePartitions, true, TopicConfig.CLEANUP_POLICY_COMPACT,
                    "a state store's changelog, co-partitioned with the queue", records));
                checkOnly.add(changelog);
            }
            new TopicManager(admin, config.topicReplicationFactor()).ensure(specs, checkOnly);
        }
    }

    private static int existingPartitions(Admin admin, String topic, int fallback) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (ExecutionException e) {
            return fallback;
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> clientOverrides() {
        Map<String, Object> overrides = new HashMap<>();
        config.streamsOverrides().forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
                overrides.put(k, v);
            }
        });
        return overrides;
    }

    private Properties streamsProps() {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // With transactions v2 a broker refuses, as out of order, a partition's second batch of a transaction
        // that arrives while the first one is still being verified; the producer sends it again after
        // retry.backoff.ms, and the commit waits for it. Kafka's 100 ms made that wait a visible share of the
        // reactor's latency; the backoff still grows exponentially to retry.backoff.max.ms on real trouble.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        // Every record the reactor writes fits the limits (reactor.max.*); topics Kafka Streams creates
        // (the stores' changelogs) accept them, and the producer sends them.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.limits().maxProducerRequestBytes());
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(config.limits().maxRecordBytes()));
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, JobExceptionHandlers.Production.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, JobExceptionHandlers.Processing.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        // Each task reads one partition (the queue's): there is nothing to wait for on other inputs, and with
        // idling enabled Kafka Streams formats a lag message per empty-queue check (3% of the stream thread).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.putAll(config.streamsOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        return props;
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return http.port();
    }

    /** The Kafka cluster in use (the embedded broker's address when embedded). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The configuration. */
    public ReactorConfig config() {
        return config;
    }

    /** The Kafka Streams instance, for tests and tools. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public String reactorId() {
        return config.reactorId();
    }

    @Override
    public void submit(Job job) {
        queue.submit(job);
    }

    @Override
    public Optional<String> remoteOwnerOfDocument(String documentId, boolean staleAllowed) {
        return stores.remoteOwnerOfDocument(documentId, staleAllowed);
    }

    @Override
    public Optional<DocumentSnapshot> localDocument(String documentId, String branch, boolean staleAllowed) {
        return stores.localDocument(documentId, branch, staleAllowed);
    }

    @Override
    public boolean localDocumentExists(String documentId, String branch, boolean staleAllowed) {
        return stores.localDocumentExists(documentId, branch, staleAllowed);
    }

    @Override
    public List<DocumentSummary> localDocuments(String after, int limit) {
        return stores.localDocuments(after, limit);
    }

    @Override
    public List<String> otherInstances() {
        return stores.otherInstances();
    }

    @Override
    public List<Operation> localOperations(String documentId, String scope, String branch, long fromIndex, int limit, boolean staleAllowed) {
        return stores.localOperations(documentId, scope, branch, fromIndex, limit, staleAllowed);
    }

    @Override
    public Optional<JobResult> localJobResult(String jobId) {
        return stores.localJobResult(jobId);
    }

    @Override
    public Map<String, String> localSyncStatus(String documentId, String remoteReactorId, List<String> operationIds) {
        return stores.localSyncStatus(documentId, remoteReactorId, operationIds);
    }

    @Override
    public OptionalLong localReplicationWatermark(String remoteReactorId) {
        return stores.localReplicationWatermark(remoteReactorId);
    }

    @Override
    public List<String> localOwnOperationIds(String documentId, String branch) {
        return stores.localOwnOperationIds(documentId, branch);
    }

    @Override
    public Optional<JobResult> awaitLocalJobResult(String jobId, Duration maxWait) {
        java.util.concurrent.CompletableFuture<JobResult> future = waiters.register(jobId);
        try {
            Optional<JobResult> stored = stores.localJobResult(jobId);
            if (stored.isPresent()) {
                return stored;
            }
            return Optional.of(future.get(maxWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReactorException.Unavailable("interrupted while waiting for job " + jobId);
        } finally {
            waiters.forget(jobId);
        }
    }

    @Override
    public DocumentModelRegistry models() {
        return models;
    }

    @Override
    public String streamsState() {
        return streams == null ? "NOT_STARTED" : streams.state().name();
    }

    @Override
    public boolean hasLocalStores() {
        return streams != null && streams.metadataForLocalThreads().stream()
            .anyMatch(thread -> !thread.activeTasks().isEmpty() || !thread.standbyTasks().isEmpty());
    }

    @Override
    public String prometheusMetrics() {
        ReactorMeters current = meters;
        return current == null ? "" : current.scrape();
    }

    /** Stops the HTTP API, the metrics, Kafka Streams (committing its work), the queue's producer and the embedded broker. */
    @Override
    public synchronized void close() {
        long started = System.nanoTime();
        if (http != null) {
            http.close();
            http = null;
        }
        if (meters != null) {
            meters.close();
            meters = null;
        }
        if (streams != null) {
            // Leave the consumer group: a restarted or remaining instance takes the partitions over at
            // once instead of waiting for this member's session to expire.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
            streams = null;
        }
        if (queue != null) {
            queue.close();
            queue = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        log.info("Reactor {} stopped in {} ms", config.reactorId(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
