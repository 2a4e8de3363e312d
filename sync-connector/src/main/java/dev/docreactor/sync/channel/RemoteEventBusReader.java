package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.SyncStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull channel to a remote reactor on another Kafka cluster: reads the remote's event bus with a
 * {@code read_committed} consumer that is assigned its partitions (no group: the cursors are the
 * {@link SyncStorage}'s) and starts at the stored cursors. The consumer is created on first use.
 */
public final class RemoteEventBusReader implements PullChannel {

    private static final Logger log = LoggerFactory.getLogger(RemoteEventBusReader.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final String eventBusTopic;
    private final Map<String, Object> clientConfig;
    private final SyncStorage storage;
    private final IntPredicate ownsPartition;
    private final Duration timeout;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Set<TopicPartition> assignment = Set.of();
    private final ReadWatermark watermark = new ReadWatermark();

    /**
     * @param name the remote's name
     * @param eventBusTopic the remote's event bus
     * @param clientConfig client settings of the remote cluster (bootstrap servers, security)
     * @param storage the cursors pulls start from
     * @param ownsPartition which event-bus partitions this channel pulls
     * @param timeout how long one request to the remote may take
     */
    public RemoteEventBusReader(String name, String eventBusTopic, Map<String, Object> clientConfig, SyncStorage storage,
                                IntPredicate ownsPartition, Duration timeout) {
        this.name = name;
        this.eventBusTopic = eventBusTopic;
        this.clientConfig = Map.copyOf(clientConfig);
        this.storage = storage;
        this.ownsPartition = ownsPartition;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Pulls the next event-bus records. The first call assigns the owned partitions and seeks to the
     * stored cursors; it throws {@link TimeoutException} when the remote cluster cannot be reached.
     */
    @Override
    public List<EventRecord> pull(Duration pollTimeout) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        if (assignment.isEmpty()) {
            assign(c);
            if (assignment.isEmpty()) {
                return List.of();
            }
        }
        List<EventRecord> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : c.poll(pollTimeout)) {
            records.add(new EventRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
        }
        watermark.read(positions(c));
        return records;
    }

    private void assign(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> partitions = c.partitionsFor(eventBusTopic, timeout);
        if (partitions == null || partitions.isEmpty()) {
            throw new TimeoutException("Event bus topic " + eventBusTopic + " of remote " + name + " does not exist (yet)");
        }
        Set<TopicPartition> owned = partitions.stream().map(PartitionInfo::partition).filter(ownsPartition::test)
            .map(p -> new TopicPartition(eventBusTopic, p)).collect(Collectors.toSet());
        c.assign(owned);
        List<String> from = new ArrayList<>(owned.size());
        for (TopicPartition tp : owned) {
            OptionalLong cursor = storage.cursor(new CursorKey(name, eventBusTopic, tp.partition()));
            if (cursor.isPresent()) {
                c.seek(tp, cursor.getAsLong());
            } else {
                c.seekToBeginning(List.of(tp));
            }
            from.add(tp.partition() + "@" + cursor);
        }
        assignment = owned;
        log.info("Remote {}: pulling {} partition(s) of {} from cursors {}", name, owned.size(), eventBusTopic, from);
    }

    /** Records still waiting on the remote after this channel's position, as far as the consumer knows. */
    @Override
    public long backlog() {
        if (consumer == null) {
            return 0;
        }
        long total = 0;
        for (TopicPartition tp : assignment) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
            }
        }
        return total;
    }

    /**
     * Measures one round trip to the remote cluster (a list-offsets request); the end offsets it returns
     * let the read watermark move once this channel's position reaches them.
     *
     * @throws TimeoutException when the remote cluster does not answer in time
     */
    @Override
    public Duration probe() {
        if (consumer == null || assignment.isEmpty()) {
            return null;
        }
        Duration probeTimeout = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
        long sentMs = System.currentTimeMillis();
        long started = System.nanoTime();
        // read_committed: the end offsets are the last stable offsets, so a watermark never waits for
        // (nor claims) records of open transactions.
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, probeTimeout);
        Duration rtt = Duration.ofNanos(System.nanoTime() - started);
        Map<Integer, Long> endsByPartition = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            endsByPartition.put(end.getKey().partition(), end.getValue());
        }
        watermark.measured(sentMs, endsByPartition);
        watermark.read(positions(consumer));
        return rtt;
    }

    @Override
    public long readThroughMs() {
        return watermark.watermarkMs();
    }

    /** The consumer's positions in its assigned partitions (known locally once assigned and sought). */
    private Map<Integer, Long> positions(KafkaConsumer<byte[], byte[]> c) {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition tp : assignment) {
            positions.put(tp.partition(), c.position(tp, timeout));
        }
        return positions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(clientConfig);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
            props.putIfAbsent(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
            props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sync-" + name + "-pull");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    /** Interrupts a blocking pull or probe from another thread; it throws {@code WakeupException}. */
    @Override
    public void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }
}
