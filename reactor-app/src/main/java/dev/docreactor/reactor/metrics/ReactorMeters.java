package dev.docreactor.reactor.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor's metrics, scraped by {@code GET /metrics} in the Prometheus text format: JVM and
 * process meters ({@code jvm_*}, {@code process_*}, {@code system_*}), every metric of Kafka Streams
 * and its clients and of the queue's producer ({@code kafka_*}, named by {@link #kafkaFamily}; the
 * executor's sensors among them), and store restoration ({@link StoreRestorationListener}).
 * Cumulative Kafka metrics are Prometheus counters, the rest gauges.
 */
public final class ReactorMeters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReactorMeters.class);
    /** How long a scrape waits for the Kafka binders to pick up metrics created since the last one. */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(5);
    /** Micrometer's periodic refresh of the Kafka binders, in case nobody scrapes. */
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(60);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RefreshingScheduler refresher = new RefreshingScheduler();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final StoreRestorationListener restoration;

    /** A registry with the JVM and process meters bound. */
    public ReactorMeters() {
        List<MeterBinder> jvm = List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(),
            new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics());
        jvm.forEach(binder -> binder.bindTo(registry));
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        restoration = new StoreRestorationListener(registry);
    }

    /**
     * The Prometheus family of a Kafka metric (Micrometer's Kafka binder naming):
     * {@code kafka_<group without "-metrics">_<name>}, {@code -} as {@code _}; counters keep their {@code _total}.
     */
    public static String kafkaFamily(String group, String name) {
        return ("kafka_" + group.replace("-metrics", "") + "_" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Binds every metric of Kafka Streams: its threads, tasks, stores, clients and the executor's sensors. */
    public void bindKafkaStreams(KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams, List.of(), refresher, REFRESH_INTERVAL));
    }

    /** Binds the metrics of a producer the reactor owns outside Kafka Streams (the HTTP API's queue producer). */
    public void bindKafkaProducer(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, List.of(), refresher, REFRESH_INTERVAL));
    }

    private <B extends MeterBinder & AutoCloseable> void bind(B binder) {
        binder.bindTo(registry);
        synchronized (closeables) {
            closeables.add(binder);
        }
    }

    /** The listener to set on Kafka Streams with {@code setGlobalStateRestoreListener}. */
    public StoreRestorationListener restoration() {
        return restoration;
    }

    /** The registry, for meters of other parts and for tests. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format (0.0.4), the Kafka meters refreshed first. */
    public String scrape() {
        refresher.refreshNow(REFRESH_TIMEOUT);
        return registry.scrape();
    }

    /** Unbinds the Kafka clients (before they close) and stops the refresh thread. */
    @Override
    public void close() {
        refresher.shutdownNow();
        synchronized (closeables) {
            for (AutoCloseable closeable : closeables) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Could not unbind metrics {}", closeable.getClass().getSimpleName(), e);
                }
            }
            closeables.clear();
        }
        registry.close();
    }
}
