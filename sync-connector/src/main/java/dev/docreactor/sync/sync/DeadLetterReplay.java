package dev.docreactor.sync.sync;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how a dead letter goes back to a reactor's queue: a dead-lettered job is re-enqueued as it
 * was; a dead-lettered event-bus operation becomes a LOAD job of that one operation (the source
 * reactor is read from the event-bus topic name). Anything else cannot be replayed, and says why.
 */
public final class DeadLetterReplay {

    private static final Pattern EVENT_BUS = Pattern.compile("reactor-(.+)-operations-changelog");

    private DeadLetterReplay() {
    }

    /** The outcome for one dead letter. */
    public sealed interface Result permits Replay, Skip {
    }

    /**
     * A job to re-enqueue.
     *
     * @param key the queue key (document id)
     * @param job the job
     */
    public record Replay(byte[] key, Job job) implements Result {
    }

    /**
     * A dead letter that cannot be replayed.
     *
     * @param reason why
     */
    public record Skip(String reason) implements Result {
    }

    /** Plans the replay of {@code letter}. */
    public static Result plan(DeadLetter letter) {
        ByteBuffer original = letter.getOriginalValue();
        if (original == null) {
            return new Skip("no original value");
        }
        byte[] bytes = new byte[original.remaining()];
        original.duplicate().get(bytes);
        try {
            Job job = AvroSerdes.job().deserializer().deserialize(letter.getSourceTopic(), bytes);
            return new Replay(job.getDocumentId().getBytes(StandardCharsets.UTF_8), job);
        } catch (RuntimeException notAJob) {
            // Not a job: try an event-bus operation below.
        }
        Operation op;
        try {
            op = AvroSerdes.operation().deserializer().deserialize(letter.getSourceTopic(), bytes);
        } catch (RuntimeException e) {
            return new Skip("still undecodable as Job or Operation: " + e.getMessage());
        }
        Matcher m = EVENT_BUS.matcher(letter.getSourceTopic());
        String source = m.matches() ? m.group(1) : op.getOrigin();
        Job job = Job.newBuilder()
            .setJobId("replay:" + letter.getSourceTopic() + ":" + letter.getSourcePartition() + ":"
                + letter.getSourceOffset())
            .setKind(JobKind.LOAD)
            .setDocumentId(op.getDocumentId())
            .setDocumentType(op.getDocumentType())
            .setBranch(op.getBranch())
            .setOperations(List.of(op))
            .setSource(source)
            .setSubmittedUtcMs(System.currentTimeMillis())
            .build();
        return new Replay(op.getDocumentId().getBytes(StandardCharsets.UTF_8), job);
    }
}
