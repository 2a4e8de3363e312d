package dev.docreactor.reactor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, content type, body bytes and extra headers.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type header
 * @param body the body bytes
 * @param headers further headers
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** Content type of every JSON answer. */
    public static final String JSON = "application/json";
    /** Content type of the Prometheus text format. */
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    /** {@code body} written as JSON with the records' mapper ({@link RecordJson}). */
    public static ApiResponse json(int status, Object body) {
        try {
            return new ApiResponse(status, JSON, RecordJson.mapper().writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A text answer. */
    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": message}} with {@code status}. */
    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message == null ? "unknown error" : message));
    }

    /** This answer with a {@code Retry-After} header of at least one second. */
    public ApiResponse retryAfter(Duration wait) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return new ApiResponse(status, contentType, body, Map.copyOf(more));
    }

    /** This answer with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(more));
    }
}
