package dev.docreactor.sync.storage;

import java.util.Map;
import java.util.Objects;

/**
 * Identifies one cursor: how far a remote's event-bus partition has been synchronized.
 *
 * @param remote the remote's name
 * @param topic the event-bus topic
 * @param partition the partition
 */
public record CursorKey(String remote, String topic, int partition) {

    static final String REMOTE = "remote";
    static final String TOPIC = "topic";
    static final String PARTITION = "partition";

    /** Validates the key. */
    public CursorKey {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(topic, "topic");
    }

    /** The key as a Kafka Connect source partition. */
    public Map<String, Object> toSourcePartition() {
        return Map.of(REMOTE, remote, TOPIC, topic, PARTITION, partition);
    }

    /** The key from a Kafka Connect source partition written by {@link #toSourcePartition()}. */
    public static CursorKey fromSourcePartition(Map<String, ?> sourcePartition) {
        return new CursorKey((String) sourcePartition.get(REMOTE), (String) sourcePartition.get(TOPIC),
            ((Number) sourcePartition.get(PARTITION)).intValue());
    }
}
