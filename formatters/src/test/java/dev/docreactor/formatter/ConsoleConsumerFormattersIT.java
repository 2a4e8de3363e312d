package dev.docreactor.formatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.serde.AvroSerdes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs Kafka's own console consumer ({@code org.apache.kafka.tools.consumer.ConsoleConsumer}, the class behind
 * {@code kafka-console-consumer.sh}) in a separate JVM whose classpath is Kafka's jars plus
 * {@code target/docreactor-formatters.jar} only, as docs/TOOLING.md tells an operator to run it, once per
 * topic with its formatter.
 */
class ConsoleConsumerFormattersIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final String REACTOR = "fmt";
    private static final Path FORMATTERS_JAR = Path.of("target", "docreactor-formatters.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void writeOneRecordPerTopic() {
        for (String topic : List.of(TopicNames.eventBus(REACTOR), TopicNames.queue(REACTOR), TopicNames.jobResults(REACTOR),
                TopicNames.deadLetters(REACTOR))) {
            KAFKA.createTopic(0, topic, 1, Map.of());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        byte[] job = AvroSerdes.job().serializer().serialize(TopicNames.queue(REACTOR), Samples.job());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.eventBus(REACTOR), bytes("groceries/main/global/00000000000000000002"),
                AvroSerdes.operation().serializer().serialize("bus", Samples.operation())));
            producer.send(new ProducerRecord<>(TopicNames.queue(REACTOR), bytes("groceries"), job));
            producer.send(new ProducerRecord<>(TopicNames.jobResults(REACTOR), bytes("job-1"),
                AvroSerdes.jobResult().serializer().serialize("results", Samples.jobResult())));
            producer.send(new ProducerRecord<>(TopicNames.deadLetters(REACTOR), bytes("groceries"),
                AvroSerdes.deadLetter().serializer().serialize("dlq", Samples.deadLetter(job))));
            producer.flush();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCarryNoKafkaClassesInTheFormattersJar() throws IOException {
        try (JarFile jar = new JarFile(FORMATTERS_JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(names).as("the formatters, the schemas and Avro are inside")
                .contains("dev/docreactor/formatter/OperationFormatter.class", "dev/docreactor/schema/Operation.class",
                    "org/apache/avro/Schema.class");
            assertThat(names).as("Kafka's classes come from the Kafka installation")
                .noneMatch(n -> n.startsWith("org/apache/kafka/") || n.startsWith("kafka/"));
        }
    }

    @Test
    void shouldPrintEventBusWithKafkasConsoleConsumer() throws Exception {
        JsonNode line = consume(TopicNames.eventBus(REACTOR), OperationFormatter.class);
        assertThat(line.path("key").asText()).as("event-bus key").isEqualTo("groceries/main/global/00000000000000000002");
        assertThat(line.path("value").path("documentType").asText()).as("decoded operation").isEqualTo("todo-list");
    }

    @Test
    void shouldPrintQueueWithKafkasConsoleConsumer() throws Exception {
        JsonNode line = consume(TopicNames.queue(REACTOR), JobFormatter.class);
        assertThat(line.path("value").path("jobId").asText()).as("decoded job").isEqualTo("job-1");
        assertThat(line.path("offset").asLong()).as("print.position=true passed through --property").isZero();
    }

    @Test
    void shouldPrintJobResultsWithKafkasConsoleConsumer() throws Exception {
        JsonNode line = consume(TopicNames.jobResults(REACTOR), JobResultFormatter.class);
        assertThat(line.path("value").path("status").asText()).as("decoded job result").isEqualTo("COMPLETED");
    }

    @Test
    void shouldPrintDeadLettersWithKafkasConsoleConsumer() throws Exception {
        JsonNode line = consume(TopicNames.deadLetters(REACTOR), DeadLetterFormatter.class);
        assertThat(line.path("value").path("originalJob").path("documentId").asText()).as("dead letter's job decoded")
            .isEqualTo("groceries");
    }

    /** Runs the console consumer for one record of {@code topic} and returns its JSON line. */
    private static JsonNode consume(String topic, Class<?> formatter) throws Exception {
        assertThat(FORMATTERS_JAR).as("the shaded jar, built in the package phase").exists();
        Path out = Files.createTempFile("console-consumer-", ".out");
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", kafkaClasspath() + File.pathSeparator + FORMATTERS_JAR.toAbsolutePath(),
            "org.apache.kafka.tools.consumer.ConsoleConsumer",
            "--bootstrap-server", KAFKA.bootstrapServers(), "--topic", topic, "--partition", "0", "--offset", "earliest",
            "--max-messages", "1", "--timeout-ms", "60000",
            "--formatter", formatter.getName(), "--property", "print.position=true"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.delete(out);
        assertThat(exited).as("console consumer exits after --max-messages 1; output: %s", lines).isTrue();
        assertThat(process.exitValue()).as("console consumer exit code; output: %s", lines).isZero();
        List<String> json = lines.stream().filter(l -> l.startsWith("{")).collect(Collectors.toList());
        assertThat(json).as("one JSON line from %s; all output: %s", formatter.getSimpleName(), lines).hasSize(1);
        return JSON.readTree(json.get(0));
    }

    /**
     * This test's classpath without this project's formatter classes, schemas and Avro: what a Kafka
     * installation has (kafka-tools with kafka-clients, Jackson, SLF4J, ...).
     */
    private static String kafkaClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("formatters" + File.separator + "target")
                && !entry.contains("schemas")
                && !entry.contains(File.separator + "avro" + File.separator)
                && !entry.contains("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    }
}
