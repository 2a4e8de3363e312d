package dev.docreactor.sync.connect;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how far the target reactor is behind on its queue: end offsets of the queue topic minus
 * the reactor's committed offsets. The pull scheduler slows down when it grows. The measurement (three
 * admin requests) runs on its own thread at a fixed delay, so the pull task's thread, which delivers
 * the operations, never waits for it.
 */
final class LocalQueueLagProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalQueueLagProbe.class);

    private final Admin admin;
    private final String queueTopic;
    private final String group;
    private final Duration timeout;
    private final ScheduledExecutorService executor;
    private volatile long latest = -1;

    /**
     * Starts measuring at once, then {@code every} after each measurement ended.
     *
     * @param timeout how long each admin request may take
     */
    LocalQueueLagProbe(Map<String, Object> clientConfig, String queueTopic, String group, Duration timeout, Duration every) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "sync-queue-lag-" + queueTopic);
        this.admin = Admin.create(props);
        this.queueTopic = queueTopic;
        this.group = group;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sync-queue-lag-" + queueTopic);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> latest = measure(), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest lag in records, or -1 when it could not be measured or the reactor has not consumed yet. */
    long lag() {
        return latest;
    }

    private long measure() {
        try {
            TopicDescription description = admin.describeTopics(List.of(queueTopic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(queueTopic);
            Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(queueTopic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (committed.isEmpty()) {
                return -1;
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
            // Also a failure the admin client throws directly only means "unknown now": the next measurement retries.
            log.debug("Cannot measure the lag of group {} on {}: {}", group, queueTopic, e.toString());
            return -1;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
