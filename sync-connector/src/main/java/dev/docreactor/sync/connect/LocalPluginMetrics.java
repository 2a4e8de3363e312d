package dev.docreactor.sync.connect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * {@link PluginMetrics} over a private {@link Metrics} registry that no reporter publishes, for a task
 * running outside a Connect worker (unit tests); inside Connect the task uses its context's
 * {@code pluginMetrics()}. Built on public Kafka APIs only. Names are scoped like Connect's
 * ({@link #GROUP}, the given tags) so the same code reads them in both places.
 */
final class LocalPluginMetrics implements PluginMetrics, AutoCloseable {

    /** The group Connect gives plugin metrics. */
    static final String GROUP = "plugins";

    private final Metrics metrics = new Metrics();
    private final String sensorPrefix;

    LocalPluginMetrics(String scope) {
        this.sensorPrefix = scope + ".";
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        return metrics.metricName(name, GROUP, description, tags);
    }

    @Override
    public void addMetric(MetricName metricName, MetricValueProvider<?> metricValueProvider) {
        metrics.addMetric(metricName, metricValueProvider);
    }

    @Override
    public void removeMetric(MetricName metricName) {
        metrics.removeMetric(metricName);
    }

    @Override
    public Sensor addSensor(String name) {
        return metrics.sensor(sensorPrefix + name);
    }

    @Override
    public void removeSensor(String name) {
        metrics.removeSensor(sensorPrefix + name);
    }

    /** Every metric registered through this object (the registry's own bookkeeping metric left out), for tests. */
    Map<MetricName, KafkaMetric> metrics() {
        Map<MetricName, KafkaMetric> plugin = new LinkedHashMap<>();
        metrics.metrics().forEach((name, metric) -> {
            if (GROUP.equals(name.group())) {
                plugin.put(name, metric);
            }
        });
        return plugin;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
