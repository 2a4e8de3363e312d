package dev.docreactor.bench.load;

import java.time.Duration;

/**
 * A count that grows as a system makes progress (operations moved, applied, mirrored), with the time
 * the first and the latest increments were observed, so a rate can be taken over the span in which the
 * system was actually working.
 */
public final class Progression {

    private long value;
    private long firstNanos;
    private long firstBatch;
    private long lastNanos;
    private long spanStartValue;
    private boolean restartSpan;

    /** Adds {@code n} observed now. */
    public synchronized void add(long n) {
        if (n <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (value == 0 || restartSpan) {
            spanStartValue = value;
            firstNanos = now;
            firstBatch = n;
            restartSpan = false;
        }
        value += n;
        lastNanos = now;
        notifyAll();
    }

    /** The count. */
    public synchronized long value() {
        return value;
    }

    /** When the first increment was seen (nanoTime), 0 before. */
    public synchronized long firstNanos() {
        return firstNanos;
    }

    /** When the latest increment was seen (nanoTime). */
    public synchronized long lastNanos() {
        return lastNanos;
    }

    /**
     * Per second over the span from the first to the latest increment, not counting the first increment
     * (it arrived before the span began).
     */
    public synchronized double ratePerSecond() {
        double seconds = (lastNanos - firstNanos) / 1e9;
        return seconds <= 0 ? 0 : (value - spanStartValue - firstBatch) / seconds;
    }

    /** Starts a new span at the next increment: rates then cover only what comes after this call. */
    public synchronized void restartSpan() {
        restartSpan = true;
    }

    /** Waits until the count reaches {@code n}. */
    public synchronized void awaitAtLeast(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("reached " + value + " of " + n + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
