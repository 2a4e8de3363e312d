package dev.docreactor.sync.scheduler;

import java.time.Duration;

/**
 * Decides how long the pull task waits before polling the remote again. Rules, in order:
 * <ol>
 *   <li>Local backpressure: when the local queue lag reaches {@code localLagHigh}, wait the maximum;
 *       between half of it and it, wait proportionally longer. Pulling more would only grow the queue.</li>
 *   <li>Backlog: when records are still waiting on the remote, poll again at once.</li>
 *   <li>Activity: when the last poll returned operations, wait the time the current rate needs to fill a
 *       batch ({@code targetBatchOperations}, or {@code batchMaxBytes} given the operation size): faster
 *       or bigger operations mean a shorter wait.</li>
 *   <li>Idle: otherwise multiply the previous wait by {@code backoffMultiplier}, towards the maximum.</li>
 *   <li>Peer activity caps the wait at {@code peerActiveInterval}: a peer that pushed recently likely has more.</li>
 *   <li>Round trip: when not in backlog, never wait less than {@code roundTripFactor} round trips.</li>
 * </ol>
 * The result is clamped to [{@code minInterval}, {@code maxInterval}]. Stateful (the idle back-off),
 * plain logic, not thread-safe.
 */
public final class AdaptiveSchedulePolicy {

    private static final Duration FIRST_IDLE_STEP = Duration.ofMillis(50);

    private final SchedulerSettings settings;
    private Duration current;

    /** A policy starting at the minimum interval. */
    public AdaptiveSchedulePolicy(SchedulerSettings settings) {
        this.settings = settings;
        this.current = settings.minInterval();
    }

    /** The interval the last call of {@link #next} chose. */
    public Duration currentInterval() {
        return current;
    }

    /** Chooses the wait before the next poll from what the last poll saw. */
    public Duration next(Observation o) {
        current = clamp(decide(o));
        return current;
    }

    private Duration decide(Observation o) {
        Duration backpressure = backpressure(o.localQueueLag());
        if (backpressure != null) {
            return backpressure;
        }
        if (o.backlog() > 0) {
            return Duration.ZERO;
        }
        Duration wait;
        if (o.operationsPolled() > 0) {
            wait = batchFillTime(o);
        } else {
            long grown = (long) (Math.max(current.toMillis(), FIRST_IDLE_STEP.toMillis()) * settings.backoffMultiplier());
            wait = Duration.ofMillis(grown);
        }
        if (o.sincePeerActivity() != null && o.sincePeerActivity().compareTo(settings.peerActiveWindow()) < 0
            && wait.compareTo(settings.peerActiveInterval()) > 0) {
            wait = settings.peerActiveInterval();
        }
        if (o.roundTrip() != null) {
            Duration floor = Duration.ofNanos((long) (o.roundTrip().toNanos() * settings.roundTripFactor()));
            if (wait.compareTo(floor) < 0) {
                wait = floor;
            }
        }
        return wait;
    }

    /** The wait the local queue's lag imposes, or {@code null} when it imposes none. */
    private Duration backpressure(long lag) {
        long high = settings.localLagHigh();
        if (lag < 0 || lag < high / 2) {
            return null;
        }
        if (lag >= high) {
            return settings.maxInterval();
        }
        double share = (double) (lag - high / 2) / (high - high / 2);
        return Duration.ofMillis((long) (settings.maxInterval().toMillis() * share));
    }

    /** Time for the current rate to fill a batch, bounded by the byte limit. */
    private Duration batchFillTime(Observation o) {
        double rate = o.operationRatePerSecond();
        if (rate <= 0) {
            return settings.minInterval();
        }
        double seconds = settings.targetBatchOperations() / rate;
        if (o.averageOperationBytes() > 0) {
            seconds = Math.min(seconds, settings.batchMaxBytes() / (rate * o.averageOperationBytes()));
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(settings.minInterval()) < 0) {
            return settings.minInterval();
        }
        return d.compareTo(settings.maxInterval()) > 0 ? settings.maxInterval() : d;
    }
}
