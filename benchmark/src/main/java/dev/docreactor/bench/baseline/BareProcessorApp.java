package dev.docreactor.bench.baseline;

import dev.docreactor.contract.EventBusKey;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.Stores;

/**
 * The bare-Kafka baseline of the reactor: a Kafka Streams Processor API application that reads the same
 * Avro jobs from its input topic and does, per action, the store work the issue names — one get (the
 * document's state), two puts (the operation into an operations store, the new state into a state
 * store), both stores logged to changelogs — and one forward (an Avro job result) per job to its output
 * topic. No reducer, no merge bookkeeping, no view: what a minimal event-sourced processor on Kafka
 * Streams costs, on the same broker and with the same Streams settings as the reactor.
 */
public final class BareProcessorApp implements AutoCloseable {

    /** Key of the application id. */
    public static final String APPLICATION_ID = "bare.application.id";
    /** Key of the input topic. */
    public static final String INPUT_TOPIC = "bare.input.topic";
    /** Key of the output topic. */
    public static final String OUTPUT_TOPIC = "bare.output.topic";
    /** Key of the bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "bare.bootstrap.servers";
    /** Key of the state directory. */
    public static final String STATE_DIR = "bare.state.dir";
    /** Name of the operations store. */
    public static final String OPERATIONS_STORE = "bare-operations";
    /** Name of the state store. */
    public static final String STATE_STORE = "bare-state";

    private final KafkaStreams streams;

    private BareProcessorApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Starts the application described by {@code props} (the keys above). */
    public static BareProcessorApp start(Properties props) {
        Topology topology = topology(props.getProperty(INPUT_TOPIC), props.getProperty(OUTPUT_TOPIC));
        KafkaStreams streams = new KafkaStreams(topology, streamsProps(props));
        streams.start();
        return new BareProcessorApp(streams);
    }

    /** The topology: source → processor (two logged stores) → sink. */
    public static Topology topology(String input, String output) {
        Topology topology = new Topology();
        topology.addSource("input", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        topology.addProcessor("bare", BareProcessor::new, "input");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPERATIONS_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()), "bare");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
            Serdes.String(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()), "bare");
        topology.addSink("output", output, Serdes.String().serializer(), AvroSerdes.jobResult().serializer(), "bare");
        return topology;
    }

    /**
     * The Kafka Streams settings the reactor uses (see {@code Reactor.streamsProps}), except the record cache:
     * the baseline's stores are uncached, so each put is one changelog record, as the "two puts" mean.
     */
    static Properties streamsProps(Properties props) {
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, props.getProperty(APPLICATION_ID));
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, props.getProperty(BOOTSTRAP_SERVERS));
        streams.put(StreamsConfig.STATE_DIR_CONFIG, props.getProperty(STATE_DIR));
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        streams.put(StreamsConfig.producerPrefix("linger.ms"), 5);
        streams.put(StreamsConfig.producerPrefix("max.request.size"), 4 * 1024 * 1024);
        streams.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        streams.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.forEach((k, v) -> {
            if (k.toString().startsWith("streams.")) {
                streams.put(k.toString().substring("streams.".length()), v);
            }
        });
        return streams;
    }

    /** Waits until the application runs and its state store answers a query. */
    public void awaitQueryable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                try {
                    streams.store(StoreQueryParameters.fromNameAndType(STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()))
                        .get("doc-0");
                    return;
                } catch (InvalidStateStoreException e) {
                    // Not queryable yet: restoring or rebalancing.
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the bare processor did not become queryable within " + timeout);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Per action: get the state, put the operation, put the new state; per job: forward a result. */
    static final class BareProcessor implements Processor<String, byte[], String, JobResult> {
        private final RecordFormat<Job> jobs = AvroSerdes.job().format();
        private final RecordFormat<Action> actions = AvroSerdes.action().format();
        private ProcessorContext<String, JobResult> context;
        private KeyValueStore<String, byte[]> operations;
        private KeyValueStore<String, byte[]> states;

        @Override
        public void init(ProcessorContext<String, JobResult> context) {
            this.context = context;
            this.operations = context.getStateStore(OPERATIONS_STORE);
            this.states = context.getStateStore(STATE_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Job job = jobs.decode(record.value());
            for (Action action : job.getActions()) {
                byte[] state = states.get(job.getDocumentId());
                long index = state == null ? 0 : ByteBuffer.wrap(state).getLong() + 1;
                operations.put(EventBusKey.format(job.getDocumentId(), job.getBranch(), action.getScope(), index),
                    actions.encode(action));
                byte[] input = action.getInput().getBytes(StandardCharsets.UTF_8);
                states.put(job.getDocumentId(), ByteBuffer.allocate(8 + input.length).putLong(index).put(input).array());
            }
            context.forward(new Record<>(job.getJobId(), JobResult.newBuilder().setJobId(job.getJobId())
                .setDocumentId(job.getDocumentId()).setStatus(JobStatus.COMPLETED).setCompletedUtcMs(System.currentTimeMillis())
                .build(), record.timestamp()));
        }
    }
}
