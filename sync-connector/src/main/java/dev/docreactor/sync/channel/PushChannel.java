package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.Outbound;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The push half of the design's {@code IChannel}: delivers jobs carrying operations (LOAD, SYNC_ACK)
 * and dead letters to a remote reactor. The push task writes through it.
 */
public interface PushChannel extends AutoCloseable {

    /** The remote's name. */
    String name();

    /**
     * Sends every record; each future completes when the remote acknowledged that record, or
     * exceptionally with the reason it did not.
     *
     * @return one future per record, in the order of {@code records}
     */
    List<CompletableFuture<Void>> pushEach(List<Outbound> records);

    /**
     * Pushes records to the remote reactor.
     *
     * @return completes when the remote acknowledged every record, or exceptionally
     */
    default CompletableFuture<Void> push(List<Outbound> records) {
        return CompletableFuture.allOf(pushEach(records).toArray(CompletableFuture[]::new));
    }

    /** Drops the connection to the remote so the next push starts afresh (after a failure of the remote). */
    default void reset() {
    }

    /** Releases the channel's resources. */
    @Override
    void close();
}
