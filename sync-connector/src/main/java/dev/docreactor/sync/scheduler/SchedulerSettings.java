package dev.docreactor.sync.scheduler;

import java.time.Duration;

/**
 * Tuning of the {@link AdaptiveSchedulePolicy}.
 *
 * @param minInterval the shortest wait between polls when there is no backlog
 * @param maxInterval the longest wait, reached after a long idle time or under local backpressure
 * @param backoffMultiplier how much the wait grows after each idle poll (&gt; 1)
 * @param peerActiveWindow how long after the peer's last activity it counts as active
 * @param peerActiveInterval the longest wait while the peer is active
 * @param targetBatchOperations how many operations a poll should ideally collect
 * @param batchMaxBytes how many bytes a poll should collect at most
 * @param roundTripFactor the wait is at least this many round trips to the remote when idle
 * @param localLagHigh local queue lag (records) at which polls slow down to {@code maxInterval}
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
        if (targetBatchOperations < 1 || batchMaxBytes < 1 || localLagHigh < 1 || roundTripFactor < 0) {
            throw new IllegalArgumentException("targetBatchOperations, batchMaxBytes and localLagHigh must be positive"
                + " and roundTripFactor not negative");
        }
    }

    /** The defaults: 0 ms to 5 s, doubling, peer active for 30 s capping the wait at 250 ms. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(Duration.ZERO, Duration.ofSeconds(5), 2.0, Duration.ofSeconds(30),
            Duration.ofMillis(250), 200, 512 * 1024, 1.0, 10_000);
    }
}
