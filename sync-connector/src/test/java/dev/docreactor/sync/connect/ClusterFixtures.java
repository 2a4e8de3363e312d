package dev.docreactor.sync.connect;

import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.Ops;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/** Kafka helpers for integration tests: a reactor's event bus writer and a queue reader. */
final class ClusterFixtures {

    private ClusterFixtures() {
    }

    /** Writes operations to a reactor's event bus as the reactor would: transactionally, partitioned by document. */
    static final class EventBusWriter implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final int partitions;

        EventBusWriter(String bootstrap, String reactorId, int partitions) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-reactor-" + reactorId + "-" + UUID.randomUUID());
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
            this.topic = TopicNames.eventBus(reactorId);
            this.partitions = partitions;
        }

        /** Appends the operations in one committed transaction. */
        void write(List<Operation> ops) {
            send(ops, true);
        }

        /** Sends the operations in a transaction that is aborted: readers must never see them. */
        void writeAborted(List<Operation> ops) {
            send(ops, false);
        }

        /** Appends a raw value (e.g. garbage) to the partition of {@code documentId}. */
        void writeRaw(String documentId, byte[] value) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, partitionOf(documentId), documentId.getBytes(StandardCharsets.UTF_8),
                value));
            producer.commitTransaction();
        }

        private void send(List<Operation> ops, boolean commit) {
            producer.beginTransaction();
            for (Operation op : ops) {
                producer.send(new ProducerRecord<>(topic, partitionOf(op.getDocumentId()),
                    Ops.key(op).getBytes(StandardCharsets.UTF_8), Ops.encode(op)));
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush();
                producer.abortTransaction();
            }
        }

        int partitionOf(String documentId) {
            return Utils.toPositive(Utils.murmur2(documentId.getBytes(StandardCharsets.UTF_8))) % partitions;
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Reads a queue (or dead-letter) topic with read_committed from the beginning, accumulating records. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        TopicReader(String bootstrap, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        /** Polls once and returns everything read so far. */
        synchronized List<ConsumerRecord<byte[], byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return List.copyOf(records);
        }

        /** Every job read so far. */
        List<Job> jobs() {
            return poll().stream().map(r -> AvroSerdes.job().deserializer().deserialize("q", r.value())).toList();
        }

        /** Every dead letter read so far. */
        List<DeadLetter> deadLetters() {
            return poll().stream().map(r -> AvroSerdes.deadLetter().deserializer().deserialize("d", r.value())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Ids of the operations carried by jobs of a kind. */
    static List<String> operationIds(List<Job> jobs, dev.docreactor.schema.JobKind kind) {
        return jobs.stream().filter(j -> j.getKind() == kind).flatMap(j -> j.getOperations().stream())
            .map(Operation::getId).toList();
    }

    /** The standard topic layout of a reactor on a cluster. */
    static void createReactorTopics(dev.docreactor.embedded.KafkaClusterExtension kafka, int cluster, String reactorId,
                                    int partitions) {
        kafka.createTopic(cluster, TopicNames.eventBus(reactorId), partitions, Map.of());
        kafka.createTopic(cluster, reactorId + ".queue", partitions, Map.of());
        kafka.createTopic(cluster, reactorId + ".dlq", 1, Map.of());
    }
}
