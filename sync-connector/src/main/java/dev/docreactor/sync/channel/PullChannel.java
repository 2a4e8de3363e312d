package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import java.time.Duration;
import java.util.List;

/**
 * The pull half of the design's {@code IChannel}: reads the operations a remote reactor's event bus
 * holds after this channel's read position. The pull task reads through it; the read position starts
 * at the cursors of the {@link dev.docreactor.sync.storage.SyncStorage} it was given.
 */
public interface PullChannel extends AutoCloseable {

    /** The remote's name. */
    String name();

    /**
     * Pulls the next records of the remote's event bus, waiting at most {@code timeout} for some.
     *
     * @return records in event-bus order per partition; empty when there is nothing new
     */
    List<EventRecord> pull(Duration timeout);

    /** Records still waiting on the remote after this channel's position, as far as known without asking it. */
    default long backlog() {
        return 0;
    }

    /**
     * Measures the remote now (one round trip), which also lets {@link #readThroughMs} move.
     *
     * @return the round trip, {@code null} when nothing was measured
     */
    default Duration probe() {
        return null;
    }

    /**
     * Epoch ms before which every record of the remote's event bus (the partitions this channel
     * pulls) was returned by {@link #pull}, as proven by a {@link #probe}; -1 while unknown. It only
     * moves forward, and only while the channel reaches the remote and keeps up with it.
     */
    default long readThroughMs() {
        return -1;
    }

    /**
     * Interrupts a blocking {@link #pull} or {@link #probe} from another thread; the interrupted call
     * ends with the transport's wake-up exception.
     */
    default void wakeup() {
    }

    /** Releases the channel's resources. */
    @Override
    void close();
}
