package dev.docreactor.sync.scheduler;

import java.time.Duration;

/**
 * What the pull task saw around its last poll: the inputs of the {@link AdaptiveSchedulePolicy}.
 *
 * @param operationsPolled operations (records) the last pull returned
 * @param backlog records still waiting on the remote's event bus after the last pull (0 if unknown)
 * @param operationRatePerSecond recent average rate of operations arriving from the remote
 * @param averageOperationBytes recent average size of one operation
 * @param roundTrip the measured round-trip time to the remote cluster ({@code null} if not measured)
 * @param localQueueLag records of the local queue the local reactor has not consumed yet (-1 if unknown)
 * @param sincePeerActivity time since a pull last returned records, or since the task started ({@code null} if unknown)
 */
public record Observation(int operationsPolled, long backlog, double operationRatePerSecond,
                          double averageOperationBytes, Duration roundTrip, long localQueueLag,
                          Duration sincePeerActivity) {

    /** An idle observation: nothing polled, nothing known. */
    public static Observation idle() {
        return new Observation(0, 0, 0, 0, null, -1, null);
    }

    /** This observation with another number of polled operations and backlog. */
    public Observation withPoll(int polled, long newBacklog) {
        return new Observation(polled, newBacklog, operationRatePerSecond, averageOperationBytes, roundTrip,
            localQueueLag, sincePeerActivity);
    }

    /** This observation with another rate and operation size. */
    public Observation withRate(double ratePerSecond, double avgBytes) {
        return new Observation(operationsPolled, backlog, ratePerSecond, avgBytes, roundTrip, localQueueLag,
            sincePeerActivity);
    }

    /** This observation with another round-trip time. */
    public Observation withRoundTrip(Duration rtt) {
        return new Observation(operationsPolled, backlog, operationRatePerSecond, averageOperationBytes, rtt,
            localQueueLag, sincePeerActivity);
    }

    /** This observation with another local queue lag. */
    public Observation withLocalQueueLag(long lag) {
        return new Observation(operationsPolled, backlog, operationRatePerSecond, averageOperationBytes, roundTrip,
            lag, sincePeerActivity);
    }

    /** This observation with another time since the peer's last activity. */
    public Observation withSincePeerActivity(Duration since) {
        return new Observation(operationsPolled, backlog, operationRatePerSecond, averageOperationBytes, roundTrip,
            localQueueLag, since);
    }
}
