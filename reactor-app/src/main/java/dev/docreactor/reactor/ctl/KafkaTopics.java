package dev.docreactor.reactor.ctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reading the reactor's topics the way any Kafka tool may: a consumer without a group (it commits
 * nothing and never disturbs the reactor's or the connector's offsets), {@code read_committed} so that
 * only what the reactor's transactions committed is seen, assigned to every partition.
 */
final class KafkaTopics {

    private KafkaTopics() {
    }

    /** A group-less read_committed consumer of raw bytes. */
    static KafkaConsumer<byte[], byte[]> consumer(Properties clientProps) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Assigns every partition of {@code topic}.
     *
     * @throws CtlException when Kafka cannot be reached or the topic does not exist
     */
    static List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, String topic, String bootstrap, Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new CtlException("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds()
                + " s (set --bootstrap-servers)");
        }
        if (infos == null || infos.isEmpty()) {
            throw new CtlException("topic " + topic + " does not exist on " + bootstrap
                + " (check --reactor-id and --bootstrap-servers)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(partitions);
        return partitions;
    }

    /** Whether the consumer's position reached {@code ends} on every partition. */
    static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
