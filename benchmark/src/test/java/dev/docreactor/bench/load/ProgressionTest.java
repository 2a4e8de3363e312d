package dev.docreactor.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressionTest {

    @Test
    void shouldCountAndRestartItsSpan() {
        Progression p = new Progression();
        p.add(5);
        p.add(0);
        p.add(3);
        assertThat(p.value()).as("sum of increments, zero ignored").isEqualTo(8);
        long before = p.lastNanos();
        p.restartSpan();
        p.add(2);
        assertThat(p.firstNanos()).as("a restarted span begins at the next increment").isGreaterThanOrEqualTo(before);
        assertThat(p.value()).as("the count keeps growing across spans").isEqualTo(10);
    }

    @Test
    void shouldTimeOutWaitingForACountNeverReached() {
        Progression p = new Progression();
        p.add(1);
        assertThatThrownBy(() -> p.awaitAtLeast(2, Duration.ofMillis(50))).as("waiting for more than arrives")
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 2");
    }
}
