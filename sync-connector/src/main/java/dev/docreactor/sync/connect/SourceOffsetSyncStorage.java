package dev.docreactor.sync.connect;

import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.SyncStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Cursors kept as Kafka Connect source offsets: source partition {@link CursorKey#toSourcePartition()},
 * source offset {@code {"offset": next event-bus offset}}. Connect persists them in the target
 * cluster's offsets topic, in the same transaction as the records when exactly-once source support
 * is on. This class loads them when a task starts and tracks what the task has emitted since, so a
 * cursor never moves backwards.
 */
public final class SourceOffsetSyncStorage implements SyncStorage {

    /** The source-offset field holding the next event-bus offset. */
    public static final String OFFSET = "offset";

    private final Map<CursorKey, Long> cursors = new HashMap<>();

    /** Loads the stored cursors of {@code keys}. */
    public SourceOffsetSyncStorage(OffsetStorageReader reader, List<CursorKey> keys) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        keys.forEach(k -> partitions.add(k.toSourcePartition()));
        Map<Map<String, Object>, Map<String, Object>> offsets = reader.offsets(partitions);
        for (CursorKey key : keys) {
            Map<String, Object> offset = offsets.get(key.toSourcePartition());
            if (offset != null && offset.get(OFFSET) instanceof Number n) {
                cursors.put(key, n.longValue());
            }
        }
    }

    /** The source offset for a cursor position. */
    public static Map<String, Object> sourceOffset(long position) {
        return Map.of(OFFSET, position);
    }

    @Override
    public synchronized OptionalLong cursor(CursorKey key) {
        Long value = cursors.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Records that a record carrying {@code position} was handed to Connect; never moves backwards. */
    @Override
    public synchronized boolean advance(CursorKey key, long position) {
        Long old = cursors.get(key);
        if (old != null && old >= position) {
            return false;
        }
        cursors.put(key, position);
        return true;
    }
}
