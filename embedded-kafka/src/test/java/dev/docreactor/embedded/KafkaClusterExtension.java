package dev.docreactor.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class one or more independent real Kafka clusters (single-node KRaft,
 * {@link EmbeddedKafkaBroker}), started once before all tests of the class and stopped after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);
 * ... KAFKA.cluster(0).bootstrapServers() ...
 * }</pre>
 *
 * <p>Each cluster has its own data directory and ports, so two clusters are as independent as two
 * data centres. A cluster can be stopped and started again (same ports, data kept) to test outages.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int count;
    private final EmbeddedKafkaBroker.SaslPlainUsers users;
    private final List<EmbeddedKafkaBroker> brokers = new ArrayList<>();
    private Path root;

    private KafkaClusterExtension(int count, EmbeddedKafkaBroker.SaslPlainUsers users) {
        this.count = count;
        this.users = users;
    }

    private KafkaClusterExtension(int count) {
        this(count, null);
    }

    /**
     * {@code count} independent clusters that require SASL/PLAIN from every client and authorize with
     * ACLs ({@code StandardAuthorizer}); {@link #admin(int)} logs in as the super user.
     */
    public static KafkaClusterExtension securedClusters(int count, EmbeddedKafkaBroker.SaslPlainUsers users) {
        return new KafkaClusterExtension(count, users);
    }

    /** One cluster. */
    public static KafkaClusterExtension single() {
        return new KafkaClusterExtension(1);
    }

    /** {@code count} independent clusters. */
    public static KafkaClusterExtension clusters(int count) {
        return new KafkaClusterExtension(count);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("kafka-it-");
        for (int i = 0; i < count; i++) {
            Path dir = root.resolve("cluster-" + i);
            brokers.add(users == null ? EmbeddedKafkaBroker.onFreePorts(dir) : EmbeddedKafkaBroker.securedOnFreePorts(dir, users));
        }
        brokers.parallelStream().forEach(EmbeddedKafkaBroker::start);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        brokers.parallelStream().forEach(EmbeddedKafkaBroker::close);
        brokers.clear();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The {@code index}-th cluster (0-based). */
    public EmbeddedKafkaBroker cluster(int index) {
        return brokers.get(index);
    }

    /** Bootstrap servers of the first cluster. */
    public String bootstrapServers() {
        return cluster(0).bootstrapServers();
    }

    /** An admin client on the {@code index}-th cluster; the caller closes it. */
    public Admin admin(int index) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster(index).bootstrapServers());
        props.putAll(cluster(index).superUserClientSettings());
        return Admin.create(props);
    }

    /** Creates a topic on the {@code index}-th cluster unless it exists. */
    public void createTopic(int index, String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin(index)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
