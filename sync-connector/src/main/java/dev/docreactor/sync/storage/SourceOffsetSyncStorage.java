package dev.docreactor.sync.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Cursors kept as Kafka Connect source offsets: source partition {@link CursorKey#toSourcePartition()},
 * source offset {@link #sourceOffset(long)}. Connect persists them in the target cluster's offsets
 * topic with the records that carry them (in the same transaction when exactly-once source support
 * is on); this class reads the ones stored when a task starts.
 */
public final class SourceOffsetSyncStorage implements SyncStorage {

    /** The source-offset field holding the next event-bus offset. */
    public static final String OFFSET = "offset";

    private final Map<CursorKey, Long> cursors;

    /** Loads the stored cursors of {@code keys}. */
    public SourceOffsetSyncStorage(OffsetStorageReader reader, List<CursorKey> keys) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        keys.forEach(k -> partitions.add(k.toSourcePartition()));
        Map<Map<String, Object>, Map<String, Object>> offsets = reader.offsets(partitions);
        Map<CursorKey, Long> stored = new HashMap<>();
        for (CursorKey key : keys) {
            Map<String, Object> offset = offsets.get(key.toSourcePartition());
            if (offset != null && offset.get(OFFSET) instanceof Number n) {
                stored.put(key, n.longValue());
            }
        }
        this.cursors = Map.copyOf(stored);
    }

    /** The source offset a record carries so that the cursor moves to {@code position} once it is written. */
    public static Map<String, Object> sourceOffset(long position) {
        return Map.of(OFFSET, position);
    }

    /** Whether {@code offset} is a source offset written by {@link #sourceOffset(long)}. */
    public static boolean isSourceOffset(Map<String, ?> offset) {
        return offset.get(OFFSET) instanceof Number;
    }

    @Override
    public OptionalLong cursor(CursorKey key) {
        Long value = cursors.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
