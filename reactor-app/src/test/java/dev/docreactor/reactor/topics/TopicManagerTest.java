package dev.docreactor.reactor.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.topics.TopicManager.TopicSpec;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

/** What makes an existing topic incompatible, and how the message says it. */
class TopicManagerTest {

    private final TopicSpec queue = new TopicSpec("a.queue", 6, false, "delete", "the queue holds every job");
    private final TopicSpec bus = new TopicSpec("reactor-a-operations-changelog", 6, true, "compact", "co-partitioned");

    @Test
    void shouldAcceptMatchingTopics() {
        assertThat(TopicManager.problems(queue, 3, "delete")).as("any partition count for the queue").isEmpty();
        assertThat(TopicManager.problems(bus, 6, "compact")).as("event bus as expected").isEmpty();
        assertThat(TopicManager.problems(bus, 6, "compact,delete")).as("compact plus delete still compacts").isEmpty();
    }

    @Test
    void shouldRejectCompactedQueueSayingWhatToChange() {
        assertThat(TopicManager.problems(queue, 6, "compact")).as("compacted queue")
            .singleElement().asString().contains("has cleanup.policy=compact but needs delete").contains("kafka-configs");
        assertThat(TopicManager.problems(queue, 6, "delete,compact")).as("queue that is also compacted")
            .singleElement().asString().contains("must not be compacted");
    }

    @Test
    void shouldRejectEventBusWithOtherPartitionCount() {
        assertThat(TopicManager.problems(bus, 3, "compact")).as("event bus partitions")
            .singleElement().asString().contains("has 3 partitions but needs 6");
    }

    @Test
    void shouldRejectATopicThatWouldRefuseTheLargestRecordSayingWhatToChange() {
        TopicSpec sized = new TopicSpec("a.dlq", 6, false, "delete", "dead letters", 700_000);
        assertThat(TopicManager.sizeProblems(sized, new ConfigEntry("max.message.bytes", "1048588")))
            .as("the broker default accepts 700,000 bytes").isEmpty();
        assertThat(TopicManager.sizeProblems(sized, new ConfigEntry("max.message.bytes", "100000")))
            .as("a topic capped at 100,000 bytes").singleElement().asString()
            .contains("accepts records of at most 100000 bytes").contains("--add-config max.message.bytes=700000");
        assertThat(TopicManager.sizeProblems(queue, new ConfigEntry("max.message.bytes", "1")))
            .as("no requirement, no problem").isEmpty();
        assertThat(sized.creationConfigs()).as("created with the size it needs")
            .containsEntry("max.message.bytes", "700000").containsEntry("cleanup.policy", "delete");
    }
}
