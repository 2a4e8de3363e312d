package dev.docreactor.bench.load;

import dev.docreactor.embedded.EmbeddedKafkaBroker;
import dev.docreactor.schema.Job;
import dev.docreactor.serde.AvroSerdes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** One embedded Kafka cluster of the benchmark, with the clients the load generators need. */
public final class Cluster implements AutoCloseable {

    private final String name;
    private final EmbeddedKafkaBroker broker;
    private final Admin admin;

    private Cluster(String name, EmbeddedKafkaBroker broker) {
        this.name = name;
        this.broker = broker;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        this.admin = Admin.create(props);
    }

    /** Starts a single-node KRaft broker on free ports with its data under {@code dir}. */
    public static Cluster start(String name, Path dir) {
        return new Cluster(name, EmbeddedKafkaBroker.onFreePorts(dir).start());
    }

    /** The cluster's name in the benchmark, e.g. {@code A}. */
    public String name() {
        return name;
    }

    /** The broker's address. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The admin client. */
    public Admin admin() {
        return admin;
    }

    /** Creates a topic (delete policy) unless it exists. */
    public void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + " within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until consumer group {@code groupId} has no members: Kafka Streams does not leave its group on
     * close, so a restarted instance would otherwise wait for the old member's session to time out.
     *
     * @return seconds waited
     */
    public double awaitGroupEmpty(String groupId, java.time.Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            while (true) {
                var group = admin.describeConsumerGroups(List.of(groupId)).all().get(30, TimeUnit.SECONDS).get(groupId);
                if (group == null || group.members().isEmpty()) {
                    return (System.nanoTime() - start) / 1e9;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + groupId + " still has members after " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + groupId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A producer of jobs: idempotent with acks=all (a retry neither duplicates nor reorders a document's
     * jobs), small linger for batching, and one request in flight per connection. The generators produce
     * to partitions created a moment before; with several requests in flight, Apache Kafka 4.3.1 can
     * append a later batch while the first one is refused as not-yet-led, and then refuses every retry of
     * the first as out of order until it expires (KAFKA-15591; 4.3.1 has it): jobs lost. With
     * one request in flight the later batch waits for the first.
     */
    public KafkaProducer<String, Job> jobProducer() {
        return new KafkaProducer<>(producerProps(Map.of()), new StringSerializer(), AvroSerdes.job().serializer());
    }

    /** Producer settings on this cluster plus {@code overrides}. */
    public Properties producerProps(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.putAll(overrides);
        return props;
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }
}
