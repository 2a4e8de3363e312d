package dev.docreactor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@code OutOfOrderSequenceException}s under transactional load (issue 12, item 7), reproduced
 * without Kafka Streams: short back-to-back transactions (as Kafka Streams commits every 100 ms under
 * exactly-once v2) with several produce requests in flight, next to an idempotent producer (as the
 * benchmark's load generators). Every record must be read back exactly once and in order, whatever the
 * broker logged; what it logged is counted and logged (see docs/OPERATIONS.md, "Producer sequence errors").
 */
class ProducerSequenceIT {

    private static final Logger log = LoggerFactory.getLogger(ProducerSequenceIT.class);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final int PARTITIONS = 3;
    private static final int TRANSACTIONS = 300;
    private static final int RECORDS_PER_TRANSACTION = 90;
    private static final int IDEMPOTENT_RECORDS = 30_000;

    private final BrokerErrors brokerErrors = new BrokerErrors();

    @BeforeEach
    void captureBrokerErrors() {
        brokerErrors.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(brokerErrors, Level.ERROR, null);
        context.updateLoggers();
    }

    @AfterEach
    void releaseBrokerErrors() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(brokerErrors.getName());
        context.updateLoggers();
        brokerErrors.stop();
    }

    @Test
    void shouldKeepEveryRecordExactlyOnceAndInOrderWhateverSequenceErrorsTheBrokerLogs() throws Exception {
        String transactional = "sequence-transactional";
        String idempotent = "sequence-idempotent";
        KAFKA.createTopic(0, transactional, PARTITIONS, Map.of());
        KAFKA.createTopic(0, idempotent, PARTITIONS, Map.of());

        AtomicReference<Exception> idempotentFailure = new AtomicReference<>();
        Thread idempotentWriter = new Thread(() -> writeIdempotently(idempotent, idempotentFailure), "idempotent-writer");
        idempotentWriter.start();
        writeTransactionally(transactional);
        idempotentWriter.join(Duration.ofMinutes(3).toMillis());

        assertThat(idempotentWriter.isAlive()).as("the idempotent writer finished within 3 minutes").isFalse();
        assertThat(idempotentFailure.get()).as("no send of the idempotent producer failed").isNull();
        assertInOrderExactlyOnce(transactional, TRANSACTIONS * RECORDS_PER_TRANSACTION);
        assertInOrderExactlyOnce(idempotent, IDEMPOTENT_RECORDS);

        List<String> sequenceErrors = brokerErrors.messages().stream()
            .filter(message -> message.contains("OutOfOrderSequenceException")).toList();
        log.info("broker logged {} OutOfOrderSequenceException(s), of which {} 'Expected sequence 0 for transactions v2 "
                + "idempotent producer with no existing state'; every record was read back once",
            sequenceErrors.size(), sequenceErrors.stream().filter(m -> m.contains("Expected sequence 0")).count());
    }

    /** Short transactions back to back; each value is "partition:index" so the reader can check order. */
    private void writeTransactionally(String topic) {
        Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sequence-it");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            int[] next = new int[PARTITIONS];
            for (int t = 0; t < TRANSACTIONS; t++) {
                producer.beginTransaction();
                for (int r = 0; r < RECORDS_PER_TRANSACTION; r++) {
                    int partition = r % PARTITIONS;
                    producer.send(new ProducerRecord<>(topic, partition, null, partition + ":" + next[partition]++));
                }
                producer.commitTransaction();
            }
        }
    }

    private void writeIdempotently(String topic, AtomicReference<Exception> failure) {
        Properties props = producerProps();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            int[] next = new int[PARTITIONS];
            for (int i = 0; i < IDEMPOTENT_RECORDS; i++) {
                int partition = i % PARTITIONS;
                producer.send(new ProducerRecord<>(topic, partition, null, partition + ":" + next[partition]++), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256);
        return props;
    }

    private static void assertInOrderExactlyOnce(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Integer, List<String>> byPartition = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
                }
            }
        }
        int total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> values = byPartition.getOrDefault(p, List.of());
            List<String> inOrder = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                inOrder.add(p + ":" + i);
            }
            assertThat(values).as("partition %d of %s holds each record once, in the order sent", p, topic).isEqualTo(inOrder);
            total += values.size();
        }
        assertThat(total).as("every record of %s is read back", topic).isEqualTo(expected);
    }

    /** Collects the messages (with the exception's message) of ERROR events. */
    private static final class BrokerErrors extends AbstractAppender {
        private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

        BrokerErrors() {
            super("broker-errors", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            Throwable thrown = event.getThrown();
            messages.add(event.getMessage().getFormattedMessage()
                + (thrown == null ? "" : " " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage()));
        }

        List<String> messages() {
            return List.copyOf(messages);
        }
    }
}
