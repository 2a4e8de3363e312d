package dev.docreactor.reactor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.contract.EventBusKey;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The console-consumer formatter prints event-bus records as JSON lines and survives bad bytes. */
class OperationFormatterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldPrintOperationAsJsonLine() throws Exception {
        Operation op = Operation.newBuilder().setId("r1:a1").setDocumentId("doc-1").setDocumentType("json").setScope("global")
            .setBranch("main").setIndex(7).setSkip(2).setTimestampUtcMs(11).setClock(13).setHash("abc").setOrigin("r1")
            .setAction(Action.newBuilder().setId("a1").setType("PATCH").setScope("global").setInput("[]").build()).build();
        String key = EventBusKey.format("doc-1", "main", "global", 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OperationFormatter().writeTo(new ConsumerRecord<>("bus", 0, 0L, key.getBytes(StandardCharsets.UTF_8),
            AvroSerdes.operation().serializer().serialize("bus", op)), new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonNode line = MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(line.get("key").asText()).as("key").isEqualTo("doc-1/main/global/00000000000000000007");
        assertThat(line.get("documentId").asText()).as("document").isEqualTo("doc-1");
        assertThat(line.get("index").asLong()).as("index").isEqualTo(7L);
        assertThat(line.get("skip").asInt()).as("skip").isEqualTo(2);
        assertThat(line.at("/action/type").asText()).as("action type").isEqualTo("PATCH");
        assertThat(line.at("/action/input").isArray()).as("input is JSON, not text").isTrue();
    }

    @Test
    void shouldPrintErrorForUndecodableValue() throws Exception {
        String line = new OperationFormatter().format("k".getBytes(StandardCharsets.UTF_8),
            "garbage-that-is-long-enough".getBytes(StandardCharsets.UTF_8));
        assertThat(MAPPER.readTree(line).get("error").asText()).as("error instead of a crash").contains("Cannot decode");
    }
}
