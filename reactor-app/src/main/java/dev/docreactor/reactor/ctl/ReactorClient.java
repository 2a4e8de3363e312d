package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The reactor's HTTP API as reactorctl uses it: JSON in, JSON out, and every failure turned into a
 * {@link CtlException} whose message says what went wrong (the API's own {@code error} text when it
 * sent one).
 */
final class ReactorClient {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A response: the HTTP status and the parsed JSON body. */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The API's error text, or a generic one. */
        String error() {
            JsonNode error = body.path("error");
            return error.isTextual() ? error.asText() : "HTTP " + status;
        }
    }

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final String token;

    ReactorClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /**
     * A client of the API at {@code baseUrl}; {@code token} (may be null) is sent as a bearer token. HTTPS
     * trusts the JVM's truststore ({@code -Djavax.net.ssl.trustStore=...}).
     */
    ReactorClient(String baseUrl, Duration timeout, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    /** GET {@code path}; the response whatever its status. */
    Response get(String path) {
        return send(request(path).GET().build());
    }

    /** POST {@code json} to {@code path}; the response whatever its status. */
    Response post(String path, JsonNode json) {
        String body;
        try {
            body = MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new CtlException("cannot encode the request: " + e.getOriginalMessage());
        }
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** Like {@link #get} but a non-2xx status is a {@link CtlException} with the API's message. */
    JsonNode getOk(String path) {
        return requireOk(get(path));
    }

    static JsonNode requireOk(Response response) {
        if (!response.ok()) {
            throw new CtlException(response.error() + " (HTTP " + response.status() + ")");
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CtlException("invalid reactor URL '" + baseUrl + "': " + e.getMessage(), 2);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw new CtlException("invalid reactor URL '" + baseUrl + "': use http://host:port", 2);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new CtlException("reactor at " + baseUrl + " did not answer " + request.method() + " "
                + request.uri().getRawPath() + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CtlException("cannot reach reactor at " + baseUrl + ": connection refused (is it running? set --url)");
        } catch (IOException e) {
            throw new CtlException("cannot reach reactor at " + baseUrl + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted");
        }
        String text = response.body();
        JsonNode body;
        if (text == null || text.isBlank()) {
            body = MAPPER.nullNode();
        } else {
            try {
                body = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new CtlException("reactor at " + baseUrl + " answered HTTP " + response.statusCode()
                    + " with a body that is not JSON; is --url the reactor's HTTP API?");
            }
        }
        return new Response(response.statusCode(), body);
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** Percent-encodes one path segment (ids may only hold safe characters, but users may type anything). */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Percent-encodes a query parameter value. */
    static String query(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
