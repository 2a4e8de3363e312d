package dev.docreactor.reactor.serde;

import dev.docreactor.serde.SingleObjectDeserializer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads what {@link MarkingSerializer} writes; refuses bytes without the marker. */
public final class MarkingDeserializer implements Deserializer<SpecificRecord> {

    private final SingleObjectDeserializer inner = new SingleObjectDeserializer();
    private byte marker;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        marker = Byte.parseByte(String.valueOf(configs.get("marker")));
        inner.configure(configs, isKey);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || bytes[0] != marker) {
            throw new SerializationException("no marker " + marker + " in front of the record on " + topic);
        }
        return inner.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
    }
}
