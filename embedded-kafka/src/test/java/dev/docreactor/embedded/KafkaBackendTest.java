package dev.docreactor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaBackendTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(KafkaBackend.PROPERTY);
    }

    @Test
    void shouldUseApacheKafkaImageAtTheClientsVersion() {
        assertThat(ContainerCluster.IMAGE.asCanonicalNameString()).as("the image docker-compose.yml uses too")
            .isEqualTo("apache/kafka:4.3.1");
    }

    @Test
    void shouldMapBrokerPropertiesToTheImagesEnvironment() {
        assertThat(ContainerCluster.environmentName("auto.create.topics.enable")).as("dots")
            .isEqualTo("KAFKA_AUTO_CREATE_TOPICS_ENABLE");
        assertThat(ContainerCluster.environmentName("a_b-c")).as("underscores and dashes, as the image decodes them")
            .isEqualTo("KAFKA_A__B___C");
    }

    @Test
    void shouldGiveContainersTheEmbeddedBrokersSingleNodeSettings() {
        assertThat(new ContainerCluster().environment()).as("same broker behaviour on both backends")
            .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
    }

    @Test
    void shouldHonourForcedEmbeddedBackend() {
        System.setProperty(KafkaBackend.PROPERTY, "embedded");
        assertThat(KafkaBackend.choose().backend()).as("forced by -Dkafka.it.broker=embedded").isEqualTo(KafkaBackend.EMBEDDED);
    }

    @Test
    void shouldRefuseUnknownBackend() {
        System.setProperty(KafkaBackend.PROPERTY, "podman");
        assertThatThrownBy(KafkaBackend::choose).as("a typo is an error, not a silent default")
            .hasMessageContaining("auto, embedded, container");
    }

    @Test
    void shouldChooseByDockerAvailabilityByDefault() {
        KafkaBackend expected = KafkaBackend.dockerAvailable() ? KafkaBackend.CONTAINER : KafkaBackend.EMBEDDED;
        assertThat(KafkaBackend.choose().backend()).as("auto: container exactly when a Docker engine answers").isEqualTo(expected);
    }
}
