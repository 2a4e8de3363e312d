package dev.docreactor.reactor.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.JobStatus;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** When the executor asks Kafka Streams for a commit ahead of commit.interval.ms. */
class EagerCommitsTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void aFreshJobAsksAtOnceAndTheNextOneAfterTheSpacing() {
        EagerCommits eager = eager(newThread());

        assertThat(eager.afterJob(START - 5, START)).isTrue();
        assertThat(eager.afterJob(START + 1, START + 3)).isFalse();
        assertThat(eager.afterJob(START + 8, START + 9)).isFalse();
        assertThat(eager.afterJob(START + 9, START + 10)).isTrue();
    }

    @Test
    void aJobThatWaitedLongerThanTheMaximumIsLeftToTheCommitInterval() {
        EagerCommits eager = eager(newThread());

        assertThat(eager.afterJob(START - 251, START)).isFalse();
        assertThat(eager.afterJob(START + 100 - 250, START + 100)).isTrue();
    }

    @Test
    void aRecordStampedAheadOfThisClockCountsAsFresh() {
        assertThat(eager(newThread()).afterJob(START + 60_000, START)).isTrue();
    }

    @Test
    void theTasksOfOneThreadShareTheSpacing() {
        long[] thread = newThread();
        EagerCommits first = eager(thread);
        EagerCommits second = eager(thread);

        assertThat(first.afterJob(START, START)).isTrue();
        assertThat(second.afterJob(START, START + 4)).isFalse();
        assertThat(eager(newThread()).afterJob(START, START + 4)).as("another thread's task").isTrue();
        assertThat(second.afterJob(START + 12, START + 12)).isTrue();
    }

    @Test
    void aClockThatSteppedBackDoesNotHoldRequestsBack() {
        EagerCommits eager = eager(newThread());

        assertThat(eager.afterJob(START, START)).isTrue();
        assertThat(eager.afterJob(START - 60_000, START - 60_000)).isTrue();
    }

    @Test
    void aBusyHostGetsNoEagerCommit() {
        double[] load = {0.95};
        EagerCommits eager = new EagerCommits(10, 250, 0.8, at -> load[0], 1.0, at -> 1.0, newThread());

        assertThat(eager.afterJob(START, START)).isFalse();
        load[0] = 0.3;
        assertThat(eager.afterJob(START + 1, START + 1)).isTrue();
    }

    @Test
    void aBusyStreamThreadGetsNoEagerCommitWhateverTheHost() {
        double[] threadLoad = {0.8};
        EagerCommits eager = new EagerCommits(10, 250, 1.0, at -> 0.1, 0.5, at -> threadLoad[0], newThread());

        assertThat(eager.afterJob(START, START)).as("a thread using 80% of a core, on an idle host").isFalse();
        threadLoad[0] = 0.2;
        assertThat(eager.afterJob(START + 1, START + 1)).as("the same thread at 20%").isTrue();
    }

    @Test
    void aThreadsLoadIsItsCpuTimeOverTheLastSecond() {
        EagerCommits.ThreadCpu cpu = new EagerCommits.ThreadCpu();
        assertThat(cpu.load(START)).as("unknown before a second sample").isNegative();
        long spent = spin(50);
        double load = cpu.load(START + 1_000);
        assertThat(load).as("at least the %d ms of CPU spun, in a second", spent / 1_000_000)
            .isGreaterThanOrEqualTo(spent / 1e9 * 0.9);
        assertThat(cpu.load(START + 1_500)).as("kept until the next second").isEqualTo(load);
        assertThat(cpu.load(START + 2_000)).as("a new sample after a second without spinning").isLessThan(load);
    }

    /** Keeps this thread busy for about {@code ms} milliseconds of its CPU time; returns the nanoseconds spent. */
    private static long spin(long ms) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < ms * 1_000_000) {
            x += System.nanoTime() % 7;
        }
        assertThat(x).as("the work was done").isGreaterThanOrEqualTo(0);
        return threads.getCurrentThreadCpuTime() - start;
    }

    @Test
    void anUnknownLoadDoesNotLimit() {
        assertThat(new EagerCommits(10, 250, 0.8, at -> -1, 0.5, at -> -1, newThread()).afterJob(START, START))
            .as("neither the host's nor the thread's load is known").isTrue();
    }

    @Test
    void zeroTurnsThemOff() {
        EagerCommits eager = new EagerCommits(0, 250, 1.0, at -> 0, 1.0, at -> 0, newThread());

        assertThat(eager.afterJob(START, START)).isFalse();
        assertThat(eager.afterJob(START + 1_000, START + 1_000)).isFalse();
    }

    @Test
    void theExecutorCountsTheCommitsItAsksFor() {
        try (ReactorDriver reactor = new ReactorDriver("eager", START, new DocumentModelRegistry(),
            Map.of(ReactorConfig.COMMIT_EAGER_INTERVAL_MS, 10L, ReactorConfig.COMMIT_EAGER_MAX_WAIT_MS, 250L,
                ReactorConfig.COMMIT_EAGER_MAX_CPU_LOAD, 1.0, ReactorConfig.COMMIT_EAGER_MAX_THREAD_LOAD, 1.0))) {
            // The driver's wall clock (ProcessorContext#currentSystemTimeMs) starts at its creation and moves
            // only when advanced: a record stamped now waited no time.
            long now = System.currentTimeMillis();
            assertThat(reactor.submitAt(ReactorDriver.create("d1", "json"), now).getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertThat(commitsRequested(reactor)).isEqualTo(1.0);

            // Within the spacing: left to the next request.
            assertThat(reactor.submitAt(ReactorDriver.create("d2", "json"), now).getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertThat(commitsRequested(reactor)).isEqualTo(1.0);
            reactor.advanceWallClock(Duration.ofMillis(10));
            assertThat(reactor.submitAt(ReactorDriver.create("d3", "json"), now).getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertThat(commitsRequested(reactor)).isEqualTo(2.0);

            // A job that waited ten seconds on the queue: a backlog, left to commit.interval.ms.
            reactor.advanceWallClock(Duration.ofMillis(20));
            assertThat(reactor.submitAt(ReactorDriver.create("d4", "json"), now - 10_000).getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertThat(commitsRequested(reactor)).isEqualTo(2.0);
        }
    }

    private static long[] newThread() {
        return new long[] {Long.MIN_VALUE / 2};
    }

    private static EagerCommits eager(long[] thread) {
        return new EagerCommits(10, 250, 1.0, at -> 1.0, 1.0, at -> 1.0, thread);
    }

    private static double commitsRequested(ReactorDriver reactor) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<MetricName, ? extends Metric> metric : reactor.driver.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.group().equals(ReactorMetrics.GROUP) && name.name().equals("commits-requested-total")) {
                sum += ((Number) metric.getValue().metricValue()).doubleValue();
                found = true;
            }
        }
        assertThat(found).as("a commits-requested-total metric").isTrue();
        return sum;
    }
}
