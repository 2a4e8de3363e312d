package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Smoke test of the repository's {@code docker-compose.yml}: brings it up with Testcontainers' Compose
 * support (images built from the jars of this build) and drives the README's compose walkthrough: write
 * on reactor {@code a}, write on {@code b}, both converge through the two connectors, both connectors
 * RUNNING. Skipped, with the reason, where no Docker engine answers (docs/TESTING.md).
 */
class ComposeWalkthroughIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String REACTOR_A = "http://localhost:8081";
    private static final String REACTOR_B = "http://localhost:8082";
    private static final String CONNECT = "http://localhost:8083";
    private static final Duration SYNC = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldConvergeBothReactorsThroughTheComposeWalkthrough() throws Exception {
        // In the test, not in @BeforeAll: a skipped test is reported with this reason; a skipped class is not.
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
            "No Docker engine answers: the compose smoke test needs one to build the images and run docker-compose.yml "
                + "(docs/TESTING.md)");
        for (String built : new String[] {"reactor-app/target/reactor-app.jar", "sync-connector/target/sync-connector-plugin.zip"}) {
            assertThat(ROOT.resolve(built)).as("%s, built by this reactor build before the quickstart module's ITs", built).exists();
        }
        try (ComposeContainer compose = new ComposeContainer(new File(ROOT.toFile(), "docker-compose.yml"))
                .withBuild(true)
                .withRemoveVolumes(true)
                .withStartupTimeout(Duration.ofMinutes(10))
                .waitingFor("reactor-a", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))
                .waitingFor("reactor-b", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))
                .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))) {
            compose.start();
            walkThrough();
        }
    }

    /** Steps 3 and 4 of the README's compose walkthrough. */
    private static void walkThrough() throws Exception {
        HttpResponse<String> created = post(REACTOR_A + "/documents?wait=true", "{\"type\":\"todo-list\",\"id\":\"groceries\"}");
        assertThat(created.statusCode()).as("document created on a: %s", created.body()).isEqualTo(201);

        // The document reaches b through sync-b-push; b's action needs it there first.
        await().atMost(SYNC).ignoreExceptions().until(() -> get(REACTOR_B + "/documents/groceries").statusCode() == 200);
        HttpResponse<String> added = post(REACTOR_B + "/documents/groceries/actions?wait=true",
            "{\"actions\":[{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"1\",\"text\":\"milk\"}}]}");
        assertThat(added.statusCode()).as("todo added on b: %s", added.body()).isEqualTo(200);

        await().atMost(SYNC).ignoreExceptions().untilAsserted(() -> {
            JsonNode onA = JSON.readTree(get(REACTOR_A + "/documents/groceries").body());
            JsonNode onB = JSON.readTree(get(REACTOR_B + "/documents/groceries").body());
            assertThat(onA.path("state").toString()).as("b's todo came back to a through sync-b-pull").contains("milk");
            assertThat(onA.path("hash")).as("a and b converge to the same hashes").isEqualTo(onB.path("hash"));
        });

        JsonNode connectors = JSON.readTree(get(CONNECT + "/connectors?expand=status").body());
        for (String name : new String[] {"sync-b-pull", "sync-b-push"}) {
            assertThat(connectors.path(name).path("status").path("connector").path("state").asText())
                .as("connector %s in %s", name, connectors).isEqualTo("RUNNING");
        }
    }

    private static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
