package dev.docreactor.sync.scheduler;

import java.time.Duration;

/**
 * Tuning of the {@link AdaptiveSchedulePolicy}; the defaults are the connector's configuration defaults
 * ({@code scheduler.*} keys of {@code SyncConnectorConfig}).
 *
 * @param minInterval the shortest pause between pulls when there is no backlog
 * @param maxInterval the longest pause, reached after a long idle time or under local backpressure
 * @param backoffMultiplier how much the pause grows after each empty pull while the peer is idle (&gt; 1)
 * @param peerActiveWindow how long after the peer's last records it counts as active (no idle back-off)
 * @param peerActiveInterval the longest pause after an empty pull while the peer is active
 * @param targetBatchOperations 0: never pause while operations flow; more: after a pull that returned
 *                              operations, pause for the time this many take to arrive at the current rate
 * @param batchMaxBytes how many bytes such a pause collects at most
 * @param roundTripFactor a pause, when there is one, lasts at least this many round trips to the remote
 * @param localLagHigh local queue lag (records) at which pulls slow down to {@code maxInterval}
 */
public record SchedulerSettings(Duration minInterval, Duration maxInterval, double backoffMultiplier,
                                Duration peerActiveWindow, Duration peerActiveInterval, int targetBatchOperations,
                                long batchMaxBytes, double roundTripFactor, long localLagHigh) {

    /** Validates the settings. */
    public SchedulerSettings {
        if (minInterval.isNegative() || maxInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("need 0 <= minInterval <= maxInterval, got " + minInterval + " and "
                + maxInterval);
        }
        if (backoffMultiplier <= 1.0) {
            throw new IllegalArgumentException("backoffMultiplier must be > 1, got " + backoffMultiplier);
        }
        if (targetBatchOperations < 0 || batchMaxBytes < 1 || localLagHigh < 1 || roundTripFactor < 0) {
            throw new IllegalArgumentException("batchMaxBytes and localLagHigh must be positive, targetBatchOperations"
                + " and roundTripFactor not negative");
        }
    }
}
