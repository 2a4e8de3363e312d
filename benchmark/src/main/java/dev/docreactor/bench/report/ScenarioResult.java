package dev.docreactor.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario: its figures with their baselines, latency percentiles, extra details
 * (distributions, counts) and notes saying what was measured and how.
 */
public final class ScenarioResult {

    /** Whether the scenario produced figures. */
    public enum Status {
        /** Measured. */
        OK,
        /** Started but failed; {@link #reason()} says why. */
        FAILED,
        /** Not measured by this benchmark version; {@link #reason()} says what is missing (none today). */
        NOT_IMPLEMENTED,
        /** Not selected with {@code --scenarios}. */
        SKIPPED
    }

    private final int id;
    private final String title;
    private Status status = Status.OK;
    private String reason;
    private double seconds;
    private final List<Row> rows = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** An empty, successful result. */
    public ScenarioResult(int id, String title) {
        this.id = id;
        this.title = title;
    }

    /** A result that says why the scenario produced no figures. */
    public static ScenarioResult withStatus(int id, String title, Status status, String reason) {
        ScenarioResult result = new ScenarioResult(id, title);
        result.status = status;
        result.reason = reason;
        return result;
    }

    public int id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Status status() {
        return status;
    }

    /** Why the status is not OK, or null. */
    public String reason() {
        return reason;
    }

    /** Marks the scenario failed with a reason; figures measured before the failure are kept. */
    public ScenarioResult fail(String why) {
        this.status = Status.FAILED;
        this.reason = why;
        return this;
    }

    /** Wall-clock seconds the scenario took. */
    public double seconds() {
        return seconds;
    }

    public void seconds(double value) {
        this.seconds = value;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Latency> latencies() {
        return latencies;
    }

    public Map<String, Object> details() {
        return details;
    }

    public List<String> notes() {
        return notes;
    }

    /** Adds a figure. */
    public ScenarioResult add(Row row) {
        rows.add(row);
        return this;
    }

    /** Adds latency percentiles. */
    public ScenarioResult add(Latency latency) {
        latencies.add(latency);
        return this;
    }

    /** Adds a note. */
    public ScenarioResult note(String text) {
        notes.add(text);
        return this;
    }

    /** Adds a detail (a number, a distribution) to the JSON output. */
    public ScenarioResult detail(String key, Object value) {
        details.put(key, value);
        return this;
    }
}
