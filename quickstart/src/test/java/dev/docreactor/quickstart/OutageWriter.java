package dev.docreactor.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer of {@link RemoteClusterOutageIT}: each {@link #writeOnce()} sends one small JSON Patch action
 * with an id of its own ({@code w<n>}, so its operation id is {@code <reactor>:w<n>}) to one of a few shared
 * documents of one reactor, with {@code ?wait=true}, and files the operation by the answer: acknowledged
 * (2xx, must be on both reactors exactly once), refused (4xx, must be on neither) or ambiguous (5xx, or no
 * answer within the request timeout: may be applied, at most once).
 */
final class OutageWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String reactorId;
    private final List<String> documents;
    private final Duration requestTimeout;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, String> ambiguous = new ConcurrentHashMap<>();
    private final Map<String, String> unexpectedAnswers = new ConcurrentHashMap<>();
    private final AtomicLong lastAcknowledgedAtMs = new AtomicLong();

    OutageWriter(String reactorId, int httpPort, List<String> documents, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.base = "http://localhost:" + httpPort;
        this.reactorId = reactorId;
        this.documents = List.copyOf(documents);
        this.requestTimeout = requestTimeout;
    }

    /** One write; never throws, so a scheduled executor keeps calling it. */
    void writeOnce() {
        long n = sequence.getAndIncrement();
        String actionId = "w" + n;
        String operationId = reactorId + ":" + actionId;
        String document = documents.get((int) (n % documents.size()));
        String body = "{\"actions\":[{\"id\":\"" + actionId + "\",\"type\":\"PATCH\",\"input\":["
            + "{\"op\":\"add\",\"path\":\"/last\",\"value\":\"" + operationId + "\"},"
            + "{\"op\":\"add\",\"path\":\"/" + reactorId + "\",\"value\":" + n + "}]}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/documents/" + document + "/actions?wait=true"))
            .timeout(requestTimeout).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                JsonNode operations = JSON.readTree(response.body()).path("operations");
                if (operations.size() != 1 || !operationId.equals(operations.get(0).path("id").asText())) {
                    unexpectedAnswers.put(operationId, response.body());
                }
                acknowledged.add(operationId);
                lastAcknowledgedAtMs.set(System.currentTimeMillis());
            } else if (status / 100 == 4) {
                refused.put(operationId, status + " " + response.body());
            } else {
                ambiguous.put(operationId, status + " " + response.body());
            }
        } catch (IOException e) {
            ambiguous.put(operationId, e.toString());
        } catch (InterruptedException e) {
            ambiguous.put(operationId, "interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ambiguous.put(operationId, e.toString());
        }
    }

    /** Operation ids answered 2xx. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Acknowledged operations whose answer did not hold exactly their operation, with the answer. */
    Map<String, String> unexpectedAnswers() {
        return Map.copyOf(unexpectedAnswers);
    }

    /** Operation ids answered 4xx, with the answer. */
    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    /** Operation ids without a definite answer, with what happened. */
    Map<String, String> ambiguous() {
        return Map.copyOf(ambiguous);
    }

    /** Writes attempted so far. */
    long attempted() {
        return sequence.get();
    }

    /** When the last 2xx answer arrived (epoch ms), 0 before the first. */
    long lastAcknowledgedAtMs() {
        return lastAcknowledgedAtMs.get();
    }

    @Override
    public String toString() {
        return "writer of " + reactorId + ": " + attempted() + " attempted, " + acknowledged.size() + " acknowledged, "
            + ambiguous.size() + " ambiguous, " + refused.size() + " refused";
    }
}
