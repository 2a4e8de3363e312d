package dev.docreactor.reactor.merge;

/**
 * Hybrid logical clock values packed in a {@code long}: {@code (physicalMillis << 16) | logical}.
 *
 * <p>A reactor keeps one clock per document branch (in its {@link DocumentHeader}). It
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

    /** The clock after receiving an operation with clock {@code remote}: {@code max(last, remote)}. */
    public static long observe(long last, long remote) {
        return Math.max(last, remote);
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
