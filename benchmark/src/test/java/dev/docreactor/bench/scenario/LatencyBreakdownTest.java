package dev.docreactor.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.bench.scenario.LatencyBreakdown.Segment;
import dev.docreactor.bench.scenario.LatencyBreakdown.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBreakdownTest {

    private static final long T0 = 1_700_000_000_000L;

    private final LatencyBreakdown breakdown = new LatencyBreakdown();

    /** Reports every stage of operation {@code n} of run {@code prefix}, one LOAD job per operation. */
    private void operation(String prefix, int n, long aCommit, long pull, long write, long queue, long bCommit,
                           boolean resultFirst) {
        String action = prefix + "-" + n;
        String job = "job-" + prefix + "-" + n;
        long onA = T0 + aCommit;
        long pulled = onA + pull;
        long onQueue = pulled + write;
        long applied = onQueue + queue;
        breakdown.stage(action, Stage.ACCEPTED, T0);
        breakdown.stage(action, Stage.ON_A, onA);
        if (resultFirst) {
            breakdown.jobResult(job, applied);
            breakdown.loadJob(job, List.of(action), pulled, onQueue);
        } else {
            breakdown.loadJob(job, List.of(action), pulled, onQueue);
            breakdown.jobResult(job, applied);
        }
        breakdown.stage(action, Stage.ON_B, applied + bCommit);
    }

    @Test
    void shouldSplitEachOperationIntoItsSegmentsAndSayWhereTheSlowestOnePercentSpentItsTime() throws Exception {
        breakdown.track("c100");
        for (int i = 0; i < 980; i++) {
            operation("c100", i, 50, 10, 20, 5, 40, i % 2 == 0);
        }
        for (int i = 980; i < 1000; i++) {
            operation("c100", i, 50, 500, 20, 5, 40, false);
        }
        assertThat(breakdown.awaitComplete("c100", 1000, 1_000)).as("every stage of the 1000 operations was reported").isTrue();

        LatencyBreakdown.Summary summary = breakdown.summarize("c100");

        assertThat(summary.complete()).as("operations seen at every stage").isEqualTo(1000);
        assertThat(summary.seen()).as("operations seen").isEqualTo(1000);
        assertThat(summary.outOfOrder()).as("no stage before its predecessor").isZero();
        assertThat(summary.segments().get(Segment.A_COMMIT).getValueAtPercentile(50) / 1000.0)
            .as("A's commit p50 (ms)").isCloseTo(50, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.segments().get(Segment.CHANNEL_PULL).getValueAtPercentile(50) / 1000.0)
            .as("pull p50 (ms): most operations are pulled after 10 ms").isCloseTo(10, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.segments().get(Segment.CHANNEL_PULL).getValueAtPercentile(99) / 1000.0)
            .as("pull p99 (ms): the slowest 2 % waited 500 ms").isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
        assertThat(summary.segments().get(Segment.B_COMMIT).getValueAtPercentile(99) / 1000.0)
            .as("B's commit p99 (ms)").isCloseTo(40, org.assertj.core.data.Offset.offset(0.1));
        assertThat(summary.total().getValueAtPercentile(99) / 1000.0)
            .as("total p99 (ms): the slow operations' sum").isCloseTo(50 + 500 + 20 + 5 + 40, org.assertj.core.data.Offset.offset(1.0));
        assertThat(summary.tailMeanMs()).as("the slowest 1 %% are the slow pulls: their mean per segment")
            .containsEntry(Segment.A_COMMIT, 50.0).containsEntry(Segment.CHANNEL_PULL, 500.0)
            .containsEntry(Segment.CHANNEL_WRITE, 20.0).containsEntry(Segment.B_QUEUE, 5.0).containsEntry(Segment.B_COMMIT, 40.0);
    }

    @Test
    void shouldIgnoreUntrackedRunsAndCountStagesSeenOutOfOrderAsZero() throws Exception {
        breakdown.track("c1000");
        operation("cw", 1, 50, 10, 20, 5, 40, false);
        operation("c1000", 1, 50, -3, 20, 5, 40, false);

        assertThat(breakdown.awaitComplete("c1000", 2, 50)).as("only one operation of the run exists").isFalse();
        LatencyBreakdown.Summary summary = breakdown.summarize("c1000");

        assertThat(summary.seen()).as("the warm-up's operation is not tracked").isEqualTo(1);
        assertThat(summary.outOfOrder()).as("pulled 3 ms before A's event bus showed it to the benchmark").isEqualTo(1);
        assertThat(summary.segments().get(Segment.CHANNEL_PULL).getMaxValue()).as("a negative segment counts as 0").isZero();
        assertThat(breakdown.summarize("c1000").seen()).as("a summarized run is forgotten").isZero();
    }
}
