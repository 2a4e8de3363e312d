package dev.docreactor.embedded;

import java.util.Map;

/**
 * One Kafka cluster a test talks to, whatever runs it: an {@link EmbeddedKafkaBroker} in this JVM or a
 * broker in a container ({@link KafkaClusterExtension} chooses). Tests reach it only through its
 * bootstrap servers and client settings, as any application would.
 */
public interface KafkaCluster {

    /** The clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Client settings that log in as the super user; empty when the cluster does not authenticate. */
    Map<String, String> superUserClientSettings();

    /** What runs the cluster and where, for logs and assertion messages. */
    String description();
}
