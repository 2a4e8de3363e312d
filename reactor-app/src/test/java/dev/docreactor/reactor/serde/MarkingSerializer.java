package dev.docreactor.reactor.serde;

import dev.docreactor.serde.SingleObjectSerializer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer of the tests, plugged in by class name: single-object encoding behind one marker byte
 * ({@code reactor.value.serde.marker}), counting the records it writes.
 */
public final class MarkingSerializer implements Serializer<SpecificRecord> {

    static final AtomicLong SERIALIZED = new AtomicLong();

    private final SingleObjectSerializer inner = new SingleObjectSerializer();
    private byte marker;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        marker = Byte.parseByte(String.valueOf(configs.get("marker")));
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        byte[] body = inner.serialize(topic, record);
        byte[] marked = new byte[body.length + 1];
        marked[0] = marker;
        System.arraycopy(body, 0, marked, 1, body.length);
        SERIALIZED.incrementAndGet();
        return marked;
    }
}
