package dev.docreactor.reactor.merge;

/**
 * A job's staged writes failed while being handed to the {@link MergeStorage}: some may have reached
 * it, so the caller must discard the storage's uncommitted changes (in Kafka Streams: abort the
 * transaction) rather than go on. The cause says why.
 */
public final class StagedWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StagedWriteException(RuntimeException cause) {
        super("writing a job's staged changes failed: " + cause, cause);
    }
}
