package dev.docreactor.sync.storage;

import java.util.OptionalLong;

/**
 * The design's {@code ISyncStorage}: cursors, i.e. the event-bus position to resume synchronization
 * from, per remote partition. A cursor never moves backwards.
 */
public interface SyncStorage {

    /** The stored position for the key: the offset of the next record to synchronize. */
    OptionalLong cursor(CursorKey key);

    /**
     * Moves the cursor forward to {@code position}; a position at or behind the stored one changes nothing.
     *
     * @return whether the cursor moved
     */
    boolean advance(CursorKey key, long position);
}
