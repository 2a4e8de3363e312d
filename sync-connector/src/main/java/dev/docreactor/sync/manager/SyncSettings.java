package dev.docreactor.sync.manager;

import dev.docreactor.contract.TopicNames;
import java.util.Objects;

/**
 * What a {@link SyncManager} needs to know about one direction of synchronization.
 *
 * @param sourceReactorId the reactor whose event bus is read (also where echoes were applied)
 * @param targetReactorId the reactor whose queue is written (echoes are operations it originated)
 * @param targetQueueTopic the target reactor's queue topic
 * @param deadLetterTopic where dead letters go
 * @param filter which operations are synchronized
 * @param batchMaxOperations most operations in one LOAD job
 * @param batchMaxBytes most bytes in one job
 * @param skipReapplied whether re-applied copies (rebases) are left out
 * @param acknowledge whether echoes become SYNC_ACK jobs
 */
public record SyncSettings(String sourceReactorId, String targetReactorId, String targetQueueTopic,
                           String deadLetterTopic, SyncFilter filter, int batchMaxOperations, int batchMaxBytes,
                           boolean skipReapplied, boolean acknowledge) {

    /** Validates the settings. */
    public SyncSettings {
        Objects.requireNonNull(sourceReactorId, "sourceReactorId");
        Objects.requireNonNull(targetReactorId, "targetReactorId");
        Objects.requireNonNull(targetQueueTopic, "targetQueueTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(filter, "filter");
        if (sourceReactorId.equals(targetReactorId)) {
            throw new IllegalArgumentException("source and target reactor are both '" + sourceReactorId + "'");
        }
        if (batchMaxOperations < 1 || batchMaxBytes <= SyncManager.JOB_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("batch limits too small: " + batchMaxOperations + " operations, "
                + batchMaxBytes + " bytes");
        }
    }

    /** Settings with the default queue/dead-letter topics and limits, for tests and examples. */
    public static SyncSettings of(String sourceReactorId, String targetReactorId, SyncFilter filter) {
        return new SyncSettings(sourceReactorId, targetReactorId, TopicNames.queue(targetReactorId),
            TopicNames.deadLetters(targetReactorId),
            filter, 500, 512 * 1024, true, true);
    }
}
