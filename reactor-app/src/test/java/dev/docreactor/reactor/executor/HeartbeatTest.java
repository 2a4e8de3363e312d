package dev.docreactor.reactor.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.Heartbeats;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HEARTBEAT jobs: a per-remote watermark and its age as a metric, nothing else. */
class HeartbeatTest {

    private final ReactorDriver reactor = new ReactorDriver("a", 1_000_000);

    @AfterEach
    void close() {
        reactor.close();
    }

    @Test
    void shouldRecordTheWatermarkWithoutOperationsJobResultsOrDeadLetters() {
        long watermark = System.currentTimeMillis() - 500;
        Job heartbeat = heartbeat("b", watermark);
        assertThat(reactor.submit(heartbeat)).as("no job result for a heartbeat").isNull();
        assertThat(reactor.eventBus()).as("no operation").isEmpty();
        assertThat(reactor.deadLetters()).as("no dead letter").isEmpty();
        assertThat(storedWatermark("b")).as("watermark kept in the bookkeeping store").isEqualTo(watermark);

        reactor.submit(heartbeat("b", watermark - 10_000));
        assertThat(storedWatermark("b")).as("an older heartbeat never moves the watermark back").isEqualTo(watermark);
    }

    @Test
    void shouldPublishTheLagPerRemoteGrowingUntilTheNextHeartbeat() {
        // The driver's metrics clock started when it was built; a watermark a minute earlier has a positive age.
        long watermark = System.currentTimeMillis() - 60_000;
        reactor.submit(heartbeat("b", watermark));
        reactor.submit(heartbeat("c", watermark));
        double first = lag("b");
        assertThat(first).as("lag from b right after its heartbeat").isBetween(1.0, 60_000.0);
        assertThat(lag("c")).as("one gauge per remote").isEqualTo(first);

        reactor.driver.advanceWallClockTime(Duration.ofSeconds(15));
        assertThat(lag("b")).as("without heartbeats the lag grows with the clock").isEqualTo(first + 15_000);

        reactor.submit(heartbeat("b", watermark + 15_000));
        assertThat(lag("b")).as("a new heartbeat brings it back").isEqualTo(first);
        assertThat(lag("c")).as("c still stalled").isEqualTo(first + 15_000);
    }

    @Test
    void shouldFailAMalformedHeartbeat() {
        Job noSource = Job.newBuilder(heartbeat("b", 1)).setSource(null).build();
        assertThat(reactor.submit(noSource).getStatus().toString()).as("a heartbeat without source fails").isEqualTo("FAILED");
        assertThat(reactor.deadLetters()).as("and is dead-lettered").hasSize(1);
        assertThat(reactor.eventBus()).as("without any operation").isEmpty();
    }

    private static Job heartbeat(String source, long watermarkMs) {
        return Job.newBuilder().setJobId("heartbeat:" + source + ":" + UUID.randomUUID()).setKind(JobKind.HEARTBEAT)
            .setDocumentId(Heartbeats.queueKey(source)).setSource(source).setSubmittedUtcMs(watermarkMs).build();
    }

    private long storedWatermark(String remote) {
        KeyValueStore<String, byte[]> bookkeeping = reactor.driver.getKeyValueStore(StoreNames.STREAMS);
        return ReplicationWatermarks.decode(bookkeeping.get(ReplicationWatermarks.key(remote))).orElse(-1);
    }

    private double lag(String remote) {
        for (Map.Entry<MetricName, ? extends Metric> metric : reactor.driver.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.group().equals(ReactorMetrics.GROUP) && name.name().equals(ReactorMetrics.REPLICATION_LAG)
                && remote.equals(name.tags().get("remote"))) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no " + ReactorMetrics.REPLICATION_LAG + " metric for remote " + remote);
    }
}
