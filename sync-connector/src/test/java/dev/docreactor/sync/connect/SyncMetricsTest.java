package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector's metrics on public Kafka APIs: replication latency as percentiles, counts, gauges. */
class SyncMetricsTest {

    private final LocalPluginMetrics plugin = new LocalPluginMetrics("test");

    @AfterEach
    void tearDown() {
        plugin.close();
    }

    @Test
    void shouldPublishReplicationLatencyPercentiles() {
        SyncMetrics metrics = new SyncMetrics(plugin, "b");
        for (int latency = 1; latency <= 1000; latency++) {
            metrics.recordReplicated(1, latency);
        }

        assertThat(value("replication-latency-ms-p50")).as("median of 1..1000 ms").isCloseTo(500, within(25.0));
        assertThat(value("replication-latency-ms-p95")).as("p95 of 1..1000 ms").isCloseTo(950, within(25.0));
        assertThat(value("replication-latency-ms-p99")).as("p99 of 1..1000 ms").isCloseTo(990, within(25.0));
        assertThat(value("replication-latency-ms-max")).as("max").isEqualTo(1000.0);
        assertThat(value("operations-total")).as("one operation per record").isEqualTo(1000.0);
    }

    @Test
    void shouldCapPercentilesAtTheHistogramsMaximum() {
        SyncMetrics metrics = new SyncMetrics(plugin, "b");
        metrics.recordReplicated(1, 3_600_000);

        assertThat(value("replication-latency-ms-p99")).as("an hour counts as the histogram's top")
            .isLessThanOrEqualTo(SyncMetrics.LATENCY_PERCENTILES_MAX_MS);
        assertThat(value("replication-latency-ms-max")).as("the max keeps the real value").isEqualTo(3_600_000.0);
    }

    @Test
    void shouldTagEveryMetricWithTheRemote() {
        SyncMetrics metrics = new SyncMetrics(plugin, "b");
        metrics.lag(7);

        assertThat(plugin.metrics().keySet()).as("every metric carries remote=b")
            .allSatisfy(name -> assertThat(name.tags()).as("tags of %s", name.name()).containsEntry("remote", "b"));
        assertThat(value("lag")).as("the lag gauge").isEqualTo(7.0);
    }

    private double value(String name) {
        for (Map.Entry<MetricName, KafkaMetric> metric : plugin.metrics().entrySet()) {
            if (metric.getKey().name().equals(name)) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " in " + plugin.metrics().keySet());
    }
}
