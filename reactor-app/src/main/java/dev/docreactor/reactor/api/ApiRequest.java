package dev.docreactor.reactor.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the resources see it: method, decoded path, query parameters and the body bytes,
 * already read and bounded by the server. Parameter accessors reject bad values with
 * {@link ReactorException.InvalidRequest}.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param pathAndQuery the raw path and query, as received (to forward the request unchanged)
 * @param query the decoded query parameters (the last value of a repeated name wins)
 * @param body the request body, empty when none was sent
 * @param forwarded whether another instance of this reactor forwarded the request
 * @param idempotencyKey the {@value #IDEMPOTENCY_KEY_HEADER} header as received (unchecked), or {@code null}
 */
public record ApiRequest(String method, String path, String pathAndQuery, Map<String, String> query, byte[] body,
        boolean forwarded, String idempotencyKey) {

    /** Marks a forwarded request so it is never forwarded twice. */
    public static final String FORWARDED_HEADER = "X-Reactor-Forwarded";

    /** The header with which a client makes a write idempotent (see {@link IdempotencyKeys}). */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** A request; {@code rawQuery} (may be null) is decoded here. */
    public static ApiRequest of(String method, String path, String rawPath, String rawQuery, byte[] body, boolean forwarded,
                                String idempotencyKey) {
        return new ApiRequest(method, path, rawPath + (rawQuery == null ? "" : "?" + rawQuery), parseQuery(rawQuery), body,
            forwarded, idempotencyKey);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            } catch (IllegalArgumentException e) {
                throw new ReactorException.InvalidRequest("malformed query string: " + e.getMessage());
            }
        }
        return params;
    }

    /** A query parameter, empty when absent. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A query parameter that must be present and not blank; {@code what} describes it in the error. */
    public String requiredParam(String name, String what) {
        return param(name).filter(value -> !value.isBlank()).orElseThrow(() ->
            new ReactorException.InvalidRequest("query parameter '" + name + "' (" + what + ") is required"));
    }

    /**
     * Whether the caller accepts data that may lag behind ({@code ?stale=true}): while Kafka Streams
     * rebalances, a read is then served from a standby or restoring store of this instance.
     */
    public boolean staleAllowed() {
        return flag("stale");
    }

    /** Whether the flag parameter is {@code true} (case-insensitive); anything else is false. */
    public boolean flag(String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    /** A whole-number parameter between {@code min} and {@code max}, or {@code fallback} when absent or empty. */
    public long longParam(String name, long fallback, long min, long max) {
        String raw = query.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ReactorException.InvalidRequest("query parameter '" + name + "' must be a whole number between "
                + min + " and " + max + ", was '" + shorten(raw) + "'");
        }
        if (value < min || value > max) {
            throw new ReactorException.InvalidRequest("query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }

    /** The {@code branch} parameter, the default branch when absent or empty. */
    public String branch() {
        String branch = query.get("branch");
        return branch == null || branch.isEmpty() ? Ids.DEFAULT_BRANCH : Ids.requireName("branch", branch);
    }

    /** The {@code scope} parameter, the default scope when absent. */
    public String scope() {
        String scope = query.get("scope");
        return scope == null ? Ids.DEFAULT_SCOPE : Ids.requireName("scope", scope);
    }

    /** {@code value} percent-encoded for a query string. */
    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code text} cut to a length fit for an error message. */
    static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
