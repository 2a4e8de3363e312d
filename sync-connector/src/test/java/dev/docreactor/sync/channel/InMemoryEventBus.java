package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import java.util.ArrayList;
import java.util.List;

/** A reactor's event bus in memory, a test double: partitioned, append-only lists of records with offsets. */
public final class InMemoryEventBus {

    private final String topic;
    private final List<List<EventRecord>> partitions = new ArrayList<>();

    /** A bus named {@code topic} with {@code partitions} partitions. */
    public InMemoryEventBus(String topic, int partitions) {
        this.topic = topic;
        for (int i = 0; i < partitions; i++) {
            this.partitions.add(new ArrayList<>());
        }
    }

    /** The topic name. */
    public String topic() {
        return topic;
    }

    /** Number of partitions. */
    public int partitions() {
        return partitions.size();
    }

    /** Appends a record value to a partition with the given timestamp; returns its offset. */
    public synchronized long append(int partition, byte[] key, byte[] value, long timestampMs) {
        List<EventRecord> log = partitions.get(partition);
        long offset = log.size();
        log.add(new EventRecord(topic, partition, offset, timestampMs, key, value));
        return offset;
    }

    /** Records of a partition from {@code offset} on. */
    public synchronized List<EventRecord> read(int partition, long offset) {
        List<EventRecord> log = partitions.get(partition);
        return offset >= log.size() ? List.of() : List.copyOf(log.subList((int) offset, log.size()));
    }

    /** Number of records in a partition (its end offset). */
    public synchronized long endOffset(int partition) {
        return partitions.get(partition).size();
    }
}
