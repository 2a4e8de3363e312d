package dev.docreactor.embedded;

import java.util.Map;

/** A cluster run by an {@link EmbeddedKafkaBroker} in this JVM. */
final class EmbeddedCluster implements ManagedCluster {

    private final EmbeddedKafkaBroker broker;

    EmbeddedCluster(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    @Override
    public void start() {
        broker.start();
    }

    @Override
    public void stop() {
        broker.close();
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public Map<String, String> superUserClientSettings() {
        return broker.superUserClientSettings();
    }

    @Override
    public String description() {
        return "embedded KRaft broker at " + broker.bootstrapServers() + " (data in " + broker.dataDir() + ")";
    }
}
