package dev.docreactor.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Avro single-object encoding: a two-byte marker, the 8-byte CRC-64-AVRO fingerprint of the writer's
 * schema, then the binary body. The reader resolves the writer's schema from a {@link SchemaStore} that
 * knows the current schema and every released version, so no registry server is needed.
 *
 * <p>Records are written with a buffered binary encoder into a per-thread buffer and copied out once, and a record
 * written with the current schema is read with a binary decoder straight over the given bytes; a record written
 * with another released schema goes through Avro's {@link BinaryMessageDecoder}, which resolves it. The bytes are
 * the same as Avro's {@code BinaryMessageEncoder} writes.
 *
 * @param <T> the generated specific record class
 */
public final class AvroSingleObjectFormat<T extends SpecificRecord> implements RecordFormat<T> {

    /** The length of the single-object header: the marker {@code C3 01} and the fingerprint. */
    private static final int HEADER_BYTES = 10;
    /** A per-thread buffer above this size after a record is dropped, so that one large record is not kept. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    /** A byte buffer without {@link ByteArrayOutputStream}'s locking, written by one thread. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }

        byte[] copy() {
            return Arrays.copyOf(buf, count);
        }

        boolean oversized() {
            return buf.length > MAX_KEPT_BUFFER;
        }
    }

    static {
        // Before any decoder reads a length: a declared length beyond the limit is refused, not allocated.
        AvroLimits.install(AvroLimits.DEFAULT_MAX_LENGTH);
    }

    private final String recordName;
    /** The header of records written with the current schema. */
    private final byte[] header;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    /** Reads records written with any released schema. */
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
        // A model of its own with the generated classes' custom coders on (Avro leaves them off unless a system
        // property says otherwise): straight-line code per field instead of a schema walk, the same bytes either
        // way; records written with an earlier schema are resolved before they reach the custom decoder.
        SpecificData model = new SpecificData(recordClass.getClassLoader());
        model.setCustomCoders(true);
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(schema);
        releasedWriters.forEach(store::addSchema);
        this.header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
            .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    @Override
    public byte[] encode(T record) {
        Buffer buffer = BUFFERS.get();
        buffer.reset();
        try {
            buffer.write(header, 0, HEADER_BYTES);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, ENCODERS.get());
            ENCODERS.set(encoder);
            writer.write(record, encoder);
            encoder.flush();
            return buffer.copy();
        } catch (IOException | RuntimeException e) {
            // The encoder may hold part of the record: the next one must not start with it.
            ENCODERS.remove();
            BUFFERS.remove();
            throw new SerializationException("Cannot encode " + recordName + ": " + e.getMessage(), e);
        } finally {
            if (buffer.oversized()) {
                // The encoder writes to the buffer: both go, or the encoder would keep the large one alive.
                ENCODERS.remove();
                BUFFERS.remove();
            }
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
            if (Arrays.equals(bytes, 0, HEADER_BYTES, header, 0, HEADER_BYTES)) {
                BinaryDecoder binary = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES,
                    DECODERS.get());
                DECODERS.set(binary);
                return reader.read(null, binary);
            }
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
