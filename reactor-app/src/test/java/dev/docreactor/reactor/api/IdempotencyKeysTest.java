package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.schema.IdempotencyClaim;
import dev.docreactor.schema.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of idempotency keys, on a reactor without Kafka: where a key is read from, how it is
 * checked, what request hash and claim the job carries, and the id of a document created under a key.
 */
class IdempotencyKeysTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeBackend backend;
    private ApiServer server;

    @BeforeEach
    void startServer() throws IOException {
        backend = new FakeBackend();
        server = new ApiServer(backend, new ReactorConfig(Map.of(ReactorConfig.HTTP_PORT, "0",
            ReactorConfig.HTTP_HOST, "127.0.0.1"))).start();
    }

    @AfterEach
    void stopServer() {
        backend.release();
        server.close();
    }

    @Test
    void shouldCarryTheKeyOfTheHeaderAsAClaimOverAllActions() throws Exception {
        HttpResponse<String> response = post("/documents/d1/actions", "key-1",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]},{\"type\":\"PATCH\",\"input\":[]}]}");

        assertThat(response.statusCode()).as("accepted: %s", response.body()).isEqualTo(202);
        IdempotencyClaim claim = onlyClaim(backend.submitted.get(0));
        assertThat(claim.getKey()).as("key").isEqualTo("key-1");
        assertThat(claim.getFirstAction()).as("from the first action").isZero();
        assertThat(claim.getActionCount()).as("over both actions").isEqualTo(2);
        assertThat(claim.getRequestHash()).as("a SHA-256 in hex").hasSize(64);
    }

    @Test
    void shouldHashTheSameRequestAlikeWhereverTheKeyIsAndHoweverTheBodyIsSpelled() throws Exception {
        post("/documents/d1/actions", "key-1", "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}],\"branch\":\"main\"}");
        post("/documents/d1/actions", null, "{ \"branch\" : \"main\", \"idempotencyKey\":\"key-1\", \"actions\":[{\"input\":[],\"type\":\"PATCH\"}]}");
        post("/documents/d1/actions", "key-1", "{\"actions\":[{\"type\":\"PATCH\",\"input\":[1]}],\"branch\":\"main\"}");
        post("/documents/d2/actions", "key-1", "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}],\"branch\":\"main\"}");

        String header = onlyClaim(backend.submitted.get(0)).getRequestHash();
        assertThat(onlyClaim(backend.submitted.get(1)).getRequestHash()).as("key in the body, members reordered: same request")
            .isEqualTo(header);
        assertThat(onlyClaim(backend.submitted.get(2)).getRequestHash()).as("another input: another request").isNotEqualTo(header);
        assertThat(onlyClaim(backend.submitted.get(3)).getRequestHash()).as("another document: another request").isNotEqualTo(header);
    }

    @Test
    void shouldRefuseABadKeyOrTwoDifferentKeysWith400() throws Exception {
        HttpResponse<String> bad = post("/documents/d1/actions", "no spaces/or slashes",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}]}");
        HttpResponse<String> tooLong = post("/documents/d1/actions", "k".repeat(201), "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}]}");
        HttpResponse<String> twoKeys = post("/documents/d1/actions", "key-1",
            "{\"idempotencyKey\":\"key-2\",\"actions\":[{\"type\":\"PATCH\",\"input\":[]}]}");
        HttpResponse<String> notText = post("/documents/d1/actions", null,
            "{\"idempotencyKey\":7,\"actions\":[{\"type\":\"PATCH\",\"input\":[]}]}");

        assertThat(bad.statusCode()).as("a key outside the rule: %s", bad.body()).isEqualTo(400);
        assertThat(RecordJson.mapper().readTree(bad.body()).path("error").asText()).as("JSON error naming the rule")
            .contains("invalid idempotency key");
        assertThat(tooLong.statusCode()).as("a key of more than 200 characters").isEqualTo(400);
        assertThat(twoKeys.statusCode()).as("header and field disagree").isEqualTo(400);
        assertThat(RecordJson.mapper().readTree(twoKeys.body()).path("error").asText()).as("says so").contains("differ");
        assertThat(notText.statusCode()).as("a key that is not a string").isEqualTo(400);
        assertThat(backend.submitted).as("nothing enqueued").isEmpty();
    }

    @Test
    void shouldCreateTheSameDocumentOnEveryRetryOfAKeyedCreationWithoutId() throws Exception {
        HttpResponse<String> first = post("/documents", "create-1", "{\"type\":\"json\"}");
        HttpResponse<String> retry = post("/documents", "create-1", "{\"type\":\"json\"}");
        HttpResponse<String> unkeyed = post("/documents", null, "{\"type\":\"json\"}");

        assertThat(first.statusCode()).as("created: %s", first.body()).isEqualTo(201);
        String firstId = RecordJson.mapper().readTree(first.body()).path("id").asText();
        assertThat(RecordJson.mapper().readTree(retry.body()).path("id").asText()).as("the retry names the same document")
            .isEqualTo(firstId).isEqualTo(IdempotencyKeys.documentIdFor("create-1"));
        assertThat(RecordJson.mapper().readTree(unkeyed.body()).path("id").asText()).as("without a key, a fresh id")
            .isNotEqualTo(firstId);
        assertThat(onlyClaim(backend.submitted.get(1)).getRequestHash()).as("both attempts are the same request")
            .isEqualTo(onlyClaim(backend.submitted.get(0)).getRequestHash());
        assertThat(backend.submitted.get(2).getIdempotency()).as("no key, no claim").isEmpty();
    }

    private static IdempotencyClaim onlyClaim(Job job) {
        assertThat(job.getIdempotency()).as("claims of job %s", job.getJobId()).hasSize(1);
        return job.getIdempotency().get(0);
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header(ApiRequest.IDEMPOTENCY_KEY_HEADER, key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
