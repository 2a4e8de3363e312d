package dev.docreactor.sync.manager;

import java.util.Objects;

/**
 * One raw record read from a reactor's event bus (its operations changelog), with where it was read.
 * The value is still encoded: decoding is the {@link SyncManager}'s job, so an undecodable record
 * becomes a dead letter instead of a crash.
 *
 * @param topic the event-bus topic
 * @param partition its partition
 * @param offset its offset
 * @param timestampMs the record timestamp (when it was appended to the event bus)
 * @param key the raw key, may be {@code null}
 * @param value the raw value, an Avro {@code Operation}; {@code null} for a tombstone
 */
public record EventRecord(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value) {

    /** Validates the position. */
    public EventRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** Size of key and value in bytes. */
    public int sizeInBytes() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
