package dev.docreactor.serde;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The serdes of the values on the topics other programs read and write (queue, event bus, job results,
 * dead letters), built from a serializer and a deserializer class as Kafka clients do
 * ({@code value.serializer}/{@code value.deserializer}): a public no-argument constructor, then
 * {@code configure(configs, false)}. The defaults are this project's Avro single-object encoding
 * ({@link SingleObjectSerializer}, {@link SingleObjectDeserializer}); any other pair, e.g. Confluent's
 * {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} with a Schema Registry, can be configured
 * instead (docs/TOOLING.md). Every key under {@link #CONFIG_PREFIX} reaches {@code configure()} without the
 * prefix, plus {@link #RECORD_CLASS_CONFIG}.
 */
public final class ValueSerdes {

    /** The serializer class of record values. */
    public static final String SERIALIZER = "reactor.value.serializer";
    public static final String SERIALIZER_DOC = "Serializer class (org.apache.kafka.common.serialization.Serializer) of the "
        + "values of the queue, event bus, job results and dead letters; it receives the generated Avro records. Default: "
        + "Avro single-object encoding. Every reader and writer of these topics (reactors, sync connectors, tools) must agree.";
    public static final Class<?> SERIALIZER_DEFAULT = SingleObjectSerializer.class;

    /** The deserializer class of record values. */
    public static final String DESERIALIZER = "reactor.value.deserializer";
    public static final String DESERIALIZER_DOC = "Deserializer class (org.apache.kafka.common.serialization.Deserializer) "
        + "matching " + SERIALIZER + "; it must return the generated Avro record classes (for Confluent's "
        + "KafkaAvroDeserializer set " + "reactor.value.serde.specific.avro.reader=true).";
    public static final Class<?> DESERIALIZER_DEFAULT = SingleObjectDeserializer.class;

    /** Keys under this prefix are passed, without it, to both classes' {@code configure()}. */
    public static final String CONFIG_PREFIX = "reactor.value.serde.";

    /** Passed to {@code configure()}: the generated record class the serde is built for. */
    public static final String RECORD_CLASS_CONFIG = "docreactor.record.class";

    private final Class<?> serializerClass;
    private final Class<?> deserializerClass;
    private final Map<String, Object> configs;

    /**
     * Serdes of the given classes.
     *
     * @param configs passed to {@code configure()} (already without {@link #CONFIG_PREFIX})
     */
    public ValueSerdes(Class<?> serializerClass, Class<?> deserializerClass, Map<String, ?> configs) {
        if (!Serializer.class.isAssignableFrom(serializerClass)) {
            throw new IllegalArgumentException(SERIALIZER + "=" + serializerClass.getName() + " does not implement " + Serializer.class.getName());
        }
        if (!Deserializer.class.isAssignableFrom(deserializerClass)) {
            throw new IllegalArgumentException(DESERIALIZER + "=" + deserializerClass.getName() + " does not implement "
                + Deserializer.class.getName());
        }
        this.serializerClass = serializerClass;
        this.deserializerClass = deserializerClass;
        this.configs = Map.copyOf(configs);
    }

    /** The default: Avro single-object encoding. */
    public static ValueSerdes defaults() {
        return new ValueSerdes(SERIALIZER_DEFAULT, DESERIALIZER_DEFAULT, Map.of());
    }

    /** Adds {@link #SERIALIZER} and {@link #DESERIALIZER} to a component's configuration. */
    public static ConfigDef define(ConfigDef def) {
        return def
            .define(SERIALIZER, ConfigDef.Type.CLASS, SERIALIZER_DEFAULT, ConfigDef.Importance.LOW, SERIALIZER_DOC)
            .define(DESERIALIZER, ConfigDef.Type.CLASS, DESERIALIZER_DEFAULT, ConfigDef.Importance.LOW, DESERIALIZER_DOC);
    }

    /** Adds {@link #SERIALIZER} and {@link #DESERIALIZER} to a component's configuration, in a documentation group. */
    public static ConfigDef define(ConfigDef def, String group, int orderInGroup) {
        return def
            .define(SERIALIZER, ConfigDef.Type.CLASS, SERIALIZER_DEFAULT, ConfigDef.Importance.LOW, SERIALIZER_DOC,
                group, orderInGroup, ConfigDef.Width.LONG, SERIALIZER)
            .define(DESERIALIZER, ConfigDef.Type.CLASS, DESERIALIZER_DEFAULT, ConfigDef.Importance.LOW, DESERIALIZER_DOC,
                group, orderInGroup + 1, ConfigDef.Width.LONG, DESERIALIZER);
    }

    /** A serde of one record type: new, configured instances of both classes. */
    public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        Map<String, Object> settings = new HashMap<>(configs);
        settings.put(RECORD_CLASS_CONFIG, type);
        @SuppressWarnings("unchecked")
        Serializer<Object> serializer = (Serializer<Object>) Utils.newInstance(serializerClass);
        serializer.configure(settings, false);
        @SuppressWarnings("unchecked")
        Deserializer<Object> deserializer = (Deserializer<Object>) Utils.newInstance(deserializerClass);
        deserializer.configure(settings, false);
        return new TypedSerde<>(type, serializer, deserializer);
    }

    /** The serde as a {@link RecordFormat} for one topic, for code that encodes and decodes directly. */
    public <T extends SpecificRecord> RecordFormat<T> format(Class<T> type, String topic) {
        Serde<T> serde = serde(type);
        return new RecordFormat<>() {
            @Override
            public byte[] encode(T record) {
                return serde.serializer().serialize(topic, record);
            }

            @Override
            public T decode(byte[] bytes) {
                return serde.deserializer().deserialize(topic, bytes);
            }
        };
    }

    /** Serde of {@link Operation}, the event bus's values. */
    public Serde<Operation> operation() {
        return serde(Operation.class);
    }

    /** Serde of {@link Job}, the queue's values. */
    public Serde<Job> job() {
        return serde(Job.class);
    }

    /** Serde of {@link JobResult}. */
    public Serde<JobResult> jobResult() {
        return serde(JobResult.class);
    }

    /** Serde of {@link DeadLetter}. */
    public Serde<DeadLetter> deadLetter() {
        return serde(DeadLetter.class);
    }

    /** Whether these are the default classes. */
    public boolean isDefault() {
        return serializerClass == SERIALIZER_DEFAULT && deserializerClass == DESERIALIZER_DEFAULT;
    }

    @Override
    public String toString() {
        return serializerClass.getName() + "/" + deserializerClass.getName();
    }

    /** Checks that the configured deserializer returns the record class, not a generic record. */
    private record TypedSerde<T>(Class<T> type, Serializer<Object> rawSerializer, Deserializer<Object> rawDeserializer)
        implements Serde<T> {

        @Override
        public Serializer<T> serializer() {
            return (topic, record) -> record == null ? null : rawSerializer.serialize(topic, record);
        }

        @Override
        public Deserializer<T> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                Object value = rawDeserializer.deserialize(topic, bytes);
                if (value != null && !type.isInstance(value)) {
                    throw new SerializationException(DESERIALIZER + " returned a " + value.getClass().getName() + " from topic "
                        + topic + ", not a " + type.getName() + " (Confluent's KafkaAvroDeserializer needs "
                        + CONFIG_PREFIX + "specific.avro.reader=true)");
                }
                return type.cast(value);
            };
        }
    }
}
