package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.report.ScenarioResult;

/** One numbered scenario of the benchmark issue. */
public interface Scenario {

    /** The number of the scenario. */
    int id();

    /** A short title. */
    String title();

    /**
     * Runs the scenario and its baseline.
     *
     * @param result where to put figures, details and notes; figures added before a failure are kept
     */
    void run(BenchContext context, ScenarioResult result) throws Exception;
}
