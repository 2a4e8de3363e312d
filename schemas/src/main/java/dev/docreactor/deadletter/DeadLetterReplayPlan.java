package dev.docreactor.deadletter;

import dev.docreactor.contract.DeadLetters;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decides what replaying one dead letter sends to a reactor's queue (used by {@code reactorctl dlq replay}
 * and the sync connector's {@code replay-dlq}). Replays always go to the queue
 * (the only topic that takes jobs), never back to an event bus, which is a Kafka Streams changelog:
 * <ul>
 *   <li>a letter whose source is the queue: its original key and value, byte for byte, when the value
 *       is a job (undecodable bytes would only be dead-lettered again);</li>
 *   <li>a letter whose original value is a job (a sync connector's rejected LOAD job): that job,
 *       keyed by its document id;</li>
 *   <li>a letter whose original value is an event-bus operation (a sync connector could not convert
 *       it): a LOAD job of that one operation from the reactor named in the event-bus topic.</li>
 * </ul>
 */
public final class DeadLetterReplayPlan {

    private static final RecordFormat<Job> JOBS = AvroSerdes.job().format();
    private static final RecordFormat<Operation> OPERATIONS = AvroSerdes.operation().format();

    private DeadLetterReplayPlan() {
    }

    /** What to do with one letter. */
    public sealed interface Decision permits Replay, Skip {
    }

    /**
     * Produce {@code value} under {@code key} to the queue.
     *
     * @param key record key (the document id)
     * @param value record value (an encoded job)
     * @param jobId the job's id
     * @param how a short description for the output
     */
    public record Replay(byte[] key, byte[] value, String jobId, String how) implements Decision {
    }

    /**
     * Leave the letter alone.
     *
     * @param reason why it cannot be replayed
     */
    public record Skip(String reason) implements Decision {
    }

    /** Plans the replay of {@code letter} into {@code queueTopic}. */
    public static Decision plan(DeadLetter letter, String queueTopic) {
        byte[] value = DeadLetters.originalValue(letter);
        if (value == null) {
            return new Skip("the dead letter has no original value");
        }
        Job job = decode(JOBS, value);
        if (job != null) {
            if (queueTopic.equals(letter.getSourceTopic())) {
                byte[] key = DeadLetters.originalKey(letter);
                return new Replay(key != null ? key : utf8(job.getDocumentId()), value, job.getJobId(), "original record");
            }
            return new Replay(utf8(job.getDocumentId()), value, job.getJobId(), "job from " + letter.getSourceTopic());
        }
        Operation op = decode(OPERATIONS, value);
        if (op == null) {
            return new Skip("the original value is neither a job nor an operation (it would be dead-lettered again)");
        }
        String source = TopicNames.eventBusReactorId(letter.getSourceTopic()).orElse(op.getOrigin());
        String jobId = "replay:" + letter.getSourceTopic() + ":" + letter.getSourcePartition() + ":" + letter.getSourceOffset();
        Job load = Job.newBuilder()
            .setJobId(jobId)
            .setKind(JobKind.LOAD)
            .setDocumentId(op.getDocumentId())
            .setDocumentType(op.getDocumentType())
            .setBranch(op.getBranch())
            .setOperations(List.of(op))
            .setSource(source)
            .setSubmittedUtcMs(System.currentTimeMillis())
            .build();
        return new Replay(utf8(op.getDocumentId()), JOBS.encode(load), jobId, "LOAD of operation " + op.getId() + " from " + source);
    }

    private static <T> T decode(RecordFormat<T> format, byte[] value) {
        try {
            return format.decode(value);
        } catch (SerializationException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
