package dev.docreactor.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.bench.Mode;
import dev.docreactor.bench.report.Row;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ConflictCountsTest {

    /** A bus holding {@code applied} operations of scope global, {@code reapplied} re-applied copies and the creations. */
    private static EventBusTally bus(int created, int applied, int reapplied) {
        EventBusTally tally = new EventBusTally();
        for (int i = 0; i < created; i++) {
            tally.addOperation("document", false);
        }
        for (int i = 0; i < applied; i++) {
            tally.addOperation("global", false);
        }
        for (int i = 0; i < reapplied; i++) {
            tally.addOperation("global", true);
        }
        return tally;
    }

    private static ConflictScenario.Run run(double convergedSeconds, ConflictCounts counts) {
        return new ConflictScenario.Run(1000, convergedSeconds, counts.written() - 10, 1000, 1000, 3, 0, new Histogram(3), counts, 0, 0, 0);
    }

    private static Row row(List<Row> rows, String metricStart) {
        return rows.stream().filter(r -> r.metric().startsWith(metricStart)).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + metricStart + " in " + rows));
    }

    @Test
    void shouldCountEveryRecordTombstonesIncludedAndReappliedCopiesOfAnyScope() {
        EventBusTally tally = bus(2, 5, 3);
        tally.addOperation("document", true);
        tally.addTombstone();
        assertThat(tally.records()).as("2 creations + 5 applied + 3 + 1 re-applied + 1 tombstone").isEqualTo(12);
        assertThat(tally.reapplied()).as("re-applied copies of global and document scope").isEqualTo(4);
        assertThat(tally.summary().get("operationsPerScope")).as("operations per scope")
            .isEqualTo(Map.of("document", 3L, "global", 8L));
        assertThat(tally.summary().get("tombstones")).as("tombstones").isEqualTo(1L);
    }

    @Test
    void shouldDivideReappliedCopiesOfBothBusesByOperationsWritten() {
        // 10 creations and 90 patches written; each bus holds all 100 once, A re-applied 30 and B 20 copies.
        ConflictCounts counts = new ConflictCounts(100, bus(10, 90, 30), bus(10, 90, 20));
        assertThat(counts.reappliedPerWritten()).as("(30 + 20) re-applied / 100 written").isEqualTo(0.5);
        assertThat(counts.recordsPerWrittenPerBus()).as("(130 + 120) records / (2 buses x 100 written)").isEqualTo(1.25);
    }

    @Test
    void shouldGiveOneRecordPerWrittenOperationPerBusWhenNothingIsReapplied() {
        ConflictCounts counts = new ConflictCounts(100, bus(10, 90, 0), bus(10, 90, 0));
        assertThat(counts.reappliedPerWritten()).as("no rebase, nothing re-applied").isZero();
        assertThat(counts.recordsPerWrittenPerBus()).as("each bus holds each written operation once").isEqualTo(1.0);
    }

    @Test
    void shouldRefuseToDivideByNoWrites() {
        assertThatThrownBy(() -> new ConflictCounts(0, bus(0, 0, 0), bus(0, 0, 0))).as("zero operations written")
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldJudgeConvergenceByRatioInQuickModeAndAlsoBySecondsInFullMode() {
        ConflictScenario.Run disjoint = run(4.0, new ConflictCounts(100, bus(20, 80, 0), bus(20, 80, 0)));
        ConflictScenario.Run conflict = run(7.0, new ConflictCounts(100, bus(10, 90, 150), bus(10, 90, 0)));

        List<Row> quick = ConflictScenario.figures(Mode.QUICK, conflict, disjoint);
        Row convergedQuick = row(quick, "time until converged");
        assertThat(convergedQuick.ratio()).as("7 s against 4 s disjoint").isEqualTo(7.0 / 4.0);
        assertThat(convergedQuick.targetMet()).as("1.75x misses ratio <= 1.5").isFalse();
        assertThat(quick).as("the 5 s target is a full-mode target").noneMatch(r -> r.metric().contains("(full mode)"));
        assertThat(row(quick, "re-applied operations per written").targetMet()).as("150 / 100 = 1.5 misses <= 1").isFalse();
        assertThat(row(quick, "event-bus records per written").subject()).as("(250 + 100) / 200").isEqualTo(1.75);
        assertThat(row(quick, "event-bus records per written").baseline()).as("disjoint: (100 + 100) / 200").isEqualTo(1.0);

        List<Row> full = ConflictScenario.figures(Mode.FULL, run(4.5, conflict.counts()), disjoint);
        assertThat(row(full, "time until converged").targetMet()).as("4.5 / 4 = 1.125x meets ratio <= 1.5").isTrue();
        Row seconds = row(full, "time from the last write until converged");
        assertThat(seconds.subject()).as("the converged time itself").isEqualTo(4.5);
        assertThat(seconds.targetMet()).as("4.5 s meets <= 5 s").isTrue();
        assertThat(full).as("full mode adds the seconds row").hasSize(quick.size() + 1);
    }
}
