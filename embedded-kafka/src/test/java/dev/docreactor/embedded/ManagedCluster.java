package dev.docreactor.embedded;

/** A {@link KafkaCluster} that {@link KafkaClusterExtension} starts and stops. */
interface ManagedCluster extends KafkaCluster {

    /** Starts the cluster and returns once clients can use it. */
    void start();

    /** Stops the cluster and frees what it holds. */
    void stop();
}
