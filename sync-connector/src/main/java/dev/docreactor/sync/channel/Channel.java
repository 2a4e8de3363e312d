package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The design's {@code IChannel}: the link to one remote reactor. {@link #push} delivers jobs carrying
 * operations (LOAD, SYNC_ACK) and dead letters to the remote; {@link #pull} reads the operations the
 * remote's event bus holds after this channel's read position.
 */
public interface Channel extends AutoCloseable {

    /** The remote's name. */
    String name();

    /**
     * Pushes records to the remote reactor.
     *
     * @return completes when the remote acknowledged every record, or exceptionally
     */
    CompletableFuture<Void> push(List<Outbound> records);

    /**
     * Pulls the next records of the remote's event bus, waiting at most {@code timeout} for some.
     *
     * @return records in event-bus order per partition; empty when there is nothing new
     */
    List<EventRecord> pull(Duration timeout);

    /** Releases the channel's resources. */
    @Override
    default void close() {
    }
}
