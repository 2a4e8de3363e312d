package dev.docreactor.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows a topic from its beginning with a {@code read_committed} consumer on its own thread, hands each
 * record to a callback and counts them, remembering when the first record and the latest record were
 * seen (System.nanoTime): the benchmark's view of what a system has produced.
 */
public final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private volatile long firstNanos;
    private volatile long firstBatch;
    private volatile long lastNanos;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private TopicWatcher(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        Properties props = readCommittedConsumer(bootstrap, "bench-watch-");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(() -> loop(topic, onRecord), "watch-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * Starts following {@code topic} (waiting up to an hour for it to exist: watchers may start before the system that creates it).
     *
     * @param onRecord called for every record on the watcher's thread; may be a no-op
     */
    public static TopicWatcher start(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        TopicWatcher watcher = new TopicWatcher(bootstrap, topic, onRecord);
        watcher.thread.start();
        return watcher;
    }

    private void loop(String topic, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        try {
            List<TopicPartition> partitions = awaitPartitions(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    onRecord.accept(record);
                }
                if (count.get() == 0) {
                    firstNanos = now;
                    firstBatch = records.count();
                }
                lastNanos = now;
                count.addAndGet(records.count());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> awaitPartitions(String topic) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " did not appear within 60 minutes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    /** Records seen so far. */
    public long count() {
        return count.get();
    }

    /** When the first records were seen (nanoTime), 0 before. */
    public long firstNanos() {
        return firstNanos;
    }

    /** How many records the first poll returned (they arrived before {@link #firstNanos()}). */
    public long firstBatch() {
        return firstBatch;
    }

    /** When the latest records were seen (nanoTime). */
    public long lastNanos() {
        return lastNanos;
    }

    /** Waits until at least {@code n} records were seen. */
    public void awaitCount(long n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < n) {
            if (failure != null) {
                throw new IllegalStateException("watcher failed: " + failure.getMessage(), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("saw " + count.get() + " of " + n + " records within " + timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The settings of the benchmark's observing consumers: {@code read_committed}, a group of their own
     * ({@code groupPrefix} and a random suffix), no offset commits, large polls.
     */
    static Properties readCommittedConsumer(String bootstrap, String groupPrefix) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return props;
    }
}
