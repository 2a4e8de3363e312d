package dev.docreactor.sync.storage;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cursors in memory, for unit tests: the test plays the part of whatever makes deliveries durable and
 * moves the cursors with {@link #advance}; seeded cursors are allowed.
 */
public final class InMemorySyncStorage implements SyncStorage {

    private final Map<CursorKey, Long> cursors = new ConcurrentHashMap<>();

    /** Empty storage. */
    public InMemorySyncStorage() {
    }

    /** Storage holding the given cursors. */
    public InMemorySyncStorage(Map<CursorKey, Long> initial) {
        cursors.putAll(initial);
    }

    @Override
    public OptionalLong cursor(CursorKey key) {
        Long value = cursors.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * Moves the cursor forward to {@code position}; a position at or behind the stored one changes nothing.
     *
     * @return whether the cursor moved
     */
    public synchronized boolean advance(CursorKey key, long position) {
        Long old = cursors.get(key);
        if (old != null && old >= position) {
            return false;
        }
        cursors.put(key, position);
        return true;
    }
}
