package dev.docreactor.reactor.executor;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per remote reactor, the watermark of the newest HEARTBEAT job this task applied: the time before which
 * every operation of that remote was delivered to this reactor's queue ahead of the heartbeat. Its age
 * is the replication lag from that remote. Kept in the bookkeeping store under {@code w/<remoteReactorId>}
 * (8 bytes, big-endian epoch ms), in the transaction of the heartbeat's job, so it survives restarts and
 * moves with the task; held in memory too, so a heartbeat costs no store read.
 *
 * <p>Bounded: at most {@link #MAX_REMOTES} remotes per task; heartbeats of further remotes are refused.
 * A watermark never moves back (a late or replayed heartbeat changes nothing).
 */
public final class ReplicationWatermarks {

    /** Most remotes tracked per task: one entry each, a channel per remote is an operator's choice. */
    public static final int MAX_REMOTES = 256;

    private static final String PREFIX = "w/";

    private final KeyValueStore<String, byte[]> bookkeeping;
    private final Map<String, Long> watermarks = new HashMap<>();

    ReplicationWatermarks(KeyValueStore<String, byte[]> bookkeeping) {
        this.bookkeeping = bookkeeping;
        try (KeyValueIterator<String, byte[]> stored = bookkeeping.range(PREFIX, PREFIX + Character.MAX_VALUE)) {
            stored.forEachRemaining(entry -> decode(entry.value)
                .ifPresent(ms -> watermarks.put(entry.key.substring(PREFIX.length()), ms)));
        }
    }

    /** The bookkeeping-store key of a remote's watermark. */
    public static String key(String remoteReactorId) {
        return PREFIX + remoteReactorId;
    }

    /** Reads a stored watermark; empty when the bytes are not one. */
    public static OptionalLong decode(byte[] value) {
        return value == null || value.length != Long.BYTES ? OptionalLong.empty()
            : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /**
     * Records a heartbeat of {@code remoteReactorId} with watermark {@code watermarkMs}.
     *
     * @return whether it was recorded: {@code false} when the remote would be one more than
     *     {@link #MAX_REMOTES} (nothing is stored then)
     */
    boolean applied(String remoteReactorId, long watermarkMs) {
        Long current = watermarks.get(remoteReactorId);
        if (current == null && watermarks.size() >= MAX_REMOTES) {
            return false;
        }
        if (current == null || watermarkMs > current) {
            watermarks.put(remoteReactorId, watermarkMs);
            bookkeeping.put(key(remoteReactorId), ByteBuffer.allocate(Long.BYTES).putLong(watermarkMs).array());
        }
        return true;
    }

    /** The newest watermark of a remote, or -1 when it never sent a heartbeat here. */
    long watermarkMs(String remoteReactorId) {
        return watermarks.getOrDefault(remoteReactorId, -1L);
    }

    /** The remotes with a watermark. */
    Set<String> remotes() {
        return Set.copyOf(watermarks.keySet());
    }
}
