package dev.docreactor.formatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FormattersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("t", 3, 17L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static JsonNode line(RecordLineFormatter<?> formatter, ConsumerRecord<byte[], byte[]> record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            formatter.writeTo(record, print);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).as("exactly one line per record").endsWith(System.lineSeparator())
            .doesNotContain("\n" + "{");
        return JSON.readTree(text);
    }

    @Test
    void shouldPrintEventBusOperationAsJsonLine() throws Exception {
        byte[] value = AvroSerdes.operation().serializer().serialize("bus", Samples.operation());
        JsonNode line = line(new OperationFormatter(), record("groceries/main/global/00000000000000000002", value));
        assertThat(line.path("key").asText()).as("key as text").isEqualTo("groceries/main/global/00000000000000000002");
        assertThat(line.path("value").path("documentId").asText()).as("decoded document id").isEqualTo("groceries");
        assertThat(line.path("value").path("index").asLong()).as("decoded index").isEqualTo(2L);
        assertThat(line.path("value").path("action").path("input").asText()).as("escaped action input survives")
            .isEqualTo("{\"id\":\"1\",\"text\":\"milk \\\"2%\\\"\"}");
    }

    @Test
    void shouldPrintQueueJob() throws Exception {
        byte[] value = AvroSerdes.job().serializer().serialize("a.queue", Samples.job());
        JsonNode line = line(new JobFormatter(), record("groceries", value));
        assertThat(line.path("value").path("kind").asText()).as("job kind").isEqualTo("EXECUTE");
        assertThat(line.path("value").path("actions").get(0).path("type").asText()).as("first action").isEqualTo("ADD_TODO");
    }

    @Test
    void shouldPrintJobResult() throws Exception {
        byte[] value = AvroSerdes.jobResult().serializer().serialize("a.job-results", Samples.jobResult());
        JsonNode line = line(new JobResultFormatter(), record("job-1", value));
        assertThat(line.path("value").path("status").asText()).as("status").isEqualTo("COMPLETED");
        assertThat(line.path("value").path("operations").get(0).path("index").asLong()).as("operation ref index").isEqualTo(2L);
    }

    @Test
    void shouldPrintDeadLetterWithItsJobDecoded() throws Exception {
        byte[] job = AvroSerdes.job().serializer().serialize("a.queue", Samples.job());
        byte[] value = AvroSerdes.deadLetter().serializer().serialize("a.dlq", Samples.deadLetter(job));
        JsonNode line = line(new DeadLetterFormatter(), record("groceries", value));
        assertThat(line.path("value").path("reason").asText()).as("reason").isEqualTo("document too large");
        assertThat(line.path("value").path("originalKey").asText()).as("original key as text").isEqualTo("groceries");
        assertThat(Base64.getDecoder().decode(line.path("value").path("originalValue").asText()))
            .as("original value bytes, Base64").isEqualTo(job);
        assertThat(line.path("value").path("originalJob").path("jobId").asText()).as("original job decoded").isEqualTo("job-1");
    }

    @Test
    void shouldPrintDeadLetterWhoseValueIsNotAJobWithoutDecodingIt() throws Exception {
        byte[] value = AvroSerdes.deadLetter().serializer().serialize("a.dlq", Samples.deadLetter(new byte[] {1, 2, 3}));
        JsonNode line = line(new DeadLetterFormatter(), record("groceries", value));
        assertThat(line.path("value").has("originalJob")).as("no job to decode").isFalse();
        assertThat(line.path("value").path("originalValue").asText()).as("Base64 of the bytes").isEqualTo("AQID");
    }

    @Test
    void shouldPrintErrorInsteadOfFailingOnUndecodableValue() throws Exception {
        JsonNode line = line(new OperationFormatter(), record("k", "not avro at all".getBytes(StandardCharsets.UTF_8)));
        assertThat(line.path("error").asText()).as("decoder's reason").contains("Cannot decode");
        assertThat(line.path("valueBytes").asInt()).as("size of the bad value").isEqualTo(15);
        assertThat(line.has("value")).as("no value").isFalse();
    }

    @Test
    void shouldPrintTombstoneAndNullKey() throws Exception {
        JsonNode line = line(new OperationFormatter(), record(null, null));
        assertThat(line.get("key").isNull()).as("null key").isTrue();
        assertThat(line.get("value").isNull()).as("tombstone").isTrue();
    }

    @Test
    void shouldHonourConsoleConsumerProperties() throws Exception {
        JobFormatter formatter = new JobFormatter();
        formatter.configure(Map.of("print.key", "false", "print.position", "true", "print.timestamp", "true",
            "key.separator", "|"));
        byte[] value = AvroSerdes.job().serializer().serialize("a.queue", Samples.job());
        JsonNode line = line(formatter, record("groceries", value));
        assertThat(line.has("key")).as("key left out").isFalse();
        assertThat(line.path("partition").asInt()).as("partition").isEqualTo(3);
        assertThat(line.path("offset").asLong()).as("offset").isEqualTo(17L);
        assertThat(line.has("timestamp")).as("timestamp printed").isTrue();
    }

    @Test
    void shouldTruncateHugeValue() throws Exception {
        JobFormatter formatter = new JobFormatter();
        formatter.configure(Map.of("max.value.chars", "64"));
        byte[] value = AvroSerdes.job().serializer().serialize("a.queue", Samples.job());
        JsonNode line = line(formatter, record("groceries", value));
        assertThat(line.path("truncated").asBoolean()).as("marked truncated").isTrue();
        assertThat(line.path("value").asText()).as("cut to the limit").hasSize(64);
    }
}
