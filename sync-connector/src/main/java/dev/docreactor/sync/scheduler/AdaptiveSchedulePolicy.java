package dev.docreactor.sync.scheduler;

import java.time.Duration;

/**
 * Decides how long the pull task pauses before it pulls the remote again. A pull long-polls: it returns
 * as soon as the remote has records (bounded by a timeout), so while operations flow the remote consumer
 * is its own scheduler and a pause would only add latency. Pauses are for when pulling more is useless
 * or costly. Rules, in order:
 * <ol>
 *   <li>Local backpressure: when the local queue lag reaches {@code localLagHigh}, pause the maximum;
 *       between half of it and it, proportionally shorter. Pulling more would only grow the queue.</li>
 *   <li>Backlog: when records are still waiting on the remote, no pause.</li>
 *   <li>Flow: when the last pull returned operations, no pause, unless {@code targetBatchOperations} asks
 *       for batches: then the time the current rate needs to fill one ({@code targetBatchOperations}, or
 *       {@code batchMaxBytes} given the operation size), trading latency for fewer, larger LOAD jobs.</li>
 *   <li>Active peer: after an empty pull, while the peer's last records are younger than
 *       {@code peerActiveWindow}, pause at most {@code peerActiveInterval} (none by default): a peer
 *       that wrote recently likely writes again soon.</li>
 *   <li>Idle peer: otherwise multiply the previous pause by {@code backoffMultiplier}, towards the maximum:
 *       an idle remote is asked less often, at the price of the next operation's latency.</li>
 *   <li>Round trip: a pause, when there is one, lasts at least {@code roundTripFactor} round trips.</li>
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

    /** Chooses the pause before the next pull from what the last pull saw. */
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
            wait = settings.targetBatchOperations() > 0 ? batchFillTime(o) : Duration.ZERO;
        } else {
            long grown = (long) (Math.max(current.toMillis(), FIRST_IDLE_STEP.toMillis()) * settings.backoffMultiplier());
            wait = Duration.ofMillis(grown);
            if (o.sincePeerActivity() != null && o.sincePeerActivity().compareTo(settings.peerActiveWindow()) < 0
                && wait.compareTo(settings.peerActiveInterval()) > 0) {
                wait = settings.peerActiveInterval();
            }
        }
        if (!wait.isZero() && o.roundTrip() != null) {
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
