package dev.docreactor.bench;

import java.util.List;

/**
 * The sizes of a run. {@link #QUICK} takes about eight minutes on two cores; {@link #FULL} uses the
 * issue's sizes.
 *
 * @param throughputOps EXECUTE jobs (one action each) per throughput run (scenario 1)
 * @param throughputDocuments documents those jobs spread over
 * @param rounds runs of each system in scenario 1, alternating subject and baseline; the median counts
 * @param recoveryOps operations stored before the restarts (scenario 5)
 * @param recoveryDocuments documents they spread over
 * @param actionsPerJob actions per EXECUTE job when loading stores (scenarios 4, 5)
 * @param conflictSeconds seconds of concurrent writes (scenario 7)
 * @param conflictRatePerReactor offered EXECUTE operations/s per reactor (scenario 7)
 * @param syncOps operations moved in the sync throughput runs (scenario 2)
 * @param latencyLoads offered loads, operations/s (scenario 3)
 * @param latencySeconds seconds per offered load (scenario 3)
 * @param latencyWarmUpSeconds the least unrecorded load, in seconds, before each system's measured loads in scenario 3
 * @param latencyWarmUpMaxSeconds the most: the warm-up goes on past the least until the JIT compilers of the phase's
 *     JVMs have settled (on two cores just-started JVMs compile for about two minutes), or until this many seconds
 * @param catchUpOps operations taken while the connector is stopped (scenario 4)
 * @param catchUpDocuments documents they spread over
 * @param extras whether to add the diagnostic runs: the latency-tuned connector in 3, the immediate restart in 5
 * @param sizeScale multiplies the operations timed per document size and the single-client requests (scenario 8)
 */
public record Mode(String name, int throughputOps, int throughputDocuments, int rounds, int recoveryOps,
                   int recoveryDocuments, int actionsPerJob, int conflictSeconds, int conflictRatePerReactor,
                   int syncOps, List<Integer> latencyLoads, int latencySeconds, int latencyWarmUpSeconds, int latencyWarmUpMaxSeconds,
                   int catchUpOps, int catchUpDocuments,
                   boolean extras, int sizeScale) {

    /** Small counts: the whole run in about eight minutes on two cores. */
    public static final Mode QUICK = new Mode("quick", 10_000, 100, 1, 20_000, 200, 50, 2, 1_000,
        10_000, List.of(100, 1_000), 3, 10, 120, 20_000, 200, false, 1);

    /** The sizes. */
    public static final Mode FULL = new Mode("full", 100_000, 100, 3, 1_000_000, 10_000, 50, 30, 1_000,
        200_000, List.of(100, 1_000, 10_000), 20, 45, 240, 1_000_000, 10_000, true, 3);

    /** The mode called {@code name}. */
    public static Mode of(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown mode " + name + "; use quick or full");
        };
    }
}
