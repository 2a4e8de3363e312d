package dev.docreactor.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured: the mode, the exact command, the machine (cores, memory, Java,
 * load average before and after: the figures are only comparable as ratios on a shared machine) and one
 * result per scenario.
 */
public final class BenchmarkResults {

    private final String mode;
    private final String command;
    private final String startedUtc;
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final List<ScenarioResult> scenarios = new ArrayList<>();
    private double totalSeconds;

    /**
     * @param mode quick or full
     * @param command the command line that reproduces the run
     * @param startedUtc ISO-8601 start time
     */
    public BenchmarkResults(String mode, String command, String startedUtc) {
        this.mode = mode;
        this.command = command;
        this.startedUtc = startedUtc;
    }

    public String mode() {
        return mode;
    }

    public String command() {
        return command;
    }

    public String startedUtc() {
        return startedUtc;
    }

    /** Facts about the machine, in insertion order. */
    public Map<String, Object> machine() {
        return machine;
    }

    public List<ScenarioResult> scenarios() {
        return scenarios;
    }

    public double totalSeconds() {
        return totalSeconds;
    }

    public void totalSeconds(double seconds) {
        this.totalSeconds = seconds;
    }
}
