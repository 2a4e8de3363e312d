package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.api.RecordJson;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * {@code tail}: follows the event bus ({@code reactor-<id>-operations-changelog}) with a read_committed
 * consumer and prints each operation as one JSON line: the document, branch and scope, the record's
 * partition and offset, then the operation as the HTTP API shows it.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Follow the event bus and print each operation as a JSON line (progress on stderr).")
final class TailCommand extends CtlCommand {

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "-1",
        description = "Stop after N operations (default: follow until interrupted).")
    long count;

    @Option(names = "--from-beginning", description = "Start at the oldest retained record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--document", paramLabel = "ID", description = "Only this document's operations.")
    String document;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Event-bus topic (default: derived from --reactor-id).")
    String topic;

    @Option(names = "--max-wait", paramLabel = "DURATION", converter = ReactorCtl.DurationConverter.class,
        description = "With --count: fail when the count is not reached within this time (default: wait forever).")
    Duration maxWait;

    @Override
    int execute() {
        ReactorConfig config = ctl().reactorConfig();
        String eventBus = topic != null ? topic : config.eventBusTopic();
        RecordFormat<Operation> format = AvroSerdes.operation().format();
        long deadline = maxWait == null ? Long.MAX_VALUE : System.nanoTime() + maxWait.toNanos();
        Progress progress = new Progress(err(), "tail " + eventBus, count, interactive());
        long printed = 0;
        long undecodable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTopics.consumer(ctl().clientProps())) {
            var partitions = KafkaTopics.assignAll(consumer, eventBus, ctl().bootstrapServers(), ctl().timeout());
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (count < 0 || printed < count) {
                if (System.nanoTime() > deadline) {
                    progress.done(printed, "operations (stopped: --max-wait reached)");
                    throw new CtlException("only " + printed + " of " + count + " operations arrived within " + maxWait.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    Operation op;
                    try {
                        op = format.decode(record.value());
                    } catch (SerializationException e) {
                        undecodable++;
                        err().println("warning: skipped undecodable record at " + record.topic() + "-" + record.partition()
                            + "@" + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    if (document != null && !document.equals(op.getDocumentId())) {
                        continue;
                    }
                    printJson(line(record, op));
                    printed++;
                    if (count >= 0 && printed >= count) {
                        break;
                    }
                }
                progress.update(printed, "operations");
            }
        }
        progress.done(printed, "operations" + (undecodable > 0 ? ", " + undecodable + " undecodable record(s) skipped" : ""));
        if (undecodable > 0) {
            throw new CtlException(undecodable + " event-bus record(s) could not be decoded as operations (see warnings above)");
        }
        return 0;
    }

    /** One output line: where the record is, which stream it belongs to, then the operation. */
    static ObjectNode line(ConsumerRecord<byte[], byte[]> record, Operation op) {
        ObjectNode node = RecordJson.mapper().createObjectNode();
        node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("documentId", op.getDocumentId());
        node.put("documentType", op.getDocumentType());
        node.put("branch", op.getBranch());
        node.put("scope", op.getScope());
        node.setAll(RecordJson.operation(op));
        return node;
    }
}
