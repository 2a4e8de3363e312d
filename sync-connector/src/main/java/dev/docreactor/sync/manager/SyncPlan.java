package dev.docreactor.sync.manager;

import java.util.List;
import java.util.Map;

/**
 * What the sync manager decided for one batch of event-bus records.
 *
 * @param outbound the records to write, in order; per event-bus partition in ascending {@code firstOffset}
 * @param endCursors per event-bus partition, the position after the last record read (written or not)
 * @param read records read
 * @param filtered records the filter (or a tombstone) left out
 * @param echoes operations that came from the target (not re-sent; acknowledged when acks are on)
 * @param reappliedSkipped re-applied copies left out
 * @param deadLetters records that became dead letters
 */
public record SyncPlan(List<Outbound> outbound, Map<Integer, Long> endCursors, int read, int filtered, int echoes,
                       int reappliedSkipped, int deadLetters) {

    /** Operations carried by LOAD jobs. */
    public int loadedOperations() {
        return outbound.stream().filter(o -> o.isJob(dev.docreactor.schema.JobKind.LOAD))
            .mapToInt(Outbound::operationCount).sum();
    }
}
