package dev.docreactor.formatter;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The dead letters {@code <reactor.id>.dlq}: values Avro {@link DeadLetter}s. The dead letter's own
 * bytes are shown readably: {@code originalKey} as UTF-8 text, {@code originalValue} as Base64 and, when
 * it is a job (a dead-lettered queue record), also decoded as {@code "originalJob"}.
 */
public final class DeadLetterFormatter extends RecordLineFormatter<DeadLetter> {

    private final RecordFormat<Job> jobs = AvroSerdes.job().format();

    /** Creates the formatter (the console consumer calls this constructor). */
    public DeadLetterFormatter() {
        super(AvroSerdes.deadLetter().format());
    }

    @Override
    protected String toJson(DeadLetter letter) {
        StringBuilder json = new StringBuilder(256).append('{')
            .append("\"reason\": ").append(quote(letter.getReason()))
            .append(", \"sourceTopic\": ").append(quote(letter.getSourceTopic()))
            .append(", \"sourcePartition\": ").append(letter.getSourcePartition())
            .append(", \"sourceOffset\": ").append(letter.getSourceOffset())
            .append(", \"jobId\": ").append(letter.getJobId() == null ? "null" : quote(letter.getJobId()))
            .append(", \"failedUtcMs\": ").append(letter.getFailedUtcMs())
            .append(", \"originalKey\": ").append(letter.getOriginalKey() == null ? "null"
                : quote(StandardCharsets.UTF_8.decode(letter.getOriginalKey().duplicate()).toString()));
        if (letter.getOriginalValue() == null) {
            return json.append(", \"originalValue\": null}").toString();
        }
        byte[] original = new byte[letter.getOriginalValue().remaining()];
        letter.getOriginalValue().duplicate().get(original);
        json.append(", \"originalValue\": ").append(quote(Base64.getEncoder().encodeToString(original)));
        try {
            String job = GenericData.get().toString(jobs.decode(original));
            json.append(", \"originalJob\": ").append(job);
        } catch (SerializationException notAJob) {
            // Not every dead letter holds a job (a sync connector's holds an event-bus operation): Base64 says it all.
        }
        return json.append('}').toString();
    }
}
