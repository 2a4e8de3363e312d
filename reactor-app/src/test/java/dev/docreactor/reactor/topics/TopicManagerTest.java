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

    @Test
    void shouldRefuseATopicThatWouldDeleteRecordsSoonerThanPromisedSayingWhatToChange() {
        TopicSpec dlq = new TopicSpec("a.dlq", 6, false, "delete", "dead letters must all be kept until replayed", 0,
            TopicSpec.KEEP_FOREVER);
        assertThat(dlq.creationConfigs()).as("the dead-letter topic is created without time retention")
            .containsEntry("retention.ms", "-1");
        assertThat(TopicManager.retentionProblems(dlq, new ConfigEntry("retention.ms", "604800000")))
            .as("a dead-letter topic with the broker's 7 days").singleElement().asString()
            .contains("deletes records after 604800000 ms").contains("needs no time retention")
            .contains("--add-config retention.ms=-1");
        assertThat(TopicManager.retentionProblems(dlq, new ConfigEntry("retention.ms", "-1")))
            .as("kept forever").isEmpty();

        TopicSpec queue30d = new TopicSpec("a.queue", 6, false, "delete", "outage", 0, 30L * 86_400_000);
        assertThat(TopicManager.retentionProblems(queue30d, new ConfigEntry("retention.ms", "604800000")))
            .as("a queue keeping 7 days cannot survive a 30-day outage").singleElement().asString()
            .contains("needs at least 2592000000 ms");
        assertThat(TopicManager.retentionProblems(queue30d, new ConfigEntry("retention.ms", "2592000000")))
            .as("exactly the promise").isEmpty();
        assertThat(TopicManager.retentionProblems(queue, new ConfigEntry("retention.ms", "1000")))
            .as("no requirement, no problem").isEmpty();
    }
}
