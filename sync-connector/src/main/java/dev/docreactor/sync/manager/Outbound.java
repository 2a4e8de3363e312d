package dev.docreactor.sync.manager;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;

/**
 * One record the sync manager wants written on the target side: a job for the target reactor's queue
 * (LOAD or SYNC_ACK) or a dead letter, with the event-bus position it covers.
 *
 * @param job the job, or {@code null} for a dead letter
 * @param deadLetter the dead letter, or {@code null} for a job
 * @param key the record key: the document id for a job, the original key for a dead letter (may be {@code null})
 * @param value the encoded record value
 * @param sourcePartition the event-bus partition the covered records came from
 * @param firstOffset the lowest event-bus offset this record covers
 * @param cursorAfter the event-bus position to resume from once this record and all before it are written:
 *     every record of the partition below it is covered by this or an earlier outbound record
 * @param operationCount the number of operations carried (0 for a dead letter)
 * @param oldestOperationMs the smallest operation timestamp carried (origin wall clock), or -1
 */
public record Outbound(Job job, DeadLetter deadLetter, byte[] key, byte[] value, int sourcePartition, long firstOffset,
                       long cursorAfter, int operationCount, long oldestOperationMs) {

    /** Whether this is a dead letter. */
    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    /** Whether this is a job of the given kind. */
    public boolean isJob(JobKind kind) {
        return job != null && job.getKind() == kind;
    }

    /** The same record with another resume position. */
    Outbound withCursorAfter(long cursor) {
        return new Outbound(job, deadLetter, key, value, sourcePartition, firstOffset, cursor, operationCount,
            oldestOperationMs);
    }
}
