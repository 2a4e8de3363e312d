package dev.docreactor.contract;

import dev.docreactor.schema.DeadLetter;
import java.nio.ByteBuffer;

/**
 * How a dead letter is made and read. A dead letter is a record that could not be processed, kept on a
 * dead-letter topic ({@link TopicNames#deadLetters}) with why, where it came from (topic, partition,
 * offset) and its original key and value bytes, so that it can be replayed
 * ({@code dev.docreactor.deadletter.DeadLetterReplayPlan}). The reactor writes one for a job it could not
 * run, the sync connector for an event-bus record it could not convert or a job the target refused.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * A dead letter.
     *
     * @param reason why the record could not be processed
     * @param sourceTopic the topic the record was read from
     * @param sourcePartition its partition (-1 when unknown)
     * @param sourceOffset its offset (-1 when unknown)
     * @param originalKey the record's key bytes, or {@code null}
     * @param originalValue the record's value bytes, or {@code null}
     * @param jobId the job the record is or belongs to, or {@code null} when not known
     * @param failedUtcMs when it failed, epoch milliseconds
     */
    public static DeadLetter of(String reason, String sourceTopic, int sourcePartition, long sourceOffset,
                                byte[] originalKey, byte[] originalValue, String jobId, long failedUtcMs) {
        return DeadLetter.newBuilder()
            .setReason(reason)
            .setSourceTopic(sourceTopic)
            .setSourcePartition(sourcePartition)
            .setSourceOffset(sourceOffset)
            .setOriginalKey(originalKey == null ? null : ByteBuffer.wrap(originalKey))
            .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue))
            .setJobId(jobId)
            .setFailedUtcMs(failedUtcMs)
            .build();
    }

    /** A copy of the letter's original key bytes, or {@code null}. */
    public static byte[] originalKey(DeadLetter letter) {
        return copy(letter.getOriginalKey());
    }

    /** A copy of the letter's original value bytes, or {@code null}. */
    public static byte[] originalValue(DeadLetter letter) {
        return copy(letter.getOriginalValue());
    }

    /** Where the letter's record came from: {@code <topic>-<partition>@<offset>}. */
    public static String source(DeadLetter letter) {
        return letter.getSourceTopic() + "-" + letter.getSourcePartition() + "@" + letter.getSourceOffset();
    }

    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
