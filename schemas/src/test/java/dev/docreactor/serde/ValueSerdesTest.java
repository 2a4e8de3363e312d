package dev.docreactor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.schema.Operation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ValueSerdesTest {

    /** Records what {@code configure()} received. */
    public static final class RecordingSerializer implements Serializer<SpecificRecord> {
        static final Map<String, Object> CONFIGURED = new ConcurrentHashMap<>();
        private final SingleObjectSerializer inner = new SingleObjectSerializer();

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            CONFIGURED.putAll(configs);
        }

        @Override
        public byte[] serialize(String topic, SpecificRecord data) {
            return inner.serialize(topic, data);
        }
    }

    /** Returns a string whatever it reads, as a deserializer without specific records would return generic ones. */
    public static final class WrongTypeDeserializer implements Deserializer<Object> {
        @Override
        public Object deserialize(String topic, byte[] data) {
            return "not a record";
        }
    }

    @Test
    void shouldRoundTripWithTheDefaultSingleObjectEncoding() {
        Operation op = AvroSingleObjectFormatTest.operation();
        byte[] bytes = ValueSerdes.defaults().operation().serializer().serialize("bus", op);
        assertThat(bytes).as("single-object marker C3 01 first").startsWith((byte) 0xC3, (byte) 0x01);
        assertThat(bytes).as("byte for byte what AvroSerdes writes").isEqualTo(AvroSerdes.operation().serializer().serialize("bus", op));
        assertThat(ValueSerdes.defaults().operation().deserializer().deserialize("bus", bytes)).as("round trip").isEqualTo(op);
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(ValueSerdes.defaults().job().serializer().serialize("q", null)).as("null record").isNull();
        assertThat(ValueSerdes.defaults().job().deserializer().deserialize("q", null)).as("null bytes").isNull();
    }

    @Test
    void shouldConfigureThePluggedInClassWithItsSettingsAndTheRecordClass() {
        new ValueSerdes(RecordingSerializer.class, SingleObjectDeserializer.class, Map.of("schema.registry.url", "http://registry:8081"))
            .jobResult();
        assertThat(RecordingSerializer.CONFIGURED).as("pass-through settings and the record class")
            .containsEntry("schema.registry.url", "http://registry:8081")
            .containsEntry(ValueSerdes.RECORD_CLASS_CONFIG, dev.docreactor.schema.JobResult.class);
    }

    @Test
    void shouldRefuseADeserializerThatReturnsAnotherType() {
        ValueSerdes serdes = new ValueSerdes(SingleObjectSerializer.class, WrongTypeDeserializer.class, Map.of());
        byte[] bytes = serdes.operation().serializer().serialize("bus", AvroSingleObjectFormatTest.operation());
        assertThatThrownBy(() -> serdes.operation().deserializer().deserialize("bus", bytes))
            .as("a wrong type is a serialization error naming the fix, not a ClassCastException later")
            .isInstanceOf(SerializationException.class).hasMessageContaining("specific.avro.reader=true");
    }

    @Test
    void shouldRefuseClassesThatAreNotSerializers() {
        assertThatThrownBy(() -> new ValueSerdes(String.class, SingleObjectDeserializer.class, Map.of()))
            .as("not a Serializer").isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ValueSerdes.SERIALIZER);
    }

    @Test
    void shouldRefuseUnknownClassNamesInConfiguration() {
        ConfigDef def = ValueSerdes.define(new ConfigDef());
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of(ValueSerdes.SERIALIZER, "com.example.Missing")))
            .as("a missing jar is found at start").isInstanceOf(ConfigException.class).hasMessageContaining("com.example.Missing");
        assertThat(new AbstractConfig(def, Map.of()).getClass(ValueSerdes.SERIALIZER)).as("default serializer")
            .isEqualTo(SingleObjectSerializer.class);
    }
}
