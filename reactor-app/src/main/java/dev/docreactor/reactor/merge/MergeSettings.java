package dev.docreactor.reactor.merge;

import dev.docreactor.reactor.model.Limits;
import java.util.Objects;

/**
 * How a {@link DocumentMerger} works: every reactor that syncs must use the same {@code limits} (they
 * decide which operations fail); the other settings are local.
 *
 * @param checkpointInterval keep the state every this many effective positions (see the
 *     {@linkplain dev.docreactor.reactor.merge package description})
 * @param limits what one job may cost
 * @param maxClockAheadMillis how far ahead of the wall clock a remote operation's clock is adopted
 *     ({@link HybridLogicalClock#observe(long, long, long, long)})
 */
public record MergeSettings(int checkpointInterval, Limits limits, long maxClockAheadMillis) {

    /** Default of {@link #maxClockAheadMillis}: one day (wall clocks further apart are broken, not skewed). */
    public static final long DEFAULT_MAX_CLOCK_AHEAD_MILLIS = 24 * 60 * 60 * 1000L;

    /** The defaults. */
    public static final MergeSettings DEFAULTS = new MergeSettings(DocumentMerger.DEFAULT_CHECKPOINT_INTERVAL,
            Limits.DEFAULTS, DEFAULT_MAX_CLOCK_AHEAD_MILLIS);

    public MergeSettings {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be at least 1, got " + checkpointInterval);
        }
        Objects.requireNonNull(limits, "limits");
        if (maxClockAheadMillis < 0) {
            throw new IllegalArgumentException("maxClockAheadMillis must not be negative, got " + maxClockAheadMillis);
        }
    }

    /** These settings with another checkpoint interval. */
    public MergeSettings withCheckpointInterval(int interval) {
        return new MergeSettings(interval, limits, maxClockAheadMillis);
    }
}
