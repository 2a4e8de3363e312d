package dev.docreactor.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The default {@code reactor.value.deserializer}: Avro single-object encoding, resolved against the
 * current and released schemas ({@link AvroSingleObjectFormat}). The record class comes from
 * {@link ValueSerdes#RECORD_CLASS_CONFIG}, which {@link ValueSerdes} passes to {@link #configure}.
 */
public final class SingleObjectDeserializer implements Deserializer<SpecificRecord> {

    private AvroSingleObjectFormat<SpecificRecord> format;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object recordClass = configs.get(ValueSerdes.RECORD_CLASS_CONFIG);
        if (!(recordClass instanceof Class<?> type) || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(ValueSerdes.RECORD_CLASS_CONFIG, recordClass, "must be a generated Avro record class");
        }
        format = SingleObjectSerializer.formatOf(type);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] bytes) {
        if (format == null) {
            throw new IllegalStateException("SingleObjectDeserializer used before configure(): build it through ValueSerdes");
        }
        return bytes == null ? null : format.decode(bytes);
    }
}
