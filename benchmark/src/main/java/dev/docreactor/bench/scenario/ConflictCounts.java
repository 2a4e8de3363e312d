package dev.docreactor.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write amplification of one run of scenario 7: what both reactors' event buses received between the
 * run's start and convergence, against the operations the clients wrote.
 *
 * @param written operations the clients wrote at both reactors (creations and patches); positive
 * @param busA what reactor A's event bus received
 * @param busB what reactor B's event bus received
 */
record ConflictCounts(long written, EventBusTally busA, EventBusTally busB) {

    /** Reactors in the run: every operation written at either one belongs once on each one's event bus. */
    static final int REACTORS = 2;

    ConflictCounts {
        if (written <= 0) {
            throw new IllegalArgumentException("no operations written: nothing to divide by");
        }
    }

    /** Re-applied copies on both event buses per operation written: 0 when no rebase re-applied anything. */
    double reappliedPerWritten() {
        return (double) (busA.reapplied() + busB.reapplied()) / written;
    }

    /**
     * Records per event bus per operation written: the records of both buses / ({@value #REACTORS} x
     * written), so 1.0 when each bus holds every written operation once and nothing else.
     */
    double recordsPerWrittenPerBus() {
        return (double) (busA.records() + busB.records()) / ((double) REACTORS * written);
    }

    /** The counts as a map for the report's details. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("written", written);
        m.put("eventBusA", busA.summary());
        m.put("eventBusB", busB.summary());
        return m;
    }
}
