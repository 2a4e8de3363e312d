package dev.docreactor.sync.channel;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The push side's read watermark: the time before which every event-bus record of the assigned
 * partitions was delivered. A partition counts as delivered up to the timestamp of the newest record
 * delivered from it, and up to the start of a consumer poll that returned nothing at all (the event bus
 * was drained then). The watermark is the oldest of the assigned partitions', so it errs late, never
 * early: a partition that is neither fed nor seen drained holds it back.
 *
 * <p>Pure logic; one entry per partition, forgotten when the partition is no longer assigned.
 */
public final class DeliveredWatermark {

    private final Map<Integer, Long> deliveredThroughMs = new HashMap<>();

    /** Records of partition {@code partition} up to timestamp {@code timestampMs} were delivered. */
    public void delivered(int partition, long timestampMs) {
        deliveredThroughMs.merge(partition, timestampMs, Math::max);
    }

    /** A poll that began at {@code pollStartMs} returned no record: every partition was drained then. */
    public void drained(Collection<Integer> assigned, long pollStartMs) {
        for (Integer partition : assigned) {
            delivered(partition, pollStartMs);
        }
    }

    /**
     * The watermark over the assigned partitions: epoch ms before which every record was delivered;
     * -1 while a partition has no known position.
     */
    public long watermarkMs(Collection<Integer> assigned) {
        deliveredThroughMs.keySet().retainAll(assigned);
        long watermark = Long.MAX_VALUE;
        for (Integer partition : assigned) {
            Long through = deliveredThroughMs.get(partition);
            if (through == null) {
                return -1;
            }
            watermark = Math.min(watermark, through);
        }
        return assigned.isEmpty() ? -1 : watermark;
    }

    /** The partitions with a known position (for tests and diagnostics). */
    Map<Integer, Long> positions() {
        return Map.copyOf(deliveredThroughMs);
    }
}
