package dev.docreactor.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving a test class one or more independent real Kafka clusters (single-node KRaft),
 * started once before all tests of the class and stopped after them. The one broker fixture of the
 * integration tests: where a Docker engine answers the clusters are containers of Apache Kafka's image
 * ({@link ContainerCluster}), otherwise {@link EmbeddedKafkaBroker}s in this JVM; the choice
 * ({@link KafkaBackend}, overridable with {@code -Dkafka.it.broker=auto|embedded|container}) and its reason
 * are logged. Test classes that stop and start brokers are marked {@link RequiresEmbeddedKafka}; secured
 * clusters ({@link #securedClusters}) are always embedded. docs/TESTING.md says more.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);
 * ... KAFKA.cluster(0).bootstrapServers() ...
 * }</pre>
 *
 * <p>Each cluster has its own data directory and ports, so two clusters are as independent as two
 * data centres. An embedded cluster can be stopped and started again (same ports, data kept) to test
 * outages: {@link #embedded(int)}.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);

    private final int count;
    private final EmbeddedKafkaBroker.SaslPlainUsers users;
    private final List<ManagedCluster> clusters = new ArrayList<>();
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
     * ACLs ({@code StandardAuthorizer}); {@link #admin(int)} logs in as the super user. Always embedded:
     * the listeners, JAAS users and authorizer are {@link EmbeddedKafkaBroker}'s configuration.
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
        Class<?> testClass = context.getRequiredTestClass();
        KafkaBackend.Choice choice = choose(testClass);
        long started = System.nanoTime();
        if (choice.backend() == KafkaBackend.CONTAINER) {
            for (int i = 0; i < count; i++) {
                clusters.add(new ContainerCluster());
            }
        } else {
            root = Files.createTempDirectory("kafka-it-");
            for (int i = 0; i < count; i++) {
                Path dir = root.resolve("cluster-" + i);
                clusters.add(new EmbeddedCluster(users == null
                    ? EmbeddedKafkaBroker.onFreePorts(dir) : EmbeddedKafkaBroker.securedOnFreePorts(dir, users)));
            }
        }
        clusters.parallelStream().forEach(ManagedCluster::start);
        log.info("{}: {} Kafka cluster(s) on the {} backend ({}) in {} ms: {}", testClass.getSimpleName(), count,
            choice.backend(), choice.reason(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            clusters.stream().map(KafkaCluster::description).collect(Collectors.joining("; ")));
    }

    private KafkaBackend.Choice choose(Class<?> testClass) {
        if (users != null) {
            return new KafkaBackend.Choice(KafkaBackend.EMBEDDED, "secured clusters are configured by EmbeddedKafkaBroker");
        }
        Optional<RequiresEmbeddedKafka> required = AnnotationSupport.findAnnotation(testClass, RequiresEmbeddedKafka.class);
        if (required.isPresent()) {
            return new KafkaBackend.Choice(KafkaBackend.EMBEDDED, "@RequiresEmbeddedKafka: " + required.get().value());
        }
        return KafkaBackend.choose();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        clusters.parallelStream().forEach(ManagedCluster::stop);
        clusters.clear();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            root = null;
        }
    }

    /** The {@code index}-th cluster (0-based). */
    public KafkaCluster cluster(int index) {
        return clusters.get(index);
    }

    /**
     * The broker of the {@code index}-th cluster, for tests that stop and start it; only in test classes
     * marked {@link RequiresEmbeddedKafka} (or with secured clusters), whose clusters are always embedded.
     */
    public EmbeddedKafkaBroker embedded(int index) {
        if (clusters.get(index) instanceof EmbeddedCluster embedded) {
            return embedded.broker();
        }
        throw new IllegalStateException("Cluster " + index + " is a " + clusters.get(index).description()
            + ": mark the test class @RequiresEmbeddedKafka(\"<why>\") to control the broker itself");
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
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // Every partition led before the test writes: an idempotent producer writing in the moment before
            // can lose its first batch on Kafka 4.3.1 (KAFKA-15591; see docs/OPERATIONS.md).
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> all = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                all.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            // The admin client does not retry a topic whose metadata has not reached the broker yet: ask again.
            org.awaitility.Awaitility.await("leaders of " + topic).atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> admin.listOffsets(all).all().get(10, TimeUnit.SECONDS) != null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
