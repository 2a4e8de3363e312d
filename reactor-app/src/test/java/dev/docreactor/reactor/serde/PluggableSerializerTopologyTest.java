package dev.docreactor.reactor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.executor.ReactorTopology;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.ValueSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor's topics carry whatever {@code reactor.value.serializer}/{@code reactor.value.deserializer}
 * name: here a serializer class of the tests that marks every record, end to end through the topology.
 */
class PluggableSerializerTopologyTest {

    private static final byte MARKER = 42;

    private Path stateDir;
    private TopologyTestDriver driver;
    private ReactorConfig config;
    private ValueSerdes marking;

    @BeforeEach
    void start() throws IOException {
        stateDir = Files.createTempDirectory("ttd-serde");
        config = new ReactorConfig(Map.of(ReactorConfig.REACTOR_ID, "m", ReactorConfig.STATE_DIR, stateDir.toString(),
            ValueSerdes.SERIALIZER, MarkingSerializer.class.getName(),
            ValueSerdes.DESERIALIZER, MarkingDeserializer.class.getName(),
            ValueSerdes.CONFIG_PREFIX + "marker", Byte.toString(MARKER)));
        marking = config.valueSerdes();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ReactorTopology.build(config, new DocumentModelRegistry(), Clock.systemUTC()), props);
    }

    @AfterEach
    void stop() throws IOException {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void enqueue(String key, byte[] value) {
        driver.createInputTopic(config.queueTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
            .pipeInput(key, value);
    }

    private List<TestRecord<String, byte[]>> raw(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
    }

    @Test
    void shouldReadJobsAndWriteResultsAndEventBusWithThePluggedInSerializer() {
        long before = MarkingSerializer.SERIALIZED.get();
        Job create = Job.newBuilder().setJobId("job-1").setKind(JobKind.EXECUTE).setDocumentId("doc").setDocumentType("json")
            .setActions(List.of(Action.newBuilder().setId("a1").setType("CREATE_DOCUMENT").setScope("document")
                .setInput("{\"type\":\"json\"}").build())).build();
        enqueue("doc", marking.job().serializer().serialize(config.queueTopic(), create));

        List<TestRecord<String, byte[]>> results = raw(config.jobResultsTopic());
        assertThat(results).as("one job result").hasSize(1);
        assertThat(results.get(0).value()[0]).as("job result written by the plugged-in serializer").isEqualTo(MARKER);
        JobResult result = marking.jobResult().deserializer().deserialize(config.jobResultsTopic(), results.get(0).value());
        assertThat(result.getStatus()).as("the job, read by the plugged-in deserializer, completed: %s", result)
            .isEqualTo(JobStatus.COMPLETED);

        List<TestRecord<String, byte[]>> bus = raw(config.eventBusTopic());
        assertThat(bus).as("the event bus got the operation").isNotEmpty();
        assertThat(bus).as("every event-bus record written by the plugged-in serializer")
            .allSatisfy(r -> assertThat(r.value()[0]).isEqualTo(MARKER));
        Operation op = marking.operation().deserializer().deserialize(config.eventBusTopic(), bus.get(0).value());
        assertThat(op.getDocumentId()).as("event-bus operation").isEqualTo("doc");
        assertThat(MarkingSerializer.SERIALIZED.get() - before).as("records counted by the plugged-in serializer")
            .isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldDeadLetterAJobInAnotherEncodingWithThePluggedInSerializer() {
        Job job = Job.newBuilder().setJobId("job-2").setKind(JobKind.EXECUTE).setDocumentId("doc").setDocumentType("json").build();
        byte[] unmarked = AvroSerdes.job().serializer().serialize(config.queueTopic(), job);
        enqueue("doc", unmarked);

        List<TestRecord<String, byte[]>> letters = raw(config.dlqTopic());
        assertThat(letters).as("the job without the marker is a dead letter, not a crashed thread").hasSize(1);
        assertThat(letters.get(0).value()[0]).as("dead letter written by the plugged-in serializer").isEqualTo(MARKER);
        DeadLetter letter = marking.deadLetter().deserializer().deserialize(config.dlqTopic(), letters.get(0).value());
        assertThat(letter.getReason()).as("the plugged-in deserializer's reason").contains("no marker");
        assertThat(letter.getOriginalValue().remaining()).as("original bytes kept").isEqualTo(unmarked.length);
    }
}
