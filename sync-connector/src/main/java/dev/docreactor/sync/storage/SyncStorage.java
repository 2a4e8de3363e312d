package dev.docreactor.sync.storage;

import java.util.OptionalLong;

/**
 * The design's {@code ISyncStorage}: the cursors, i.e. the event-bus position to resume synchronization
 * from, per remote partition. A channel reads them once, when it starts; they are written by whatever
 * makes a delivery durable (Connect's source offsets for pull, the sink's consumer-group offsets for
 * push), so the cursor has one home and this port only reads it.
 */
public interface SyncStorage {

    /** The stored position for the key: the offset of the next record to synchronize. */
    OptionalLong cursor(CursorKey key);
}
