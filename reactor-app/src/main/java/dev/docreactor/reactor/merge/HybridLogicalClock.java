package dev.docreactor.reactor.merge;

/**
 * Hybrid logical clock values packed in a {@code long}: {@code (physicalMillis << 16) | logical}.
 *
 * <p>A reactor keeps one clock per document branch (in its {@link DocumentHeader}, and in the heads of its
 * streams written since: {@link DocumentHeader#withClockOfHeads}). It
 * {@linkplain #observe observes} the clock of every operation it receives and {@linkplain #tick ticks}
 * for every operation it creates, so:
 *
 * <ul>
 *   <li>an operation created after its reactor has seen another one gets a larger clock, whatever the
 *       wall clocks of the two reactors say (a reactor whose wall clock lags an hour continues from the
 *       largest clock it has seen, counting in the logical part);
 *   <li>the operations of one origin get strictly increasing clocks, even if its wall clock steps back;
 *   <li>while wall clocks are roughly right, the clock stays close to wall-clock time, so concurrent
 *       operations order roughly by when they were made.
 * </ul>
 *
 * <p>When more than 65,535 operations share one millisecond the logical part carries into the
 * physical part; the value stays strictly increasing, which is all ordering needs.
 */
public final class HybridLogicalClock {

    /** Bits of the logical counter at the low end of a clock value. */
    public static final int LOGICAL_BITS = 16;

    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private HybridLogicalClock() {
    }

    /**
     * The clock of a new local operation: {@code max(wallMillis << 16, last + 1)}.
     *
     * @param last the largest clock value this reactor has created or observed for the document
     * @param wallMillis the reactor's wall clock, epoch milliseconds
     */
    public static long tick(long last, long wallMillis) {
        return Math.max(pack(wallMillis, 0), last + 1);
    }

    /**
     * The largest clock an operation may carry: physical time below 2^46 ms (the year 4199), which leaves
     * room for 2^62 further ticks, so no clock ever overflows. A remote operation with a larger clock is
     * refused by every reactor alike.
     */
    public static final long MAX_CLOCK = 1L << (46 + LOGICAL_BITS);

    /** The clock after receiving an operation with clock {@code remote}: {@code max(last, remote)}. */
    public static long observe(long last, long remote) {
        return Math.max(last, remote);
    }

    /**
     * The clock after receiving an operation with clock {@code remote}, adopting it only up to
     * {@code maxAheadMillis} ahead of this reactor's wall clock: an operation from a reactor whose clock
     * runs far ahead (or a forged one) cannot drag this reactor's clock into the future. The operation
     * itself keeps its clock, so it orders the same on every reactor; only the clocks this reactor gives
     * its own later operations are affected (they may order before such an operation).
     */
    public static long observe(long last, long remote, long wallMillis, long maxAheadMillis) {
        long ceiling = pack(Math.max(0, wallMillis) + maxAheadMillis, (int) LOGICAL_MASK);
        return Math.max(last, Math.min(remote, ceiling));
    }

    /** Packs a physical time and a logical counter. */
    public static long pack(long physicalMillis, int logical) {
        return (physicalMillis << LOGICAL_BITS) | (logical & LOGICAL_MASK);
    }

    /** The physical part of a clock value, epoch milliseconds. */
    public static long physicalMillis(long clock) {
        return clock >>> LOGICAL_BITS;
    }

    /** The logical part of a clock value. */
    public static int logical(long clock) {
        return (int) (clock & LOGICAL_MASK);
    }
}
