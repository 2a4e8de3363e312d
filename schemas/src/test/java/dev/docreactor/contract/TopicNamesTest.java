package dev.docreactor.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topic names derived from a reactor id, and reading a reactor id back from an event-bus name. */
class TopicNamesTest {

    @Test
    void shouldDeriveEveryNameFromTheReactorId() {
        assertThat(TopicNames.applicationId("a")).as("Kafka Streams application id").isEqualTo("reactor-a");
        assertThat(TopicNames.queue("a")).as("queue").isEqualTo("a.queue");
        assertThat(TopicNames.deadLetters("a")).as("dead-letter topic").isEqualTo("a.dlq");
        assertThat(TopicNames.jobResults("a")).as("job results").isEqualTo("a.job-results");
        assertThat(TopicNames.eventBus("a")).as("event bus").isEqualTo("reactor-a-operations-changelog");
        assertThat(TopicNames.changelog("a", "documents")).as("another store's changelog")
            .isEqualTo("reactor-a-documents-changelog");
        assertThat(TopicNames.internalTopicPrefix("a")).as("prefix of Kafka Streams' topics").isEqualTo("reactor-a-");
    }

    @Test
    void shouldNameTheEventBusAsTheOperationsStoreChangelog() {
        assertThat(TopicNames.eventBus("r-1.x")).as("event bus = operations store changelog")
            .isEqualTo(TopicNames.changelog("r-1.x", TopicNames.OPERATIONS_STORE))
            .startsWith(TopicNames.internalTopicPrefix("r-1.x"));
        assertThat(TopicNames.isChangelog(TopicNames.eventBus("r"))).as("the event bus is a changelog").isTrue();
        assertThat(TopicNames.isChangelog(TopicNames.queue("r"))).as("the queue is not").isFalse();
    }

    @Test
    void shouldReadTheReactorIdBackFromAnEventBusName() {
        for (String id : new String[] {"a", "b-2", "reactor-x", "x-operations-changelog", "a.b_c"}) {
            assertThat(TopicNames.eventBusReactorId(TopicNames.eventBus(id))).as("round trip of %s", id).contains(id);
        }
    }

    @Test
    void shouldFindNoReactorInOtherTopicNames() {
        assertThat(TopicNames.eventBusReactorId("reactor--operations-changelog")).as("empty id").isEmpty();
        assertThat(TopicNames.eventBusReactorId("reactor-operations-changelog")).as("no id").isEmpty();
        assertThat(TopicNames.eventBusReactorId("a.queue")).as("a queue").isEmpty();
        assertThat(TopicNames.eventBusReactorId("reactor-a-documents-changelog")).as("another changelog").isEmpty();
        assertThat(TopicNames.eventBusReactorId("mirror.reactor-a-operations-changelog")).as("a renamed copy").isEmpty();
    }
}
