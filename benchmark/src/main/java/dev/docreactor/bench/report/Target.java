package dev.docreactor.bench.report;

/**
 * A goal from the benchmark issue that a figure is checked against (the benchmark reports it; no test
 * asserts it).
 *
 * @param description what the goal says, e.g. {@code ratio >= 0.8}
 * @param threshold the limit
 * @param atLeast true when the figure must be at least {@code threshold}, false when at most
 * @param onRatio true when the limit applies to the ratio subject/baseline, false when to the subject's value
 */
public record Target(String description, double threshold, boolean atLeast, boolean onRatio) {

    /** A lower bound on the ratio subject / baseline. */
    public static Target ratioAtLeast(double threshold) {
        return new Target("ratio >= " + Format.plain(threshold), threshold, true, true);
    }

    /** An upper bound on the ratio subject / baseline. */
    public static Target ratioAtMost(double threshold) {
        return new Target("ratio <= " + Format.plain(threshold), threshold, false, true);
    }

    /** An upper bound on the subject's value, in the row's unit. */
    public static Target valueAtMost(double threshold, String unit) {
        return new Target("<= " + Format.plain(threshold) + " " + unit, threshold, false, false);
    }

    /** Whether {@code figure} meets this target. */
    public boolean isMet(double figure) {
        return atLeast ? figure >= threshold : figure <= threshold;
    }
}
