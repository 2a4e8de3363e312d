package dev.docreactor.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts exactly the committed records a topic received up to a moment: {@link #endOffsets()} takes the
 * {@code read_committed} end offsets (the last stable offsets) at that moment, and {@link #readUpTo} later
 * reads the topic from its beginning to those offsets with a {@code read_committed} consumer. End offsets
 * alone do not count records of a transactional topic: commit markers and aborted records take offsets too.
 */
public final class CommittedRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions = new ArrayList<>();

    private CommittedRecords(String bootstrap, String topic) {
        Properties props = TopicWatcher.readCommittedConsumer(bootstrap, "bench-count-");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /**
     * Opens a counter on {@code topic}, which must exist (its partitions are looked up now, so that
     * {@link #endOffsets()} later costs one request).
     *
     * @throws IllegalStateException if the topic has no partitions within 30 s
     */
    public static CommittedRecords open(String bootstrap, String topic) {
        CommittedRecords records = new CommittedRecords(bootstrap, topic);
        try {
            List<PartitionInfo> infos = records.consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            infos.forEach(p -> records.partitions.add(new TopicPartition(p.topic(), p.partition())));
            records.consumer.assign(records.partitions);
            return records;
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
    }

    /** The topic's {@code read_committed} end offsets now: every committed record lies below them. */
    public Map<TopicPartition, Long> endOffsets() {
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /**
     * Reads every committed record below {@code until} (offsets from {@link #endOffsets()}) from the
     * topic's beginning, handing each to {@code onRecord}.
     *
     * @return the number of records read
     * @throws IllegalStateException if the records are not all read within {@code timeout}
     */
    public long readUpTo(Map<TopicPartition, Long> until, Duration timeout, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.seekToBeginning(partitions);
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < until.getOrDefault(tp, 0L)) {
                open.add(tp);
            }
        }
        consumer.pause(partitions);
        consumer.resume(open);
        long read = 0;
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("read " + read + " records of " + topic + " but not up to " + until
                    + " within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < until.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                    onRecord.accept(record);
                    read++;
                }
            }
            List<TopicPartition> done = new ArrayList<>();
            for (TopicPartition tp : open) {
                if (consumer.position(tp) >= until.get(tp)) {
                    done.add(tp);
                }
            }
            consumer.pause(done);
            open.removeAll(done);
        }
        return read;
    }

    /** The topic counted. */
    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
