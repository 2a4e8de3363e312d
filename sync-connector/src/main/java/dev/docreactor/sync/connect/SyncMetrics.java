package dev.docreactor.sync.connect;

import dev.docreactor.schema.JobKind;
import dev.docreactor.sync.manager.Outbound;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * A sync task's metrics, registered through Connect's plugin metrics (the task context's public
 * {@code pluginMetrics()}, KIP-877) so they appear in the worker's JMX
 * ({@code kafka.connect:type=plugins,connector=...,task=...}) tagged with the remote's name:
 * replication latency (operation timestamp to written on the target queue; average, maximum and the
 * percentiles p50/p95/p99 over the sample window), record age (event-bus
 * record timestamp to read), lag (records waiting on the source event bus), operations/s, dead
 * letters, acknowledgements, the scheduler's current interval, the round trip to the remote and the
 * local queue lag.
 */
public final class SyncMetrics {

    /**
     * The largest replication latency the percentiles tell apart (10 minutes); a larger one counts as
     * this. The histogram's buckets grow linearly, about 1 ms wide at 0 and 1.2 s wide at the top.
     */
    static final double LATENCY_PERCENTILES_MAX_MS = 600_000;
    /** The histogram's size: 4 bytes per bucket, 1000 buckets per sample. */
    static final int LATENCY_PERCENTILES_BYTES = 4_000;

    private final PluginMetrics metrics;
    private final LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    private final Sensor replicationLatency;
    private final Sensor recordAge;
    private final Sensor operations;
    private final Sensor deadLetters;
    private final Sensor acks;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong interval = new AtomicLong();
    private final AtomicLong roundTrip = new AtomicLong(-1);
    private final AtomicLong localQueueLag = new AtomicLong(-1);

    /**
     * Registers the metrics of remote {@code remote}; with {@code metrics} {@code null} (outside Connect)
     * they are kept in a private registry that no reporter publishes ({@link LocalPluginMetrics}).
     */
    public SyncMetrics(PluginMetrics metrics, String remote) {
        this.metrics = metrics != null ? metrics : new LocalPluginMetrics("sync." + remote);
        tags.put("remote", remote);
        replicationLatency = sensor("replication-latency");
        recordAge = sensor("record-age");
        operations = sensor("operations");
        deadLetters = sensor("dead-letters");
        acks = sensor("acknowledgements");
        replicationLatency.add(name("replication-latency-ms-avg", "Average time from an operation's creation to its "
            + "write on the target queue, ms"), new Avg());
        replicationLatency.add(name("replication-latency-ms-max", "Maximum replication latency, ms"), new Max());
        replicationLatency.add(new Percentiles(LATENCY_PERCENTILES_BYTES, LATENCY_PERCENTILES_MAX_MS, Percentiles.BucketSizing.LINEAR,
            new Percentile(name("replication-latency-ms-p50", "Median replication latency, ms"), 50),
            new Percentile(name("replication-latency-ms-p95", "95th percentile of the replication latency, ms"), 95),
            new Percentile(name("replication-latency-ms-p99", "99th percentile of the replication latency, ms"), 99)));
        recordAge.add(name("record-age-ms-avg", "Average age of event-bus records when read, ms"), new Avg());
        recordAge.add(name("record-age-ms-max", "Maximum age of event-bus records when read, ms"), new Max());
        operations.add(name("operations-rate", "Operations written to the target queue per second"), new Rate());
        operations.add(name("operations-total", "Operations written to the target queue"), new CumulativeSum());
        deadLetters.add(name("dead-letters-total", "Records sent to the dead-letter topic"), new CumulativeSum());
        acks.add(name("acknowledgements-total", "Echoed operations acknowledged with SYNC_ACK jobs"), new CumulativeSum());
        gauge("lag", "Records waiting on the source event bus (pull: measured on the remote; push: -1, see the sink "
            + "consumer's records-lag-max)", lag);
        gauge("scheduler-interval-ms", "The pull scheduler's current wait between polls, ms", interval);
        gauge("round-trip-ms", "Last measured round trip to the remote cluster, ms (-1 unknown)", roundTrip);
        gauge("local-queue-lag", "Records of the target queue not yet consumed by the target reactor (-1 unknown)",
            localQueueLag);
    }

    private Sensor sensor(String name) {
        return metrics.addSensor(name);
    }

    private MetricName name(String name, String description) {
        return metrics.metricName(name, description, tags);
    }

    private void gauge(String name, String description, AtomicLong value) {
        metrics.addMetric(name(name, description), (Gauge<Long>) (config, now) -> value.get());
    }

    /** An operation written to the target after {@code latencyMs}. */
    public void recordReplicated(int operationCount, long latencyMs) {
        if (operationCount > 0) {
            operations.record(operationCount);
            replicationLatency.record(Math.max(0, latencyMs));
        }
    }

    /** A record the target acknowledged: a dead letter, an acknowledgement or replicated operations. */
    public void recordDelivered(Outbound record) {
        if (record.isDeadLetter()) {
            recordDeadLetters(1);
        } else if (record.isJob(JobKind.SYNC_ACK)) {
            recordAcknowledged(record.operationCount());
        } else {
            recordReplicated(record.operationCount(), System.currentTimeMillis() - record.oldestOperationMs());
        }
    }

    /** An event-bus record read at age {@code ageMs}. */
    public void recordAge(long ageMs) {
        recordAge.record(Math.max(0, ageMs));
    }

    /** Dead letters written. */
    public void recordDeadLetters(int count) {
        if (count > 0) {
            deadLetters.record(count);
        }
    }

    /** Echoes acknowledged. */
    public void recordAcknowledged(int count) {
        if (count > 0) {
            acks.record(count);
        }
    }

    /** The current lag on the source event bus. */
    public void lag(long records) {
        lag.set(records);
    }

    /** The scheduler's current interval. */
    public void schedulerInterval(long ms) {
        interval.set(ms);
    }

    /** The last measured round trip. */
    public void roundTrip(long ms) {
        roundTrip.set(ms);
    }

    /** The last measured local queue lag. */
    public void localQueueLag(long records) {
        localQueueLag.set(records);
    }

    /** The scheduler's current interval, as published. */
    public long schedulerIntervalMs() {
        return interval.get();
    }

    /** The lag, as published. */
    public long lag() {
        return lag.get();
    }
}
