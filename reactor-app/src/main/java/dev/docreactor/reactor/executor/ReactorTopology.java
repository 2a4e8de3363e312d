package dev.docreactor.reactor.executor;

import dev.docreactor.reactor.view.JobResultsProcessor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.ValueSerdes;
import dev.docreactor.schema.JobResult;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The reactor's Kafka Streams topology.
 *
 * <pre>
 * queue topic ─► executor ─┬─► job-results topic ─► job-results global store (every instance)
 *                 │        └─► dead-letter topic
 *                 ├ operations store (changelog = event bus; not cached)
 *                 ├ documents store (the document view; cached)
 *                 ├ streams store (merge bookkeeping; cached)
 *                 ├ ids store (the merge's id index; not cached)
 *                 └ sync-acks store (cached)
 * </pre>
 */
public final class ReactorTopology {

    static final String QUEUE_SOURCE = "queue";
    static final String EXECUTOR = "executor";
    static final String RESULTS_SINK = "job-results-sink";
    static final String DLQ_SINK = "dlq-sink";

    private ReactorTopology() {
    }

    /** Builds the topology with the wall clock. */
    public static Topology build(ReactorConfig config, DocumentModelRegistry models, JobResultsProcessor.Listener resultStored) {
        return build(config, models, Clock.systemUTC(), resultStored);
    }

    /** Builds the topology with nobody told of stored job results. */
    public static Topology build(ReactorConfig config, DocumentModelRegistry models, Clock clock) {
        return build(config, models, clock, JobResultsProcessor.Listener.NONE);
    }

    /**
     * Builds the topology.
     *
     * @param clock the wall clock of the hybrid logical clock (tests inject skew)
     * @param resultStored told of each job result as it is stored, with the job id it is stored under (wakes waiting HTTP
     *     requests; a repeated idempotent request's result is its first job's, stored under the repeat's id)
     */
    public static Topology build(ReactorConfig config, DocumentModelRegistry models, Clock clock,
                                 JobResultsProcessor.Listener resultStored) {
        Topology topology = new Topology();
        ValueSerdes values = config.valueSerdes();
        topology.addSource(QUEUE_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), config.queueTopic());
        topology.addProcessor(EXECUTOR, () -> new JobExecutorProcessor(config, models, clock), QUEUE_SOURCE);
        // Never cached: every append must reach the changelog, which is the event bus.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.OPERATIONS),
                Serdes.String(), values.operation())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        // The view and the bookkeeping are cached: several updates of one document within a commit
        // interval reach RocksDB and the changelog once. Reads (including interactive queries) see the cache.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DOCUMENTS),
                Serdes.String(), AvroSerdes.documentSnapshot())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.MERGE),
                Serdes.Bytes(), Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STREAMS),
                Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        // Written once per operation and read mostly for operations not there yet: nothing for a cache to fold.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.IDS),
                Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SYNC_ACKS),
                Serdes.String(), Serdes.String())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()), EXECUTOR);
        topology.addSink(RESULTS_SINK, config.jobResultsTopic(), Serdes.String().serializer(),
            values.jobResult().serializer(), EXECUTOR);
        topology.addSink(DLQ_SINK, config.dlqTopic(), Serdes.String().serializer(),
            values.deadLetter().serializer(), EXECUTOR);

        // Job results are a global store fed by the job-results topic: every instance answers
        // GET /jobs/{jobId} locally, the topic is the store's changelog (no second copy), and the
        // global thread, not the stream thread, maintains it. It keeps the topic's bytes: a result is
        // decoded when it is read or waited for, and never encoded a second time.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_RESULTS),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
            "job-results-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
            config.jobResultsTopic(), "job-results",
            () -> new JobResultsProcessor(resultStored, values.format(JobResult.class, config.jobResultsTopic())));
        return topology;
    }
}
