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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retried submissions with an {@code Idempotency-Key} on two instances of one reactor and a real broker:
 * whether the retry comes after the first attempt completed, concurrently with it, through the other
 * instance, or after the instance that ran it is gone, the actions are applied once and every answer
 * carries the first job's id.
 */
class IdempotentSubmissionIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Reactor first;
    private static Reactor second;

    @BeforeAll
    static void startInstances() throws Exception {
        first = ReactorFixture.start(KAFKA.bootstrapServers(), "idem", Files.createTempDirectory("idem-1"), Map.of());
        second = ReactorFixture.start(KAFKA.bootstrapServers(), "idem", Files.createTempDirectory("idem-2"), Map.of());
        awaitBothActive(first, second);
    }

    @AfterAll
    static void stopInstances() {
        for (Reactor instance : new Reactor[] {second, first}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void shouldApplyARetryAfterTheFirstAttemptCompletedOnceAndAnswerWithTheFirstJob() {
        createList("sequential");
        String body = append("milk");

        Response attempt = post(first, "/documents/sequential/actions?wait=true", body, "retry-1");
        Response retryElsewhere = post(second, "/documents/sequential/actions?wait=true", body, "retry-1");
        Response retryAsync = post(first, "/documents/sequential/actions", body, "retry-1");

        assertThat(attempt.status()).as("first attempt: %s", attempt.body()).isEqualTo(200);
        String jobId = attempt.body().get("jobId").asText();
        assertThat(retryElsewhere.status()).as("retry through the other instance: %s", retryElsewhere.body()).isEqualTo(200);
        assertThat(retryElsewhere.body()).as("the retry's answer is the first attempt's, job id and operations").isEqualTo(attempt.body());
        assertThat(retryAsync.status()).as("retry without waiting").isEqualTo(202);
        String retryJobId = retryAsync.body().get("jobId").asText();
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(first, "/jobs/" + retryJobId).body().path("jobId").asText())
            .as("the retry's job maps to the first job").isEqualTo(jobId));
        assertThat(items("sequential")).as("applied once").containsExactly("milk");
    }

    @Test
    void shouldApplyConcurrentCopiesOfEachRequestOnce() throws Exception {
        createList("concurrent");
        List<String> keys = List.of("c-1", "c-2", "c-3");
        int copies = 4;
        ExecutorService pool = Executors.newFixedThreadPool(keys.size() * copies);
        try {
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int copy = 0; copy < copies; copy++) {
                Reactor through = copy % 2 == 0 ? first : second;
                for (String key : keys) {
                    answers.add(CompletableFuture.supplyAsync(() ->
                        post(through, "/documents/concurrent/actions?wait=true", append("item-" + key), key), pool));
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                List<JsonNode> copiesOfKey = new ArrayList<>();
                for (int copy = 0; copy < copies; copy++) {
                    Response answer = answers.get(copy * keys.size() + k).get();
                    assertThat(answer.status()).as("copy %s of %s: %s", copy, keys.get(k), answer.body()).isEqualTo(200);
                    copiesOfKey.add(answer.body());
                }
                assertThat(copiesOfKey).extracting(body -> body.get("jobId").asText())
                    .as("every copy of %s answers with one job", keys.get(k)).containsOnly(copiesOfKey.get(0).get("jobId").asText());
                assertThat(copiesOfKey).extracting(body -> body.get("operations"))
                    .as("and with the same operations").containsOnly(copiesOfKey.get(0).get("operations"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(items("concurrent")).as("each request applied once").containsExactlyInAnyOrder("item-c-1", "item-c-2", "item-c-3");
    }

    @Test
    void shouldRefuseAKeyReusedForAnotherRequest() {
        createList("conflict");
        Response attempt = post(first, "/documents/conflict/actions?wait=true", append("milk"), "reused");
        Response other = post(second, "/documents/conflict/actions?wait=true", append("eggs"), "reused");

        assertThat(attempt.status()).as("first use: %s", attempt.body()).isEqualTo(200);
        assertThat(other.status()).as("the key with another body: %s", other.body()).isEqualTo(422);
        assertThat(other.body().path("error").asText()).as("the answer says why")
            .contains("'reused'").contains("different request");
        assertThat(items("conflict")).as("only the first request applied").containsExactly("milk");
    }

    @Test
    void shouldCreateOneDocumentForARetriedKeyedCreation() {
        String body = "{\"type\":\"json\",\"initialState\":{\"global\":{\"n\":1}}}";
        Response attempt = post(first, "/documents?wait=true", body, "create-once");
        Response retry = post(second, "/documents?wait=true", body, "create-once");

        assertThat(attempt.status()).as("created: %s", attempt.body()).isEqualTo(201);
        assertThat(retry.status()).as("retry: %s (not 'already exists')", retry.body()).isEqualTo(201);
        assertThat(retry.body()).as("the same document and job").isEqualTo(attempt.body());
    }

    @Test
    void shouldAnswerARetryWithTheFirstJobAfterTheInstanceThatRanItIsGone() throws Exception {
        createList("handover");
        String body = append("milk");
        Response attempt = post(first, "/documents/handover/actions?wait=true", body, "handover-1");
        assertThat(attempt.status()).as("first attempt: %s", attempt.body()).isEqualTo(200);

        boolean onSecond = first.remoteOwnerOfDocument("handover").isPresent();
        Reactor owner = onSecond ? second : first;
        Reactor survivor = onSecond ? first : second;
        owner.close();
        // A fresh instance with an empty state directory: it can only know the key from the changelog.
        Reactor replacement = ReactorFixture.start(KAFKA.bootstrapServers(), "idem", Files.createTempDirectory("idem-3"), Map.of());
        if (onSecond) {
            second = replacement;
        } else {
            first = replacement;
        }
        awaitBothActive(survivor, replacement);

        for (Reactor through : List.of(survivor, replacement)) {
            Response retry = post(through, "/documents/handover/actions?wait=true", body, "handover-1");
            assertThat(retry.status()).as("retry after the handover: %s", retry.body()).isEqualTo(200);
            assertThat(retry.body()).as("answered with the first attempt's job and operations").isEqualTo(attempt.body());
        }
        assertThat(items("handover")).as("applied once").containsExactly("milk");
    }

    private static void awaitBothActive(Reactor one, Reactor other) {
        await().atMost(WAIT).until(() -> one.streams().state() == KafkaStreams.State.RUNNING
            && other.streams().state() == KafkaStreams.State.RUNNING
            && !one.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
            && !other.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty());
    }

    private static void createList(String id) {
        Response created = post(first, "/documents?wait=true",
            "{\"type\":\"json\",\"id\":\"" + id + "\",\"initialState\":{\"global\":{\"items\":[]}}}");
        assertThat(created.status()).as("create %s: %s", id, created.body()).isEqualTo(201);
    }

    /** Appends to the list: applied twice, it would show twice. */
    private static String append(String item) {
        return "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/items/-\",\"value\":\"" + item + "\"}]}]}";
    }

    private static List<String> items(String id) {
        Response doc = get(first, "/documents/" + id);
        assertThat(doc.status()).as("read %s: %s", id, doc.body()).isEqualTo(200);
        List<String> items = new ArrayList<>();
        doc.body().at("/state/global/items").forEach(item -> items.add(item.asText()));
        return items;
    }
}
