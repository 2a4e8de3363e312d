package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.report.ScenarioResult;

/** A scenario this version of the benchmark does not measure; it says so in every output. */
final class NotImplementedScenario implements Scenario {

    private final int id;
    private final String title;
    private final String reason;

    NotImplementedScenario(int id, String title, String reason) {
        this.id = id;
        this.title = title;
        this.reason = reason;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String notImplementedReason() {
        return reason;
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) {
        throw new IllegalStateException("not implemented: " + reason);
    }
}
