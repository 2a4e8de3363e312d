package dev.docreactor.reactor.executor;

import dev.docreactor.reactor.view.DocumentReader;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.store.KafkaMergeStorage;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One reactor's topology in a {@link TopologyTestDriver}: submit jobs (or raw bytes) to its queue and
 * read its job results, dead letters and event bus.
 */
final class ReactorDriver implements AutoCloseable {

    final String reactorId;
    final ReactorConfig config;
    final TopologyTestDriver driver;
    final AtomicLong wallClock;
    private final DocumentModelRegistry models;
    private final TestInputTopic<String, byte[]> queue;
    private final TestOutputTopic<String, JobResult> results;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, Operation> eventBus;
    private final Path stateDir;
    private final Map<String, JobResult> resultsById = new HashMap<>();
    private final List<Operation> eventBusRecords = new ArrayList<>();

    ReactorDriver(String reactorId, long wallClockStartMs) {
        this(reactorId, wallClockStartMs, new DocumentModelRegistry());
    }

    ReactorDriver(String reactorId, long wallClockStartMs, DocumentModelRegistry models) {
        this(reactorId, wallClockStartMs, models, Map.of());
    }

    /** A reactor with more configuration than its id and state directory. */
    ReactorDriver(String reactorId, long wallClockStartMs, DocumentModelRegistry models, Map<String, Object> moreConfig) {
        this.reactorId = reactorId;
        this.models = models;
        this.wallClock = new AtomicLong(wallClockStartMs);
        try {
            this.stateDir = Files.createTempDirectory("ttd-" + reactorId);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> settings = new HashMap<>(moreConfig);
        settings.put(ReactorConfig.REACTOR_ID, reactorId);
        settings.put(ReactorConfig.STATE_DIR, stateDir.toString());
        this.config = new ReactorConfig(settings);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(wallClock.get());
            }
        };
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(ReactorTopology.build(config, models, clock), props);
        this.queue = driver.createInputTopic(config.queueTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        this.results = driver.createOutputTopic(config.jobResultsTopic(), Serdes.String().deserializer(), AvroSerdes.jobResult().deserializer());
        this.deadLetters = driver.createOutputTopic(config.dlqTopic(), Serdes.String().deserializer(), AvroSerdes.deadLetter().deserializer());
        this.eventBus = driver.createOutputTopic(config.eventBusTopic(), Serdes.String().deserializer(), AvroSerdes.operation().deserializer());
    }

    /** Enqueues a job and returns its result. */
    JobResult submit(Job job) {
        submitRaw(job.getDocumentId(), AvroSerdes.job().serializer().serialize("q", job));
        return resultsById.get(job.getJobId());
    }

    /** Enqueues a job whose queue record has timestamp {@code timestampMs} and returns its result. */
    JobResult submitAt(Job job, long timestampMs) {
        queue.pipeInput(job.getDocumentId(), AvroSerdes.job().serializer().serialize("q", job), Instant.ofEpochMilli(timestampMs));
        drain();
        return resultsById.get(job.getJobId());
    }

    /** Enqueues raw bytes under a key. */
    void submitRaw(String key, byte[] value) {
        queue.pipeInput(key, value);
        drain();
    }

    private void drain() {
        // By record key: a repeated idempotent request's result is the first job's, under the repeat's id.
        results.readKeyValuesToList().forEach(r -> resultsById.put(r.key, r.value));
        eventBusRecords.addAll(eventBus.readValuesToList());
    }

    /** Everything published on the event bus so far, in order. */
    List<Operation> eventBus() {
        drain();
        return List.copyOf(eventBusRecords);
    }

    /** Dead letters published since the last call. */
    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** The job result store's view of a job. */
    JobResult jobResult(String jobId) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.JOB_RESULTS);
        byte[] stored = store.get(jobId);
        return stored == null ? null : config.valueSerdes().format(JobResult.class, config.jobResultsTopic()).decode(stored);
    }

    /** The keys of the bookkeeping store that start with {@code prefix}. */
    List<String> bookkeepingKeys(String prefix) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.STREAMS);
        List<String> keys = new ArrayList<>();
        try (var it = store.range(prefix, prefix + Character.MAX_VALUE)) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** Moves the wall clock (of the merge and of punctuations) forward. */
    void advanceWallClock(java.time.Duration by) {
        wallClock.addAndGet(by.toMillis());
        driver.advanceWallClockTime(by);
    }

    /**
     * A document's view as the HTTP API answers it ({@link DocumentReader}): its view records (existence,
     * deletion, mark) with each scope's revision, hash and state read from the merge's stores; null if none.
     */
    DocumentSnapshot document(String documentId) {
        KeyValueStore<String, Operation> operations = driver.getKeyValueStore(StoreNames.OPERATIONS);
        KeyValueStore<Bytes, byte[]> bookkeeping = driver.getKeyValueStore(StoreNames.MERGE);
        KeyValueStore<String, byte[]> earlier = driver.getKeyValueStore(StoreNames.STREAMS);
        KeyValueStore<String, DocumentSnapshot> documents = driver.getKeyValueStore(StoreNames.DOCUMENTS);
        KafkaMergeStorage storage = KafkaMergeStorage.readOnly(operations, bookkeeping, earlier, AvroSerdes.operation().format());
        return DocumentReader.over(documents, config.merger(storage, models, wallClock::get)).read(documentId, "main")
            .orElse(null);
    }

    static Job create(String documentId, String type) {
        return execute(documentId, type, action("CREATE_DOCUMENT", "document", "{\"type\":\"" + type + "\"}"));
    }

    static Job execute(String documentId, String type, Action... actions) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.EXECUTE).setDocumentId(documentId)
            .setDocumentType(type).setActions(List.of(actions)).build();
    }

    static Job load(String documentId, String source, List<Operation> operations) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.LOAD).setDocumentId(documentId)
            .setOperations(operations).setSource(source).build();
    }

    static Action action(String type, String scope, String input) {
        return Action.newBuilder().setId(UUID.randomUUID().toString()).setType(type).setScope(scope).setInput(input).build();
    }

    @Override
    public void close() {
        driver.close();
    }
}
