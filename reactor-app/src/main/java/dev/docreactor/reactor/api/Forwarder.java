package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays queries to the instance of this reactor that hosts a document's partition (Kafka Streams
 * metadata and each instance's {@code http.advertised.address}). A forwarded request carries
 * {@link ApiRequest#FORWARDED_HEADER} and is never forwarded again.
 */
final class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final ReactorBackend backend;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Forwarder(ReactorBackend backend) {
        this.backend = backend;
    }

    /** The hosting instance's answer to {@code request}, or empty when the document is hosted here. */
    Optional<ApiResponse> forward(ApiRequest request, String documentId) {
        Optional<String> owner = backend.remoteOwnerOfDocument(documentId);
        if (owner.isEmpty() || request.forwarded()) {
            return Optional.empty();
        }
        URI uri = URI.create("http://" + owner.get() + request.pathAndQuery());
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).GET()
                .header(ApiRequest.FORWARDED_HEADER, "1").timeout(FORWARD_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse(ApiResponse.JSON);
            return Optional.of(new ApiResponse(response.statusCode(), contentType, response.body(),
                Map.of("X-Reactor-Served-By", owner.get())));
        } catch (IOException e) {
            throw new ReactorException.Unavailable("instance " + owner.get() + " hosting this data is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReactorException.Unavailable("interrupted while forwarding to " + owner.get());
        }
    }

    /** The JSON answer of another instance to {@code GET pathAndQuery}, or empty when it did not answer 200. */
    Optional<JsonNode> query(String owner, String pathAndQuery) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://" + owner + pathAndQuery))
                .GET().header(ApiRequest.FORWARDED_HEADER, "1").timeout(QUERY_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Optional.of(RecordJson.mapper().readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            log.debug("Forwarded query to {} failed: {}", owner, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
