package dev.docreactor.bench.scenario;

import java.util.List;

/** Every scenario, in the order they run (memory, which reports figures of 1 and 3, last). */
public final class Scenarios {

    private Scenarios() {
    }

    /** The scenarios in run order. */
    public static List<Scenario> inRunOrder() {
        return List.of(new ThroughputScenario(),
            new SyncThroughputScenario(),
            new SyncLatencyScenario(),
            new CatchUpScenario(),
            new RecoveryScenario(),
            new ConflictScenario(),
            new DocumentSizeScenario(),
            new MemoryScenario());
    }
}
