package dev.docreactor.reactor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads request bodies with the same strict rules as stored state ({@link CanonicalJson#mapper()}:
 * bounded nesting and lengths, no duplicate keys, no trailing content, only numbers that have a
 * canonical form) and checks the shape of their fields. Every violation is a
 * {@link ReactorException.InvalidRequest}, whatever the bytes hold.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object whose field names are all in {@code allowed}. */
    static JsonNode object(byte[] body, Set<String> allowed) {
        if (body.length == 0) {
            throw new ReactorException.InvalidRequest("request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = CanonicalJson.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ReactorException.InvalidRequest("JSON exceeds the parser's limits (nesting at most "
                + CanonicalJson.MAX_PARSE_DEPTH + " levels): " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ReactorException.InvalidRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ReactorException.InvalidRequest("malformed JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ReactorException.InvalidRequest("request body must be a JSON object");
        }
        requireKnownFields(node, allowed, "request body");
        try {
            // Numbers such as 1e999999999 parse, but have no canonical form and could never be stored.
            CanonicalJson.write(node);
        } catch (IllegalArgumentException e) {
            throw new ReactorException.InvalidRequest("JSON value not accepted: " + e.getMessage());
        }
        return node;
    }

    /** Rejects fields of {@code node} that are not in {@code allowed}; {@code where} names the object. */
    static void requireKnownFields(JsonNode node, Set<String> allowed, String where) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ReactorException.InvalidRequest("unknown field '" + ApiRequest.shorten(name) + "' in " + where
                    + "; expected " + allowed.stream().sorted().toList());
            }
        }
    }

    /** A field that must be a non-empty string. */
    static String requiredText(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new ReactorException.InvalidRequest("missing field '" + field + "'");
        }
        return text(node, field);
    }

    /** A field that, when present and not null, must be a non-empty string; null otherwise. */
    static String optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) ? text(node, field) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ReactorException.InvalidRequest("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
