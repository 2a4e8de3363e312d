package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hybrid logical clock keeps causal order whatever the wall clocks say. */
class HybridLogicalClockTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void shouldFollowTheWallClockWhenItIsAhead() {
        long clock = HybridLogicalClock.tick(HybridLogicalClock.pack(NOW - 5, 3), NOW);
        assertThat(HybridLogicalClock.physicalMillis(clock)).as("physical part is the wall clock").isEqualTo(NOW);
        assertThat(HybridLogicalClock.logical(clock)).as("logical part restarts").isZero();
    }

    @Test
    void shouldCountLogicallyWhenTheWallClockStandsStillOrStepsBack() {
        long first = HybridLogicalClock.tick(0, NOW);
        long second = HybridLogicalClock.tick(first, NOW);
        long third = HybridLogicalClock.tick(second, NOW - 60_000);
        assertThat(List.of(first, second, third)).as("one origin's clocks strictly increase").isSorted()
                .doesNotHaveDuplicates();
        assertThat(HybridLogicalClock.logical(third)).as("logical counter").isEqualTo(2);
    }

    @Test
    void shouldOrderAnOperationOfALaggingReactorAfterOneItHasSeen() {
        TestReactor ahead = new TestReactor("ahead", NOW);
        TestReactor behind = new TestReactor("behind", NOW - Duration.ofHours(1).toMillis());
        ahead.execute("d", TestReactor.create("c", "todo-list"), TestReactor.addTodo("a1", "global", "x"));
        behind.loadAllFrom(ahead, "d");

        MergeResult result = behind.execute("d", TestReactor.toggleTodo("b1", "global", "x"));

        assertThat(result.completed()).as("the toggle applies: %s", result.error()).isTrue();
        Operation seen = ahead.log("d", "global").get(0);
        Operation made = result.appended().get(0);
        assertThat(OperationKey.of(made).isAfter(OperationKey.of(seen)))
                .as("the lagging reactor's operation orders after the one it saw").isTrue();
        assertThat(HybridLogicalClock.physicalMillis(made.getClock()))
                .as("it continues from the clock it saw, an hour ahead of its own wall clock").isEqualTo(NOW);
        ahead.loadAllFrom(behind, "d");
        assertThat(ahead.effectiveIds("d", "global")).as("the reactor ahead orders it last too")
                .containsExactly("ahead:a1", "behind:b1");
        assertThat(ahead.log("d", "global")).as("appended without a rebase").hasSize(2);
    }

    @Test
    void shouldObserveTheLargestClock() {
        assertThat(HybridLogicalClock.observe(5, 9)).as("a larger remote clock is taken").isEqualTo(9);
        assertThat(HybridLogicalClock.observe(9, 5)).as("a smaller remote clock is ignored").isEqualTo(9);
    }
}
