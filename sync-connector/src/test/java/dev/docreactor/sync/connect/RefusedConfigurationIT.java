package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configurations that would lose or reorder operations are refused by a real Connect worker's REST API, as
 * an operator submits them ({@code PUT /connectors/{name}/config}), with the fix in the message; the
 * connector is never created. The corrected configuration is accepted by the same worker.
 */
class RefusedConfigurationIT extends TwoClusterSyncITBase {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void topics() {
        createReactorTopics(KAFKA, LOCAL, "refa", 1);
        createReactorTopics(KAFKA, REMOTE, "refb", 1);
    }

    @Test
    void shouldRefusePushWithoutReadCommittedAndAcceptItOnceSet() throws Exception {
        Map<String, String> push = push();
        HttpResponse<String> refused = putConfig("refused-push", push);
        assertThat(refused.statusCode()).as("a push connector without read_committed is refused: %s", refused.body())
            .isEqualTo(400);
        assertThat(refused.body()).as("the message says why and what to set")
            .contains("aborted transactions")
            .contains("consumer.override.isolation.level=read_committed (now unset)");
        assertThat(get("/connectors/refused-push").statusCode()).as("the refused connector does not exist").isEqualTo(404);

        push.put(SyncConnectorConfig.PUSH_ISOLATION_LEVEL, "read_uncommitted");
        HttpResponse<String> uncommitted = putConfig("refused-push", push);
        assertThat(uncommitted.statusCode()).as("read_uncommitted is refused too: %s", uncommitted.body()).isEqualTo(400);
        assertThat(uncommitted.body()).as("the message names the value given").contains("(now 'read_uncommitted')");

        push.put(SyncConnectorConfig.PUSH_ISOLATION_LEVEL, "read_committed");
        HttpResponse<String> accepted = putConfig("refused-push", push);
        try {
            assertThat(accepted.statusCode()).as("the corrected configuration is accepted: %s", accepted.body())
                .isEqualTo(201);
        } finally {
            worker.deleteConnector("refused-push");
        }
    }

    @Test
    void shouldRefuseAScopeFilterWithoutTheLifecycleScopeNamingTheFix() throws Exception {
        Map<String, String> pull = pull();
        pull.put("filter.scopes", "global");
        HttpResponse<String> refused = putConfig("refused-pull", pull);
        assertThat(refused.statusCode()).as("a scope filter without 'document' is refused: %s", refused.body())
            .isEqualTo(400);
        assertThat(refused.body()).as("the message says what would happen and the corrected value")
            .contains("keep every synchronized operation pending")
            .contains("set filter.scopes=document,global");
        assertThat(get("/connectors/refused-pull").statusCode()).as("the refused connector does not exist").isEqualTo(404);

        pull.put("filter.scopes", "document,global");
        HttpResponse<String> accepted = putConfig("refused-pull", pull);
        try {
            assertThat(accepted.statusCode()).as("the corrected filter is accepted: %s", accepted.body()).isEqualTo(201);
        } finally {
            worker.deleteConnector("refused-pull");
        }
    }

    private static Map<String, String> push() {
        Map<String, String> push = new LinkedHashMap<>();
        push.put("connector.class", SyncSinkConnector.class.getName());
        push.put("tasks.max", "1");
        push.put("source.reactor.id", "refa");
        push.put("target.reactor.id", "refb");
        push.put("topics", dev.docreactor.contract.TopicNames.eventBus("refa"));
        push.put("target.bootstrap.servers", KAFKA.cluster(REMOTE).bootstrapServers());
        return push;
    }

    private static Map<String, String> pull() {
        Map<String, String> pull = new LinkedHashMap<>();
        pull.put("connector.class", SyncSourceConnector.class.getName());
        pull.put("tasks.max", "1");
        pull.put("source.reactor.id", "refb");
        pull.put("target.reactor.id", "refa");
        pull.put("source.bootstrap.servers", KAFKA.cluster(REMOTE).bootstrapServers());
        return pull;
    }

    private static HttpResponse<String> putConfig(String name, Map<String, String> config)
        throws IOException, InterruptedException {
        String json = config.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
        HttpRequest request = HttpRequest.newBuilder(worker.restUrl().resolve("/connectors/" + name + "/config"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(worker.restUrl().resolve(path)).timeout(Duration.ofSeconds(30)).GET()
            .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
