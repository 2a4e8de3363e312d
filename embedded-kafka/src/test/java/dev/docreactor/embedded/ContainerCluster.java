package dev.docreactor.embedded;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft cluster in a container of Apache Kafka's own image at the version of the clients
 * on the classpath ({@code apache/kafka:<kafka.version>}), with the broker settings of
 * {@link EmbeddedKafkaBroker#singleNodeSettings()}, so both backends behave alike.
 */
final class ContainerCluster implements ManagedCluster {

    /** The image: Apache Kafka's, at the version of the Kafka artifacts this build uses. */
    static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion());

    private final KafkaContainer container;

    ContainerCluster() {
        KafkaContainer kafka = new KafkaContainer(IMAGE);
        for (Map.Entry<String, String> setting : EmbeddedKafkaBroker.singleNodeSettings().entrySet()) {
            kafka = kafka.withEnv(environmentName(setting.getKey()), setting.getValue());
        }
        this.container = kafka;
    }

    /** The apache/kafka image's mapping of a broker property to its environment variable. */
    static String environmentName(String property) {
        return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The environment the container starts with. */
    Map<String, String> environment() {
        return container.getEnvMap();
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public Map<String, String> superUserClientSettings() {
        return Map.of();
    }

    @Override
    public String description() {
        return "container " + IMAGE.asCanonicalNameString() + " at " + container.getBootstrapServers();
    }
}
