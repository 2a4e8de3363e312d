package dev.docreactor.bench.report;

/**
 * One figure of a scenario, next to its baseline measured in the same run.
 *
 * @param metric what is measured, e.g. {@code EXECUTE operations/s}
 * @param unit unit of {@code subject} and {@code baseline}
 * @param subjectLabel what was measured, e.g. {@code reactor}
 * @param subject the figure, or null if it could not be measured
 * @param baselineLabel the bare-Kafka baseline, e.g. {@code bare Streams processor}; null without a baseline
 * @param baseline the baseline's figure, or null
 * @param target the goal for this figure, or null
 */
public record Row(String metric, String unit, String subjectLabel, Double subject, String baselineLabel, Double baseline,
                  Target target) {

    /** A figure without a baseline. */
    public static Row value(String metric, String unit, String label, double value, Target target) {
        return new Row(metric, unit, label, value, null, null, target);
    }

    /** A figure with its baseline. */
    public static Row compared(String metric, String unit, String label, double value, String baselineLabel,
                               double baseline, Target target) {
        return new Row(metric, unit, label, value, baselineLabel, baseline, target);
    }

    /** subject / baseline, or null when either is missing or the baseline is zero. */
    public Double ratio() {
        if (subject == null || baseline == null || baseline == 0.0) {
            return null;
        }
        return subject / baseline;
    }

    /** Whether the target is met; null without a target or without the figure it applies to. */
    public Boolean targetMet() {
        if (target == null) {
            return null;
        }
        Double figure = target.onRatio() ? ratio() : subject;
        return figure == null ? null : target.isMet(figure);
    }
}
