package dev.docreactor.contract;

import java.util.Objects;

/**
 * How a HEARTBEAT job is addressed on a reactor's queue. A sync connector writes one per interval for
 * the reactor it reads (the source), keyed by {@link #queueKey}: the key contains
 * {@value EventBusKey#SEPARATOR}, which no document id may ({@link IdRules}), so a heartbeat never
 * shares a key with a document, and all heartbeats of one source land on one queue partition, in order.
 * The receiving reactor keeps, per source, the newest heartbeat it applied; its age is the replication
 * lag from that source.
 */
public final class Heartbeats {

    /** Prefix of a heartbeat's queue key (also its job's document id). */
    public static final String KEY_PREFIX = "heartbeat" + EventBusKey.SEPARATOR;

    private Heartbeats() {
    }

    /** The queue key (and job document id) of heartbeats from reactor {@code sourceReactorId}. */
    public static String queueKey(String sourceReactorId) {
        return KEY_PREFIX + Objects.requireNonNull(sourceReactorId, "sourceReactorId");
    }

    /** Whether a queue key is a heartbeat's. */
    public static boolean isHeartbeatKey(String key) {
        return key != null && key.startsWith(KEY_PREFIX);
    }
}
