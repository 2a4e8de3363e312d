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
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays queries to the instance of this reactor that hosts a document's partition (Kafka Streams
 * metadata and each instance's {@code http.advertised.address}), over HTTPS when the API speaks TLS. A
 * forwarded request carries {@link ApiRequest#FORWARDED_HEADER}, signed with {@code http.forward.secret}
 * ({@link ForwardSignature}), and is never forwarded again.
 */
final class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final ReactorBackend backend;
    private final HttpClient client;
    private final String scheme;
    private final ForwardSignature signature;
    private final boolean authenticated;

    /**
     * A forwarder.
     *
     * @param backend the reactor instance
     * @param tls the TLS context to reach other instances with, null for plain HTTP
     * @param signature signs forwarded requests, null when no {@code http.forward.secret} is configured
     * @param authenticated whether the API authenticates callers (then forwarding needs {@code signature})
     */
    Forwarder(ReactorBackend backend, SSLContext tls, ForwardSignature signature, boolean authenticated) {
        this.backend = backend;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.client = (tls == null ? builder : builder.sslContext(tls)).build();
        this.scheme = tls == null ? "http://" : "https://";
        this.signature = signature;
        this.authenticated = authenticated;
    }

    private HttpRequest.Builder signed(URI uri, String pathAndQuery) {
        if (signature == null && authenticated) {
            throw new ReactorException.Unavailable("the data is hosted by another instance of this reactor, and forwarding "
                + "needs http.forward.secret on every instance (the API authenticates callers)");
        }
        return HttpRequest.newBuilder(uri).GET()
            .header(ApiRequest.FORWARDED_HEADER, signature == null ? "1" : signature.sign("GET", pathAndQuery));
    }

    /** The hosting instance's answer to {@code request}, or empty when the document is hosted here. */
    Optional<ApiResponse> forward(ApiRequest request, String documentId) {
        Optional<String> owner = backend.remoteOwnerOfDocument(documentId, request.staleAllowed());
        if (owner.isEmpty() || request.forwarded()) {
            return Optional.empty();
        }
        URI uri = URI.create(scheme + owner.get() + request.pathAndQuery());
        try {
            HttpResponse<byte[]> response = client.send(signed(uri, request.pathAndQuery()).timeout(FORWARD_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
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
            HttpResponse<byte[]> response = client.send(signed(URI.create(scheme + owner + pathAndQuery), pathAndQuery)
                .timeout(QUERY_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
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
