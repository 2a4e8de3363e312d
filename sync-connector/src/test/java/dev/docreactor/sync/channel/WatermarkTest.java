package dev.docreactor.sync.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read and delivered watermarks never claim more than was read or delivered. */
class WatermarkTest {

    @Test
    void shouldMoveTheReadWatermarkOnlyOnceEveryMeasuredEndWasReached() {
        ReadWatermark watermark = new ReadWatermark();
        watermark.read(Map.of(0, 5L, 1, 3L));
        assertThat(watermark.watermarkMs()).as("no measurement yet").isEqualTo(-1);

        watermark.measured(1_000, Map.of(0, 5L, 1, 7L));
        assertThat(watermark.watermarkMs()).as("partition 1 still has records before the measured end").isEqualTo(-1);

        watermark.read(Map.of(1, 7L));
        assertThat(watermark.watermarkMs()).as("every end reached: the measurement's send time").isEqualTo(1_000);

        watermark.measured(2_000, Map.of(0, 9L, 1, 7L));
        assertThat(watermark.watermarkMs()).as("a newer measurement not reached yet keeps the old watermark").isEqualTo(1_000);
        watermark.measured(3_000, Map.of(0, 5L, 1, 7L));
        assertThat(watermark.watermarkMs()).as("an already reached measurement moves it at once").isEqualTo(3_000);
        watermark.measured(2_500, Map.of(0, 5L, 1, 7L));
        assertThat(watermark.watermarkMs()).as("never backwards").isEqualTo(3_000);
    }

    @Test
    void shouldHoldTheDeliveredWatermarkAtTheOldestAssignedPartition() {
        DeliveredWatermark watermark = new DeliveredWatermark();
        List<Integer> assigned = List.of(0, 1);
        watermark.delivered(0, 1_000);
        assertThat(watermark.watermarkMs(assigned)).as("partition 1 unknown").isEqualTo(-1);

        watermark.drained(assigned, 2_000);
        assertThat(watermark.watermarkMs(assigned)).as("a poll that found nothing drained both").isEqualTo(2_000);

        watermark.delivered(0, 5_000);
        assertThat(watermark.watermarkMs(assigned)).as("partition 1 holds it back").isEqualTo(2_000);
        watermark.delivered(1, 1_500);
        assertThat(watermark.watermarkMs(assigned)).as("an older record never moves a partition back").isEqualTo(2_000);

        assertThat(watermark.watermarkMs(List.of(0))).as("a revoked partition no longer counts").isEqualTo(5_000);
        assertThat(watermark.positions()).as("nor is it kept").containsOnlyKeys(0);
        assertThat(watermark.watermarkMs(List.of())).as("nothing assigned: unknown").isEqualTo(-1);
    }
}
