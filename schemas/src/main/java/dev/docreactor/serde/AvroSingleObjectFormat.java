package dev.docreactor.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Avro single-object encoding: a two-byte marker, the 8-byte CRC-64-AVRO fingerprint of the writer's
 * schema, then the binary body. The reader resolves the writer's schema from a {@link SchemaStore} that
 * knows the current schema and every released version, so no registry server is needed.
 *
 * @param <T> the generated specific record class
 */
public final class AvroSingleObjectFormat<T extends SpecificRecord> implements RecordFormat<T> {

    static {
        // Before any decoder reads a length: a declared length beyond the limit is refused, not allocated.
        AvroLimits.install(AvroLimits.DEFAULT_MAX_LENGTH);
    }

    private final String recordName;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /**
     * Creates the format for one generated record class.
     *
     * @param recordClass the generated class
     * @param schema its current schema ({@code Xxx.getClassSchema()})
     */
    public AvroSingleObjectFormat(Class<T> recordClass, Schema schema) {
        this(recordClass, schema, SchemaHistory.released(schema.getName()));
    }

    AvroSingleObjectFormat(Class<T> recordClass, Schema schema, List<Schema> releasedWriters) {
        this.recordName = schema.getFullName();
        SpecificData model = SpecificData.getForClass(recordClass);
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(schema);
        releasedWriters.forEach(store::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    @Override
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + recordName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 10) {
            throw new SerializationException("Cannot decode " + recordName + ": " + bytes.length
                + " bytes is shorter than the 10-byte Avro single-object header");
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new SerializationException("Cannot decode " + recordName + ": unknown writer schema fingerprint "
                + fingerprintHex(bytes) + " (written by a schema this reader does not know)", e);
        } catch (BadHeaderException e) {
            throw new SerializationException("Cannot decode " + recordName
                + ": not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode " + recordName + ": corrupt body after header with fingerprint "
                + fingerprintHex(bytes) + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** The fingerprint of a schema as written in the single-object header, as 16 hex digits. */
    public static String fingerprintHex(Schema schema) {
        return String.format("%016x", Long.reverseBytes(SchemaNormalization.parsingFingerprint64(schema)));
    }

    private static String fingerprintHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder(16);
        for (int i = 2; i < 10; i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        return hex.toString();
    }

    @Override
    public String toString() {
        return "AvroSingleObjectFormat[" + recordName + "]";
    }

}
