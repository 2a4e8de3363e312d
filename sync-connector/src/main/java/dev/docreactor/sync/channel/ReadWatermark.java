package dev.docreactor.sync.channel;

import java.util.HashMap;
import java.util.Map;

/**
 * The time up to which a reader has read a topic: a measurement of the end offsets sent at {@code t}
 * becomes the watermark {@code t} once the reader's position reached every end it returned. Every
 * record appended before {@code t} is then read, so the watermark never claims more than was read;
 * while the reader falls behind or cannot reach the topic, it stays where it was.
 *
 * <p>Pure logic; holds one pending measurement (a newer one replaces it) and one entry per partition.
 */
public final class ReadWatermark {

    private long watermarkMs = -1;
    private long pendingSentMs = -1;
    private Map<Integer, Long> pendingEnds = Map.of();
    private final Map<Integer, Long> positions = new HashMap<>();

    /**
     * End offsets measured by a request sent at {@code sentMs}.
     *
     * @param ends per partition, the offset after the last readable record
     */
    public void measured(long sentMs, Map<Integer, Long> ends) {
        pendingSentMs = sentMs;
        pendingEnds = Map.copyOf(ends);
        advance();
    }

    /** The reader's position (the next offset it will read) in some partitions. */
    public void read(Map<Integer, Long> newPositions) {
        positions.putAll(newPositions);
        advance();
    }

    /** Epoch ms before which every record was read; -1 until a measurement was reached. */
    public long watermarkMs() {
        return watermarkMs;
    }

    private void advance() {
        if (pendingSentMs < 0) {
            return;
        }
        for (Map.Entry<Integer, Long> end : pendingEnds.entrySet()) {
            if (positions.getOrDefault(end.getKey(), -1L) < end.getValue()) {
                return;
            }
        }
        watermarkMs = Math.max(watermarkMs, pendingSentMs);
        pendingSentMs = -1;
        pendingEnds = Map.of();
    }
}
