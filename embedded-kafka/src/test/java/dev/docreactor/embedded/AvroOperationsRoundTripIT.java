package dev.docreactor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Avro Operations through a real broker with the project serde, transactions and read_committed. */
class AvroOperationsRoundTripIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private final RecordSerde<Operation> serde = AvroSerdes.operation();

    @Test
    void shouldDeliverOnlyCommittedOperationsToReadCommittedConsumer() {
        String topic = "operations-roundtrip";
        KAFKA.createTopic(0, topic, 3, Map.of());

        try (KafkaProducer<String, Operation> producer = transactionalProducer("roundtrip-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "doc-1", operation("doc-1", 0, "a1")));
            producer.send(new ProducerRecord<>(topic, "doc-1", operation("doc-1", 1, "a2")));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "doc-1", operation("doc-1", 2, "aborted")));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "doc-2", operation("doc-2", 0, "b1")));
            producer.commitTransaction();
        }

        List<Operation> received = consumeAll(topic, 3);
        assertThat(received).as("committed operations, decoded with the Avro serde")
            .extracting(op -> op.getAction().getId())
            .containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(received).as("every field survives the round trip")
            .contains(operation("doc-1", 1, "a2"));
        assertThat(received).as("the aborted transaction's operation is never delivered")
            .noneMatch(op -> op.getAction().getId().equals("aborted"));
    }

    private KafkaProducer<String, Operation> transactionalProducer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    private List<Operation> consumeAll(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Operation> received = new ArrayList<>();
        try (KafkaConsumer<String, Operation> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            // Keep polling a little after reaching the expected count so an aborted record would show up.
            int emptyPollsAfterEnough = 0;
            while (System.currentTimeMillis() < deadline && emptyPollsAfterEnough < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Operation> record : records) {
                    received.add(record.value());
                }
                if (received.size() >= atLeast && records.isEmpty()) {
                    emptyPollsAfterEnough++;
                }
            }
        }
        return received;
    }

    static Operation operation(String documentId, long index, String actionId) {
        return Operation.newBuilder()
            .setId("reactor-a:" + actionId)
            .setDocumentId(documentId)
            .setDocumentType("json")
            .setScope("global")
            .setBranch("main")
            .setIndex(index)
            .setSkip(0)
            .setTimestampUtcMs(1_700_000_000_000L + index)
            .setClock((1_700_000_000_000L + index) << 16)
            .setHash("ab".repeat(32))
            .setOrigin("reactor-a")
            .setAction(Action.newBuilder().setId(actionId).setType("PATCH").setScope("global")
                .setInput("[{\"op\":\"add\",\"path\":\"/x\",\"value\":" + index + "}]").setTimestampUtcMs(1L).build())
            .setError(null)
            .build();
    }
}
