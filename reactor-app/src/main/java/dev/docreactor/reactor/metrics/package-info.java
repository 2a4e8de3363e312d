/**
 * The reactor's metrics registry: Micrometer with its Prometheus registry, the JVM and process binders,
 * the Kafka binders over Kafka Streams (its stream threads, producers, consumers and admin client) and
 * the HTTP API's queue producer, the executor's sensors under their documented names, and the progress
 * of state-store restoration. {@code GET /metrics} is its Prometheus scrape.
 */
package dev.docreactor.reactor.metrics;
