package dev.docreactor.sync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveSchedulePolicyTest {

    /** Batching asked for (100 operations) and at most 250 ms between empty pulls while the peer is active. */
    private static final SchedulerSettings SETTINGS = new SchedulerSettings(Duration.ZERO, Duration.ofSeconds(5), 2.0,
        Duration.ofSeconds(30), Duration.ofMillis(250), 100, 100_000, 1.0, 1_000);
    /** For latency: no batching, no pause between empty pulls while the peer is active. */
    private static final SchedulerSettings LATENCY = new SchedulerSettings(Duration.ZERO, Duration.ofSeconds(5), 2.0,
        Duration.ofSeconds(30), Duration.ZERO, 0, 100_000, 1.0, 1_000);

    private final AdaptiveSchedulePolicy policy = new AdaptiveSchedulePolicy(SETTINGS);

    @Test
    void shouldNeverPauseWhileOperationsFlowUnlessBatchesAreAskedFor() {
        AdaptiveSchedulePolicy latency = new AdaptiveSchedulePolicy(LATENCY);
        for (double rate : new double[] {1, 100, 1_000, 100_000}) {
            assertThat(latency.next(Observation.idle().withPoll(3, 0).withRate(rate, 200).withRoundTrip(Duration.ofMillis(80))
                    .withSincePeerActivity(Duration.ZERO)))
                .as("operations at %s/s and an 80 ms round trip: the next pull long-polls at once", rate).isZero();
        }
        assertThat(policy.next(Observation.idle().withPoll(3, 0).withRate(100, 200)))
            .as("with scheduler.target.batch.operations=100 at 100 ops/s: a second to fill the batch")
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldNotPauseAfterAnEmptyPullWhileThePeerIsActiveButBackOffOnceItIsIdle() {
        AdaptiveSchedulePolicy latency = new AdaptiveSchedulePolicy(LATENCY);
        for (int i = 0; i < 20; i++) {
            assertThat(latency.next(Observation.idle().withSincePeerActivity(Duration.ofSeconds(29))))
                .as("empty pull %s, peer wrote 29 s ago (window 30 s): long-poll again at once", i).isZero();
        }
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            Duration next = latency.next(Observation.idle().withSincePeerActivity(Duration.ofSeconds(31 + i))
                .withRoundTrip(Duration.ofMillis(120)));
            assertThat(next).as("idle pull %s: a pause of at least the 120 ms round trip, never shrinking", i)
                .isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(Duration.ofMillis(120));
            previous = next;
        }
        assertThat(previous).as("an idle peer is asked at most every scheduler.max.interval.ms").isEqualTo(Duration.ofSeconds(5));
        assertThat(latency.next(Observation.idle().withPoll(1, 0).withSincePeerActivity(Duration.ZERO)))
            .as("the first records after the silence end the back-off").isZero();
    }

    @Test
    void shouldPollAgainAtOnceWhileABacklogExists() {
        assertThat(policy.next(Observation.idle().withPoll(500, 10_000))).as("backlog").isZero();
    }

    @Test
    void shouldBackOffTowardsTheMaximumWhileIdle() {
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            Duration next = policy.next(Observation.idle());
            assertThat(next).as("idle poll %s never shrinks the wait", i).isGreaterThanOrEqualTo(previous);
            previous = next;
        }
        assertThat(previous).as("reaches the maximum").isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.currentInterval()).as("current interval is what was chosen").isEqualTo(previous);
    }

    @Test
    void shouldPollSoonerWhenThePeerPushedRecently() {
        for (int i = 0; i < 20; i++) {
            policy.next(Observation.idle());
        }
        Duration active = policy.next(Observation.idle().withSincePeerActivity(Duration.ofSeconds(1)));
        assertThat(active).as("capped while the peer is active").isEqualTo(Duration.ofMillis(250));
        Duration stale = policy.next(Observation.idle().withSincePeerActivity(Duration.ofMinutes(5)));
        assertThat(stale).as("an old activity does not count").isGreaterThan(Duration.ofMillis(250));
    }

    @Test
    void shouldWaitShorterForFasterOrBiggerOperations() {
        Duration slow = policy.next(Observation.idle().withPoll(10, 0).withRate(50, 100));
        Duration fast = policy.next(Observation.idle().withPoll(10, 0).withRate(500, 100));
        assertThat(slow).as("100 ops at 50/s: 2 s").isEqualTo(Duration.ofSeconds(2));
        assertThat(fast).as("faster rate fills a batch sooner").isEqualTo(Duration.ofMillis(200));
        Duration big = policy.next(Observation.idle().withPoll(10, 0).withRate(50, 10_000));
        assertThat(big).as("100 KB at 50 ops/s of 10 KB: 200 ms").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldNeverWaitLessThanTheRoundTripWithoutBacklog() {
        Duration wait = policy.next(Observation.idle().withPoll(10, 0).withRate(10_000, 100)
            .withRoundTrip(Duration.ofMillis(80)));
        assertThat(wait).as("fast rate but 80 ms round trip").isEqualTo(Duration.ofMillis(80));
        assertThat(policy.next(Observation.idle().withPoll(10, 5).withRoundTrip(Duration.ofMillis(80))))
            .as("a backlog still polls at once").isZero();
    }

    @Test
    void shouldSlowDownWhenTheLocalQueueLags() {
        assertThat(policy.next(Observation.idle().withPoll(500, 10_000).withLocalQueueLag(2_000)))
            .as("lag above the high mark: maximum, even with a backlog").isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.next(Observation.idle().withPoll(500, 10_000).withLocalQueueLag(750)))
            .as("between half and high: proportional").isEqualTo(Duration.ofMillis(2_500));
        assertThat(policy.next(Observation.idle().withPoll(500, 10_000).withLocalQueueLag(100)))
            .as("low lag: no brake").isZero();
        assertThat(policy.next(Observation.idle().withPoll(500, 10_000).withLocalQueueLag(-1)))
            .as("unknown lag: no brake").isZero();
    }

    @Test
    void shouldStayWithinTheConfiguredBounds() {
        AdaptiveSchedulePolicy bounded = new AdaptiveSchedulePolicy(new SchedulerSettings(Duration.ofMillis(100),
            Duration.ofMillis(400), 2.0, Duration.ofSeconds(30), Duration.ofMillis(250), 100, 100_000, 1.0, 1_000));
        assertThat(bounded.next(Observation.idle().withPoll(5, 100))).as("min").isEqualTo(Duration.ofMillis(100));
        for (int i = 0; i < 10; i++) {
            bounded.next(Observation.idle());
        }
        assertThat(bounded.currentInterval()).as("max").isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void shouldAverageRateAndSize() {
        RateTracker tracker = new RateTracker(1.0);
        tracker.record(0, 0, 0);
        tracker.record(100, 10_000, 1_000_000_000L);
        assertThat(tracker.ratePerSecond()).as("100 ops in 1 s").isEqualTo(100.0);
        assertThat(tracker.averageOperationBytes()).as("100 bytes each").isEqualTo(100.0);
    }
}
