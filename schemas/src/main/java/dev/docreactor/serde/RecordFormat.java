package dev.docreactor.serde;

/**
 * How records of one type are written to and read from topic bytes.
 *
 * <p>The one implementation today is {@link AvroSingleObjectFormat}, Avro's single-object encoding
 * resolved against the schemas shipped with this project. A registry-based format can be added behind
 * this interface without touching the code that produces or consumes records.
 *
 * @param <T> the record type
 */
public interface RecordFormat<T> {

    /** Encodes a record; never returns {@code null} for a non-null record. */
    byte[] encode(T record);

    /**
     * Decodes bytes written by any released writer of this record type.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when the bytes are not a readable
     *     record, with a message naming the problem
     */
    T decode(byte[] bytes);
}
