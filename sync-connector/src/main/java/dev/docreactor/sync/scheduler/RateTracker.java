package dev.docreactor.sync.scheduler;

/**
 * Exponentially weighted averages of the operation rate (per second) and operation size, fed with
 * each poll's counts. Plain logic; not thread-safe.
 */
public final class RateTracker {

    private final double weight;
    private double rate;
    private double averageBytes;
    private long lastNanos = -1;

    /** A tracker giving each new sample {@code weight} (0..1] of the average. */
    public RateTracker(double weight) {
        if (weight <= 0 || weight > 1) {
            throw new IllegalArgumentException("weight must be in (0, 1], got " + weight);
        }
        this.weight = weight;
    }

    /** Records that {@code operations} operations of {@code bytes} bytes arrived at {@code nowNanos}. */
    public void record(int operations, long bytes, long nowNanos) {
        if (lastNanos >= 0) {
            double seconds = Math.max((nowNanos - lastNanos) / 1e9, 1e-3);
            rate = rate + weight * (operations / seconds - rate);
        }
        if (operations > 0) {
            averageBytes = averageBytes == 0 ? (double) bytes / operations
                : averageBytes + weight * ((double) bytes / operations - averageBytes);
        }
        lastNanos = nowNanos;
    }

    /** Operations per second, averaged. */
    public double ratePerSecond() {
        return rate;
    }

    /** Bytes per operation, averaged. */
    public double averageOperationBytes() {
        return averageBytes;
    }
}
