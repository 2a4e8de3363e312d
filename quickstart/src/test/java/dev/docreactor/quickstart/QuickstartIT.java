package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quickstart end to end: two real clusters, two reactors, the sync connector in ping-pong on a real
 * Connect worker. Concurrent writes on both sides converge, and waiting for sync returns once the remote
 * applied the job.
 */
class QuickstartIT {

    private static Quickstart quickstart;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("quickstart-it");
        quickstart = Quickstart.start(new Quickstart.Settings(dataDir, 0, 0, 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        if (quickstart != null) {
            quickstart.close();
        }
    }

    @Test
    void shouldConvergeAfterConcurrentWritesOnBothReactors() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Outcome outcome = new Demo(quickstart.reactorA().httpPort(), quickstart.reactorB().httpPort(),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run("it-doc", 4, Duration.ofSeconds(120));

        assertThat(outcome.converged()).as("converged; demo printed:%n%s", printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(outcome.hashA()).as("same state hash on both reactors").isEqualTo(outcome.hashB());
        assertThat(outcome.todos()).as("every action from both sides applied once").isEqualTo(8);
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("wait-for-sync reported the remote applied the job")
            .contains("Reactor b applied reactor a's last job: APPLIED");
    }

    @Test
    void shouldReportSyncStatusOfAJobPerRemote() {
        ReactorClient a = new ReactorClient(quickstart.reactorA().httpPort());
        assertThat(a.post("/documents?wait=true", "{\"type\":\"json\",\"id\":\"sync-status\"}").status()).as("create").isEqualTo(201);
        ReactorClient.Response applied = a.post("/documents/sync-status/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]}]}");
        String jobId = applied.body().get("jobId").asText();

        ReactorClient.Response synced = a.get("/jobs/" + jobId + "/sync?remote=b&wait=true");
        assertThat(synced.status()).as("wait-for-sync answers: %s", synced.body()).isEqualTo(200);
        assertThat(synced.body().get("status").asText()).as("applied by b").isEqualTo("APPLIED");
        assertThat(synced.body().get("operations").elements().next().asText()).as("per operation").isEqualTo("applied");

        // Without ?wait a read during a rebalance answers 503 "retry shortly": ask again, as a client would.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            ReactorClient.Response perDocument = a.get("/documents/sync-status/sync?remote=b");
            assertThat(perDocument.status()).as("per remote and document: %s", perDocument.body()).isEqualTo(200);
            assertThat(perDocument.body().get("applied").asInt()).as("creation and action applied by b").isEqualTo(2);
            assertThat(perDocument.body().get("pending").asInt()).as("nothing pending").isZero();
            assertThat(perDocument.body().get("failed").asInt()).as("nothing failed").isZero();
        });

        ReactorClient.Response unknownRemote = a.get("/jobs/" + jobId + "/sync?remote=nobody");
        assertThat(unknownRemote.body().get("status").asText()).as("a remote that never acknowledged").isEqualTo("PENDING");
        assertThat(unknownRemote.body().at("/replication/status").asText()).as("no channel from 'nobody'").isEqualTo("UNKNOWN");

        // End to end through both reactors and both connectors (pull b -> a, push a -> b): heartbeats reach
        // each reactor every second, idle or not.
        ReactorClient b = new ReactorClient(quickstart.reactorB().httpPort());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String[] direction : new String[][] {{"a", "b"}, {"b", "a"}}) {
                ReactorClient.Response replication = ("a".equals(direction[0]) ? a : b).get("/sync/" + direction[1]);
                assertThat(replication.body().get("status").asText()).as("at %s, replication from %s: %s", direction[0],
                    direction[1], replication.body()).isEqualTo("OK");
                assertThat(replication.body().get("lagMs").asLong()).as("lag while idle").isLessThan(5_000L);
            }
        });
    }
}
