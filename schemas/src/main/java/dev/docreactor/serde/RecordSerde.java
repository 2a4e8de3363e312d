package dev.docreactor.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over a {@link RecordFormat}. A {@code null} value stays {@code null} (tombstones).
 *
 * @param <T> the record type
 */
public final class RecordSerde<T> implements Serde<T> {

    private final RecordFormat<T> format;

    /** Wraps a format as a Kafka serde. */
    public RecordSerde(RecordFormat<T> format) {
        this.format = format;
    }

    /** The underlying format. */
    public RecordFormat<T> format() {
        return format;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : format.encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : format.decode(bytes);
    }
}
