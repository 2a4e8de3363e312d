package dev.docreactor.reactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.api.ApiRequest;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.StateTree;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

import static org.awaitility.Awaitility.await;

/** Starts reactors against a test cluster and talks to their HTTP API. */
public final class ReactorFixture {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ReactorFixture() {
    }

    /** Starts a reactor on {@code bootstrap} with a free HTTP port and waits until it is RUNNING. */
    public static Reactor start(String bootstrap, String reactorId, Path stateDir, Map<String, String> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ReactorConfig.REACTOR_ID, reactorId);
        props.put(ReactorConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(ReactorConfig.HTTP_PORT, 0);
        props.put(ReactorConfig.HTTP_HOST, "127.0.0.1");
        props.put(ReactorConfig.STATE_DIR, stateDir.toString());
        props.put(ReactorConfig.TOPIC_PARTITIONS, 3);
        props.put("streams.num.stream.threads", "1");
        props.put("streams.consumer.session.timeout.ms", "10000");
        props.put("streams.consumer.heartbeat.interval.ms", "1000");
        props.putAll(extra);
        Reactor reactor = new Reactor(new ReactorConfig(props), new DocumentModelRegistry()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> reactor.streams().state() == KafkaStreams.State.RUNNING);
        return reactor;
    }

    /**
     * The hash the reactor reports for a scope's {@code state} (the state hash, version 2): the one place the
     * integration tests compute it.
     */
    static String stateHash(JsonNode state) {
        return StateTree.hash(state);
    }

    /** A JSON response. */
    record Response(int status, JsonNode body) {
    }

    static Response get(Reactor reactor, String path) {
        return send(HttpRequest.newBuilder(uri(reactor, path)).GET().build());
    }

    static Response post(Reactor reactor, String path, String json) {
        return send(HttpRequest.newBuilder(uri(reactor, path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A POST with an {@code Idempotency-Key} header. */
    static Response post(Reactor reactor, String path, String json, String idempotencyKey) {
        return send(HttpRequest.newBuilder(uri(reactor, path)).header("Content-Type", "application/json")
            .header(ApiRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static String text(Reactor reactor, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(reactor, path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    private static URI uri(Reactor reactor, String path) {
        return URI.create("http://127.0.0.1:" + reactor.httpPort() + path);
    }

    static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        }
    }
}
