package dev.docreactor.reactor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.IdRules;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.schema.IdempotencyClaim;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The HTTP side of idempotent writes: a client gives a key with {@code POST /documents} or
 * {@code POST /documents/{id}/actions}, in the {@value ApiRequest#IDEMPOTENCY_KEY_HEADER} header or the
 * body field {@value #FIELD} (both: they must agree). The key is checked here (the client id rule, so
 * 400 for a bad one) and travels in the job as an {@link IdempotencyClaim} with a hash of the request;
 * the executor decides whether the request was already applied.
 */
final class IdempotencyKeys {

    /** The body field that may carry the key. */
    static final String FIELD = "idempotencyKey";

    private IdempotencyKeys() {
    }

    /** The request's idempotency key, checked, or {@code null} when it has none. */
    static String key(String header, JsonNode body) {
        String field = JsonBodies.optionalText(body, FIELD);
        if (header != null && field != null && !header.equals(field)) {
            throw new ReactorException.InvalidRequest("the " + ApiRequest.IDEMPOTENCY_KEY_HEADER + " header and the '" + FIELD
                + "' field differ; give the key once, or the same in both");
        }
        String key = header != null ? header : field;
        if (key != null && !IdRules.isClientId(key)) {
            throw new ReactorException.InvalidRequest("invalid idempotency key '" + ApiRequest.shorten(key) + "': use "
                + IdRules.CLIENT_ID_RULE + " (a UUID is a good key)");
        }
        return key;
    }

    /**
     * The hash of a request as its idempotency key refers to it: what it asks ({@code route}), of which
     * document, and its body without the key, in canonical JSON (so spelling and member order do not matter).
     */
    static String requestHash(String route, String documentId, JsonNode body) {
        ObjectNode request = CanonicalJson.mapper().createObjectNode();
        request.put("route", route);
        request.put("documentId", documentId);
        ObjectNode rest = body.deepCopy();
        rest.remove(FIELD);
        request.set("body", rest);
        return CanonicalJson.hash(request);
    }

    /** The id of a document created without an id under {@code key}: the same for every retry. */
    static String documentIdFor(String key) {
        return UUID.nameUUIDFromBytes(("idempotency-key/" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The claim of a request of {@code actionCount} actions (the whole job it becomes). */
    static IdempotencyClaim claim(String key, String requestHash, int actionCount) {
        return IdempotencyClaim.newBuilder().setKey(key).setRequestHash(requestHash).setFirstAction(0)
            .setActionCount(actionCount).build();
    }
}
