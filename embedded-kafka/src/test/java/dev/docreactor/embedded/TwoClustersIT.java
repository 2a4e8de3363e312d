package dev.docreactor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two independent clusters at once, and a cluster restart that keeps its data. */
@RequiresEmbeddedKafka("restarts a cluster with its data and ports kept, which only the embedded broker does")
class TwoClustersIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);

    @Test
    void shouldRunTwoIndependentClusters() throws Exception {
        assertThat(KAFKA.cluster(0).bootstrapServers()).as("each cluster has its own address")
            .isNotEqualTo(KAFKA.cluster(1).bootstrapServers());

        KAFKA.createTopic(0, "only-on-a", 1, Map.of());
        KAFKA.createTopic(1, "only-on-b", 1, Map.of());
        try (Admin a = KAFKA.admin(0); Admin b = KAFKA.admin(1)) {
            Set<String> topicsA = a.listTopics().names().get();
            Set<String> topicsB = b.listTopics().names().get();
            assertThat(topicsA).as("cluster A's topics").contains("only-on-a").doesNotContain("only-on-b");
            assertThat(topicsB).as("cluster B's topics").contains("only-on-b").doesNotContain("only-on-a");
            assertThat(a.describeCluster().clusterId().get()).as("distinct cluster ids")
                .isNotEqualTo(b.describeCluster().clusterId().get());
        }
    }

    @Test
    void shouldKeepDataAcrossClusterRestart() {
        KAFKA.createTopic(1, "survives-restart", 1, Map.of());
        produce(KAFKA.cluster(1).bootstrapServers(), "survives-restart", "before-restart");

        KAFKA.embedded(1).close();
        assertThat(KAFKA.embedded(1).isRunning()).as("stopped").isFalse();
        KAFKA.embedded(1).start();

        assertThat(consume(KAFKA.cluster(1).bootstrapServers(), "survives-restart", 1))
            .as("a record written before the restart is read after it").containsExactly("before-restart");
    }

    private static void produce(String bootstrap, String topic, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                 new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    private static List<String> consume(String bootstrap, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
