package dev.docreactor.reactor.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.reactor.api.RecordJson;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Prints event-bus records as JSON lines in Kafka's own console consumer:
 *
 * <pre>
 * CLASSPATH=reactor-app/target/reactor-app.jar kafka-console-consumer.sh --bootstrap-server localhost:9092 \
 *   --topic reactor-a-operations-changelog --from-beginning --isolation-level read_committed \
 *   --formatter dev.docreactor.reactor.events.OperationFormatter
 * </pre>
 *
 * Each line is {@code {"key": ..., "documentId": ..., "scope": ..., "branch": ..., <operation fields>}};
 * an undecodable value prints {@code {"key": ..., "error": ...}} instead of stopping the consumer.
 */
public final class OperationFormatter implements MessageFormatter {

    private final RecordFormat<Operation> format = AvroSerdes.operation().format();

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        output.println(format(record.key(), record.value()));
    }

    /** The JSON line of one event-bus record. */
    public String format(byte[] key, byte[] value) {
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("key", keyText);
        if (value == null) {
            line.putNull("operation");
            return line.toString();
        }
        try {
            Operation op = format.decode(value);
            line.put("documentId", op.getDocumentId());
            line.put("documentType", op.getDocumentType());
            line.put("scope", op.getScope());
            line.put("branch", op.getBranch());
            line.setAll(RecordJson.operation(op));
        } catch (SerializationException e) {
            line.put("error", e.getMessage());
        }
        return line.toString();
    }
}
