package dev.docreactor.reactor.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The executor's metrics, per stream task, in group {@value #GROUP} with tags {@code thread-id} and
 * {@code task-id} (Prometheus: {@code kafka_stream_reactor_<name>}, see
 * {@link dev.docreactor.reactor.metrics.ReactorMeters#kafkaFamily}; the cumulative ones are counters):
 * jobs and failed jobs counted per job, operations appended and re-applied summed per operation, and
 * each rebase's depth (the {@code skip} of its first entry), and per remote reactor the replication lag
 * (the age of the newest heartbeat's watermark, tag {@code remote}).
 */
public final class ReactorMetrics {

    /** The metric group. */
    public static final String GROUP = "stream-reactor-metrics";

    /** The replication-lag gauge's name; one per remote, tagged {@code remote}. */
    public static final String REPLICATION_LAG = "replication-lag-ms";

    /** Every metric name with its description, for documentation and checks. */
    public static final Map<String, String> METRICS;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("jobs-total", "Queue records taken by the executor (EXECUTE, LOAD, SYNC_ACK jobs and undecodable records).");
        all.put("jobs-rate", "Queue records taken per second.");
        all.put("failed-jobs-total", "Records that failed and were dead-lettered.");
        all.put("failed-jobs-rate", "Failed records per second.");
        all.put("commits-requested-total", "Commits the executor asked Kafka Streams for ahead of commit.interval.ms because it keeps up "
            + "with its queue (reactor.commit.eager.interval.ms); Kafka Streams' own commit-rate counts every commit of the thread.");
        all.put("commits-requested-rate", "Commits asked for per second.");
        all.put("operations-appended-total", "Operations appended to the operations store (event-bus records).");
        all.put("operations-appended-rate", "Operations appended per second.");
        all.put("operations-reapplied-total", "Operations in effect re-applied in memory because a late operation was inserted before them (not written again).");
        all.put("operations-reapplied-rate", "Operations re-applied per second.");
        all.put("operations-spared-total", "Operations in effect after a late one that were not re-applied: an operation before them "
            + "overwrote everything the insertion changed (DocumentModel.overwrites), so their states are as they were.");
        all.put("operations-spared-rate", "Operations spared per second.");
        all.put("rebases-total", "Insertions: appended entries that order before operations in effect (behind > 0, or skip > 0 from an earlier release).");
        all.put("rebase-depth-avg", "Average number of operations in effect after an inserted one (behind).");
        all.put("rebase-depth-max", "Largest number of operations in effect after an inserted one (behind).");
        all.put("documents-marked-unprocessable-total", "Documents marked unprocessable: a merge invariant failed on their stored "
            + "state; their jobs fail until reactorctl resume. Alert on any increase.");
        all.put("documents-marked-unprocessable-rate", "Documents marked unprocessable per second.");
        all.put(REPLICATION_LAG, "Replication lag from the remote reactor of tag remote, ms: the age of the watermark of "
            + "the newest heartbeat applied from it (every operation of the remote older than that was delivered). Grows "
            + "while the remote, the channel or this reactor stalls; only the task receiving the remote's heartbeats has it.");
        METRICS = java.util.Collections.unmodifiableMap(all);
    }

    private final StreamsMetrics metrics;
    private final Map<String, String> tags;
    private final String prefix;
    private final List<Sensor> sensors = new ArrayList<>();
    final Sensor jobs;
    final Sensor failedJobs;
    final Sensor commitsRequested;
    final Sensor operationsAppended;
    final Sensor operationsReapplied;
    final Sensor operationsSpared;
    final Sensor rebaseDepth;
    final Sensor documentsMarkedUnprocessable;
    private final Map<String, Sensor> replicationLags = new java.util.HashMap<>();

    ReactorMetrics(StreamsMetrics metrics, String threadId, String taskId) {
        this.metrics = metrics;
        this.tags = Map.of("thread-id", threadId, "task-id", taskId);
        this.prefix = "reactor." + threadId + ".task." + taskId + ".";
        this.jobs = countSensor("jobs");
        this.failedJobs = countSensor("failed-jobs");
        this.commitsRequested = countSensor("commits-requested");
        this.operationsAppended = sumSensor("operations-appended");
        this.operationsReapplied = sumSensor("operations-reapplied");
        this.operationsSpared = sumSensor("operations-spared");
        this.documentsMarkedUnprocessable = countSensor("documents-marked-unprocessable");
        this.rebaseDepth = sensor("rebase-depth",
            Map.of("rebases-total", new CumulativeCount(), "rebase-depth-avg", new Avg(), "rebase-depth-max", new Max()));
    }

    private Sensor countSensor(String name) {
        return sensor(name, Map.of(name + "-total", new CumulativeCount(), name + "-rate", new Rate(new WindowedCount())));
    }

    private Sensor sumSensor(String name) {
        return sensor(name, Map.of(name + "-total", new CumulativeSum(), name + "-rate", new Rate()));
    }

    private Sensor sensor(String name, Map<String, MeasurableStat> stats) {
        Sensor sensor = metrics.addSensor(prefix + name, Sensor.RecordingLevel.INFO);
        stats.forEach((metric, stat) -> sensor.add(new MetricName(metric, GROUP, METRICS.get(metric), tags), stat));
        sensors.add(sensor);
        return sensor;
    }

    /**
     * Publishes the replication lag from {@code remote} (once per remote): now minus the watermark
     * {@code watermarkMs} gives, measured when the metric is read, so it grows while no heartbeat arrives.
     * No value (NaN) while the watermark is unknown (negative).
     */
    void replicationLag(String remote, LongSupplier watermarkMs) {
        if (replicationLags.containsKey(remote)) {
            return;
        }
        Map<String, String> remoteTags = new LinkedHashMap<>(tags);
        remoteTags.put("remote", remote);
        Sensor sensor = metrics.addSensor(prefix + REPLICATION_LAG + "." + remote, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(REPLICATION_LAG, GROUP, METRICS.get(REPLICATION_LAG), remoteTags), new Age(watermarkMs));
        sensors.add(sensor);
        replicationLags.put(remote, sensor);
    }

    /** A gauge of the time since a watermark, read when the metric is. */
    private record Age(LongSupplier sinceMs) implements MeasurableStat {

        @Override
        public void record(MetricConfig config, double value, long timeMs) {
            // Nothing to record: the value is derived from the watermark when measured.
        }

        @Override
        public double measure(MetricConfig config, long nowMs) {
            long since = sinceMs.getAsLong();
            return since < 0 ? Double.NaN : Math.max(0, nowMs - since);
        }
    }

    /** Removes this task's sensors (the task is closed or moved to another instance). */
    void close() {
        sensors.forEach(metrics::removeSensor);
        sensors.clear();
        replicationLags.clear();
    }
}
