package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server under abuse, on a reactor without Kafka: slow clients, floods, oversized and deep bodies. */
class ApiServerTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(1000);
    private static final int THREADS = 2;
    private static final int QUEUE = 2;
    private static final int MAX_BODY = 4096;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeBackend backend;
    private ApiServer server;

    @BeforeEach
    void startServer() throws IOException {
        backend = new FakeBackend();
        server = new ApiServer(backend, new ReactorConfig(Map.of(
            ReactorConfig.HTTP_PORT, "0", ReactorConfig.HTTP_HOST, "127.0.0.1",
            ReactorConfig.HTTP_THREADS, Integer.toString(THREADS), ReactorConfig.HTTP_QUEUE_CAPACITY, Integer.toString(QUEUE),
            ReactorConfig.HTTP_READ_TIMEOUT_MS, Long.toString(READ_TIMEOUT.toMillis()), ReactorConfig.HTTP_IDLE_TIMEOUT_MS, "5000",
            ReactorConfig.WAIT_TIMEOUT_MS, "60000", ReactorConfig.MAX_JOB_BYTES, Integer.toString(MAX_BODY),
            ReactorConfig.MAX_ACTIONS_PER_JOB, "3", ReactorConfig.MAX_JSON_DEPTH, "5"))).start();
    }

    @AfterEach
    void stopServer() {
        backend.release();
        server.close();
    }

    @Test
    void shouldDisconnectClientThatStallsItsRequestLineWhileHealthKeepsAnswering() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setSoTimeout(10_000);
            long started = System.nanoTime();
            slow.getOutputStream().write("GET /mod".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            assertThat(get("/health").statusCode()).as("/health answers while a client stalls its request line").isEqualTo(200);

            InputStream in = slow.getInputStream();
            assertThat(in.read()).as("the stalled connection is closed by the server, without an answer").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("closed after the read timeout, not before")
                .isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100)).isLessThan(READ_TIMEOUT.plusSeconds(5));
        }
        assertThat(get("/health").statusCode()).as("/health still answers afterwards").isEqualTo(200);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenWorkersAndQueueAreFullWhileHealthAndMetricsAnswer() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
        for (int i = 0; i < THREADS + QUEUE; i++) {
            waits.add(client.sendAsync(post("/documents/busy-" + i + "/actions?wait=true",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":[]}]}"), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.waiting() == THREADS);

        // The queue fills as the waiting requests arrive; from then on every new request is turned away.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> rejected = client.send(HttpRequest.newBuilder(uri("/models")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(rejected.statusCode()).as("new work while all workers and the queue are taken").isEqualTo(503);
        });
        HttpResponse<String> rejected = get("/models");
        assertThat(rejected.statusCode()).as("still busy: 503").isEqualTo(503);
        assertThat(rejected.headers().firstValue("Retry-After")).as("503 says when to retry").hasValue("1");
        assertThat(RecordJson.mapper().readTree(rejected.body()).path("error").asText()).as("503 explains in JSON").contains("busy");

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).as("/health answers while every worker is busy").isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).as("/metrics answers while every worker is busy").isEqualTo(200);
        assertThat(metrics.body()).as("metrics text").contains("fake_total");
        assertThat(waits).as("the waiting requests are all still pending").noneMatch(CompletableFuture::isDone);

        backend.release();
        for (CompletableFuture<HttpResponse<String>> wait : waits) {
            assertThat(wait.get().statusCode()).as("a released wait ends with 504 (no result), not an error").isEqualTo(504);
        }
        assertThat(get("/models").statusCode()).as("work is served again once workers are free").isEqualTo(200);
    }

    @Test
    void shouldAnswer413ForDeclaredBodyOverMaxJobBytesWithoutWaitingForIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"type\":")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertThat(response.status()).as("413 before the declared 5 MB are sent").isEqualTo(413);
            assertThat(RecordJson.mapper().readTree(response.body()).path("error").asText()).as("413 names the limit")
                .contains("larger than " + MAX_BODY);
        }
    }

    @Test
    void shouldAnswer413ForChunkedBodyAsSoonAsItPassesMaxJobBytes() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            String chunk = "x".repeat(1000);
            for (int i = 0; i < 6; i++) {
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertThat(response.status()).as("413 once the unterminated chunked body passes the limit").isEqualTo(413);
        }
        assertThat(backend.submitted).as("nothing enqueued").isEmpty();
    }

    @Test
    void shouldAnswer408WhenBodyStallsPastReadTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\""
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertThat(response.status()).as("a body that stops arriving gets 408").isEqualTo(408);
            assertThat(RecordJson.mapper().readTree(response.body()).path("error").asText()).as("408 names the timeout")
                .contains("http.read.timeout.ms");
        }
    }

    @Test
    void shouldReject422TooManyActionsAndTooDeepInputsBeforeEnqueueing() throws Exception {
        HttpResponse<String> tooMany = client.send(post("/documents/d/actions",
            "{\"actions\":[{\"type\":\"A\"},{\"type\":\"B\"},{\"type\":\"C\"},{\"type\":\"D\"}]}"), HttpResponse.BodyHandlers.ofString());
        assertThat(tooMany.statusCode()).as("4 actions over a limit of 3").isEqualTo(422);
        assertThat(RecordJson.mapper().readTree(tooMany.body()).path("error").asText()).as("the reason names the limit")
            .contains("too many actions").contains("at most 3");

        HttpResponse<String> deepInput = client.send(post("/documents/d/actions",
            "{\"actions\":[{\"type\":\"A\",\"input\":[[[[[[1]]]]]]}]}"), HttpResponse.BodyHandlers.ofString());
        assertThat(deepInput.statusCode()).as("input nested 6 deep over a limit of 5").isEqualTo(422);
        assertThat(RecordJson.mapper().readTree(deepInput.body()).path("error").asText()).as("the reason names the input")
            .contains("actions[0].input").contains("deeper than 5");

        HttpResponse<String> deepState = client.send(post("/documents",
            "{\"type\":\"json\",\"initialState\":{\"global\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}}}"), HttpResponse.BodyHandlers.ofString());
        assertThat(deepState.statusCode()).as("initial state nested 6 deep over a limit of 5").isEqualTo(422);
        assertThat(RecordJson.mapper().readTree(deepState.body()).path("error").asText()).as("the reason names the scope")
            .contains("initialState.global");

        HttpResponse<String> fits = client.send(post("/documents/d/actions",
            "{\"actions\":[{\"type\":\"A\",\"input\":[[[[1]]]]},{\"type\":\"B\"},{\"type\":\"C\"}]}"), HttpResponse.BodyHandlers.ofString());
        assertThat(fits.statusCode()).as("3 actions nested 4 deep are within the limits").isEqualTo(202);
        assertThat(backend.submitted).as("only the job within the limits was enqueued").hasSize(1);
    }

    @Test
    void shouldReportReplicationFromARemoteAsOkStalledOrUnknownFromItsHeartbeats() throws Exception {
        backend.replicationWatermarks.put("b", System.currentTimeMillis() - 2_000);
        backend.replicationWatermarks.put("c", System.currentTimeMillis() - 60_000);
        com.fasterxml.jackson.databind.JsonNode b = RecordJson.mapper().readTree(get("/sync/b").body());
        assertThat(b.path("status").asText()).as("b's heartbeats are 2 s old").isEqualTo("OK");
        assertThat(b.path("lagMs").asLong()).as("b's lag").isBetween(2_000L, 30_000L);
        assertThat(RecordJson.mapper().readTree(get("/sync/c").body()).path("status").asText())
            .as("c's newest heartbeat is a minute old").isEqualTo("STALLED");
        assertThat(RecordJson.mapper().readTree(get("/sync/b?stalledAfterMs=1000").body()).path("status").asText())
            .as("the caller's threshold").isEqualTo("STALLED");
        assertThat(RecordJson.mapper().readTree(get("/sync/d").body()).path("status").asText())
            .as("no heartbeat from d ever").isEqualTo("UNKNOWN");
        assertThat(get("/sync/not%20an%20id").statusCode()).as("not a reactor id").isEqualTo(400);
        assertThat(RecordJson.mapper().readTree(get("/documents/doc-1/sync?remote=c").body()).at("/replication/status").asText())
            .as("the document sync status includes the replication").isEqualTo("STALLED");
    }

    @Test
    void shouldKeepWaitingForARemoteWhileARebalanceMakesTheAcknowledgementsUnreadable() throws Exception {
        backend.jobResults.put("job-1", dev.docreactor.schema.JobResult.newBuilder().setJobId("job-1").setDocumentId("doc-1")
            .setStatus(dev.docreactor.schema.JobStatus.COMPLETED).setOperations(List.of(dev.docreactor.schema.OperationRef.newBuilder()
                .setId("op-1").setScope("global").setIndex(0L).setHash("h").build())).setCompletedUtcMs(0L).build());
        backend.syncAcks.put("op-1", "applied");
        backend.syncReadsUnavailable.set(3);
        HttpResponse<String> waited = get("/jobs/job-1/sync?remote=b&wait=true");
        assertThat(waited.statusCode()).as("a waiting caller outlasts a short rebalance: %s", waited.body()).isEqualTo(200);
        assertThat(RecordJson.mapper().readTree(waited.body()).path("status").asText()).as("then sees the ack").isEqualTo("APPLIED");
        assertThat(backend.syncReadsUnavailable.get()).as("the unreadable moments were met and outlasted").isZero();

        backend.syncReadsUnavailable.set(1);
        assertThat(get("/jobs/job-1/sync?remote=b").statusCode()).as("a caller that does not wait hears about it at once")
            .isEqualTo(503);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
