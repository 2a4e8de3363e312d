package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Liveness, readiness and the legacy /health, over HTTP, for every Kafka Streams state. */
class HealthResourceTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeBackend backend;
    private ApiServer server;

    private static final String READER_TOKEN = "reader-token-of-the-health-test";

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        backend = new FakeBackend();
        Path principals = dir.resolve("principals");
        Files.writeString(principals, "token " + PrincipalsFile.hash(READER_TOKEN) + " reader read\n");
        // Authenticated API: the probes must stay open to the kubelet, which presents no token.
        server = new ApiServer(backend, new ReactorConfig(Map.of(ReactorConfig.HTTP_PORT, "0",
            ReactorConfig.HTTP_AUTHENTICATION, "token", ReactorConfig.HTTP_AUTH_PRINCIPALS_FILE, principals.toString()))).start();
    }

    @AfterEach
    void stopServer() {
        backend.release();
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> read(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + READER_TOKEN).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}, local stores {1}: live {2}, ready {3}, /health {4}")
    @CsvSource({
        "NOT_STARTED,    false, 200, 503, 503",
        "CREATED,        false, 200, 503, 503",
        "REBALANCING,    true,  200, 200, 503",
        "REBALANCING,    false, 200, 503, 503",
        "RUNNING,        true,  200, 200, 200",
        "PENDING_ERROR,  true,  503, 503, 503",
        "ERROR,          true,  503, 503, 503",
        "NOT_RUNNING,    false, 503, 503, 503",
    })
    void shouldAnswerEachProbeAsKubernetesMeansIt(String state, boolean localStores, int live, int ready, int health) throws Exception {
        backend.streams(state, localStores);
        assertThat(get("/health/live").statusCode()).as("liveness while %s", state).isEqualTo(live);
        assertThat(get("/health/ready").statusCode()).as("readiness while %s, local stores %s", state, localStores).isEqualTo(ready);
        assertThat(get("/health").statusCode()).as("legacy /health (RUNNING only) while %s", state).isEqualTo(health);
    }

    @Test
    void shouldSayStateLivenessAndReadinessInTheBody() throws Exception {
        backend.streams("REBALANCING", true);
        HttpResponse<String> response = get("/health");
        assertThat(response.body()).as("legacy /health body while a rebalance is served from local stores")
            .contains("\"status\":\"DOWN\"").contains("\"streams\":\"REBALANCING\"")
            .contains("\"live\":true").contains("\"ready\":true");
    }

    @Test
    void shouldKeepOtherRoutesClosedWhileProbesAreOpen() throws Exception {
        assertThat(get("/metrics").statusCode()).as("metrics need a caller with the operate role").isEqualTo(401);
    }

    @Test
    void shouldPassTheStaleOptInToTheBackend() throws Exception {
        assertThat(read("/documents/doc-1").statusCode()).as("the fake hosts no document").isEqualTo(404);
        assertThat(backend.lastStaleAllowed).as("a plain read asks for the active store").isFalse();
        read("/documents/doc-1?stale=true");
        assertThat(backend.lastStaleAllowed).as("?stale=true allows standby or restoring stores").isTrue();
    }
}
