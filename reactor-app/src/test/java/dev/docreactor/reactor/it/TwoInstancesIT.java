package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.it.ReactorFixture.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of one reactor share the partitions, and each answers queries for every document and
 * lists them all.
 */
class TwoInstancesIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    @Test
    void shouldAnswerQueriesForDocumentsHostedByTheOtherInstance() throws Exception {
        Reactor first = ReactorFixture.start(KAFKA.bootstrapServers(), "pair", Files.createTempDirectory("pair-1"), Map.of());
        Reactor second = ReactorFixture.start(KAFKA.bootstrapServers(), "pair", Files.createTempDirectory("pair-2"), Map.of());
        try {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                first.streams().state() == KafkaStreams.State.RUNNING && second.streams().state() == KafkaStreams.State.RUNNING
                    && !first.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
                    && !second.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty());

            List<String> ids = IntStream.range(0, 12).mapToObj(i -> "shared-" + i).toList();
            for (String id : ids) {
                Response created = post(first, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}");
                assertThat(created.status()).as("create %s: %s", id, created.body()).isEqualTo(201);
            }
            long hostedElsewhere = ids.stream().filter(id -> first.remoteOwnerOfDocument(id).isPresent()).count();
            assertThat(hostedElsewhere).as("some documents live on the second instance").isBetween(1L, 11L);

            for (String id : ids) {
                for (Reactor instance : List.of(first, second)) {
                    Response doc = get(instance, "/documents/" + id);
                    assertThat(doc.status()).as("document %s through port %s", id, instance.httpPort()).isEqualTo(200);
                    assertThat(doc.body().get("id").asText()).as("the right document").isEqualTo(id);
                    assertThat(doc.body().get("type").asText()).as("its type").isEqualTo("json");
                }
            }

            for (Reactor instance : List.of(first, second)) {
                Response firstPage = get(instance, "/documents?limit=7");
                assertThat(firstPage.body().path("documents").findValuesAsText("id")).as("first page through port %s: %s",
                    instance.httpPort(), firstPage.body()).hasSize(7);
                assertThat(firstPage.body().has("unreachable")).as("both instances answered").isFalse();
                Response secondPage = get(instance, "/documents?limit=7&after=" + firstPage.body().path("next").asText());
                List<String> listed = new java.util.ArrayList<>(firstPage.body().path("documents").findValuesAsText("id"));
                listed.addAll(secondPage.body().path("documents").findValuesAsText("id"));
                assertThat(listed).as("two pages through port %s list every document of both instances once, in order", instance.httpPort())
                    .containsExactlyElementsOf(ids.stream().sorted().toList());
                assertThat(secondPage.body().has("next")).as("the second page is the last").isFalse();
            }
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void shouldServeStaleReadsFromTheStandbyOfTheOtherInstancesDocuments() throws Exception {
        Map<String, String> standby = Map.of("streams.num.standby.replicas", "1");
        Reactor first = ReactorFixture.start(KAFKA.bootstrapServers(), "stale", Files.createTempDirectory("stale-1"), standby);
        Reactor second = ReactorFixture.start(KAFKA.bootstrapServers(), "stale", Files.createTempDirectory("stale-2"), standby);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                first.streams().state() == KafkaStreams.State.RUNNING && second.streams().state() == KafkaStreams.State.RUNNING
                    && !first.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
                    && !first.streams().metadataForLocalThreads().iterator().next().standbyTasks().isEmpty());
            List<String> ids = IntStream.range(0, 12).mapToObj(i -> "stale-" + i).toList();
            for (String id : ids) {
                assertThat(post(first, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}").status())
                    .as("create %s", id).isEqualTo(201);
            }
            List<String> elsewhere = ids.stream().filter(id -> first.remoteOwnerOfDocument(id).isPresent()).toList();
            assertThat(elsewhere).as("some documents are active on the second instance").isNotEmpty();
            for (String id : elsewhere) {
                assertThat(first.remoteOwnerOfDocument(id, true)).as("%s: with stale reads allowed, the standby here answers", id)
                    .isEmpty();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(first.localDocument(id, "main", true)).as("%s read from the standby store of the first instance", id)
                        .isPresent());
                Response patched = post(first, "/documents/" + id + "/actions?wait=true",
                    "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/k\",\"value\":\"" + id + "\"}]}]}");
                assertThat(patched.status()).as("patch %s: %s", id, patched.body()).isEqualTo(200);
                JsonNode expected = ReactorFixture.MAPPER.createObjectNode().put("k", id);
                // The standby catches up with the patch: its state, rebuilt from its own stores, with its hash.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Response stale = get(first, "/documents/" + id + "?stale=true");
                    assertThat(stale.status()).as("GET %s?stale=true served by the first instance: %s", id, stale.body()).isEqualTo(200);
                    assertThat(stale.body().get("id").asText()).as("the right document").isEqualTo(id);
                    assertThat(stale.body().at("/state/global")).as("%s: the patched state from the standby", id).isEqualTo(expected);
                    assertThat(stale.body().at("/hash/global").asText()).as("%s: its hash", id)
                        .isEqualTo(ReactorFixture.stateHash(expected));
                });
            }
            assertThat(get(first, "/health/ready").status()).as("ready while RUNNING").isEqualTo(200);
            assertThat(get(first, "/health/live").status()).as("live while RUNNING").isEqualTo(200);
        } finally {
            second.close();
            first.close();
        }
    }
}
