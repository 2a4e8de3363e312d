package dev.docreactor.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The default {@code reactor.value.serializer}: any generated record of the {@code schemas} module in Avro
 * single-object encoding ({@link AvroSingleObjectFormat}). Thread-safe.
 */
public final class SingleObjectSerializer implements Serializer<SpecificRecord> {

    private final Map<Class<?>, AvroSingleObjectFormat<SpecificRecord>> formats = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        return record == null ? null : formats.computeIfAbsent(record.getClass(), SingleObjectSerializer::formatOf).encode(record);
    }

    @SuppressWarnings("unchecked")
    static AvroSingleObjectFormat<SpecificRecord> formatOf(Class<?> recordClass) {
        Class<SpecificRecord> type = (Class<SpecificRecord>) recordClass;
        return new AvroSingleObjectFormat<>(type, SpecificData.getForClass(type).getSchema(type));
    }
}
