package dev.docreactor.formatter;

import dev.docreactor.serde.RecordFormat;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Prints one record per line as a JSON object: {@code {"key": ..., "value": {...}}}, plus
 * {@code "partition"}/{@code "offset"} and {@code "timestamp"} when asked ({@link FormatterConfig}).
 * A tombstone prints {@code "value": null}; a value that does not decode prints {@code "error"} with the
 * decoder's reason instead of stopping the console consumer.
 *
 * @param <T> the record type of the topic
 */
public abstract class RecordLineFormatter<T extends SpecificRecord> implements MessageFormatter {

    private final RecordFormat<T> format;
    private FormatterConfig config = new FormatterConfig(Map.of());

    /** A formatter decoding values with {@code format}. */
    protected RecordLineFormatter(RecordFormat<T> format) {
        this.format = format;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        config = new FormatterConfig(configs);
    }

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        output.println(format(record));
    }

    /** The JSON line of one record (without line separator). */
    public String format(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder line = new StringBuilder(256).append('{');
        if (config.printPosition()) {
            line.append("\"partition\": ").append(record.partition()).append(", \"offset\": ").append(record.offset()).append(", ");
        }
        if (config.printTimestamp()) {
            line.append("\"timestamp\": ").append(record.timestamp()).append(", ");
        }
        if (config.printKey()) {
            line.append("\"key\": ").append(record.key() == null ? "null" : quote(new String(record.key(), StandardCharsets.UTF_8)))
                .append(", ");
        }
        if (record.value() == null) {
            return line.append("\"value\": null}").toString();
        }
        T value;
        try {
            value = format.decode(record.value());
        } catch (SerializationException e) {
            return line.append("\"error\": ").append(quote(String.valueOf(e.getMessage())))
                .append(", \"valueBytes\": ").append(record.value().length).append('}').toString();
        }
        String json = toJson(value);
        if (json.length() > config.maxValueChars()) {
            return line.append("\"truncated\": true, \"value\": ")
                .append(quote(json.substring(0, config.maxValueChars()))).append('}').toString();
        }
        return line.append("\"value\": ").append(json).append('}').toString();
    }

    /** The JSON of a decoded value; Avro's JSON rendering of the record unless a subclass adds to it. */
    protected String toJson(T value) {
        return GenericData.get().toString(value);
    }

    /** {@code text} as a JSON string literal. */
    protected static String quote(String text) {
        return GenericData.get().toString(text);
    }
}
