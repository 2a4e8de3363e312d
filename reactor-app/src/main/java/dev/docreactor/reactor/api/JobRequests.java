package dev.docreactor.reactor.api;

import dev.docreactor.contract.Scopes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonMeasure;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns request bodies into jobs for the queue, checked before anything is enqueued: the shape of the
 * body ({@link ReactorException.InvalidRequest}) and the configured {@link Limits} on the number of
 * actions and the nesting of inputs and initial states ({@link ReactorException.LimitExceeded}). The
 * executor checks the same limits again for jobs that reach the queue some other way.
 */
final class JobRequests {

    private static final Set<String> CREATE_FIELDS = Set.of("type", "id", "initialState", "branch", IdempotencyKeys.FIELD);
    private static final Set<String> ACTIONS_FIELDS = Set.of("actions", "branch", IdempotencyKeys.FIELD);
    private static final Set<String> ACTION_FIELDS = Set.of("type", "input", "scope", "id");

    private final DocumentModelRegistry models;
    private final Limits limits;

    JobRequests(DocumentModelRegistry models, Limits limits) {
        this.models = models;
        this.limits = limits;
    }

    /**
     * The creation job of {@code POST /documents} {@code {"type","id"?,"initialState"?,"branch"?,"idempotencyKey"?}};
     * without an id, one is derived from the idempotency key if there is one (so a retry creates the same document).
     *
     * @param idempotencyHeader the {@value ApiRequest#IDEMPOTENCY_KEY_HEADER} header, or {@code null}
     */
    Job create(byte[] body, String idempotencyHeader) {
        JsonNode request = JsonBodies.object(body, CREATE_FIELDS);
        String key = IdempotencyKeys.key(idempotencyHeader, request);
        String type = JsonBodies.requiredText(request, "type");
        if (models.find(type).isEmpty()) {
            throw new ReactorException.InvalidRequest("unregistered document type '" + ApiRequest.shorten(type)
                + "'; registered types: " + models.models().stream().map(DocumentModel::type).toList());
        }
        String id = JsonBodies.optionalText(request, "id");
        String documentId = id != null ? Ids.requireDocumentId(id)
            : key != null ? IdempotencyKeys.documentIdFor(key) : UUID.randomUUID().toString();
        ObjectNode input = CanonicalJson.mapper().createObjectNode().put("type", type);
        if (request.has("initialState")) {
            JsonNode initial = request.get("initialState");
            if (!initial.isObject()) {
                throw new ReactorException.InvalidRequest("'initialState' must be an object of scope name to state");
            }
            for (Map.Entry<String, JsonNode> scope : (Iterable<Map.Entry<String, JsonNode>>) initial::fields) {
                requireDepth(scope.getValue(), "initialState." + ApiRequest.shorten(scope.getKey()));
            }
            input.set("initialState", initial);
        }
        long now = System.currentTimeMillis();
        Action create = Action.newBuilder().setId(UUID.randomUUID().toString()).setType(DocumentLifecycle.CREATE_DOCUMENT)
            .setScope(Scopes.DOCUMENT).setInput(CanonicalJson.write(input)).setTimestampUtcMs(now).build();
        return withClaim(newJob(documentId, branch(request), List.of(create), type, now), key, "create", request);
    }

    /**
     * The job of {@code POST /documents/{id}/actions} {@code {"actions":[{"type","input","scope"?,"id"?}],"branch"?,"idempotencyKey"?}}.
     *
     * @param idempotencyHeader the {@value ApiRequest#IDEMPOTENCY_KEY_HEADER} header, or {@code null}
     */
    Job actions(String documentId, byte[] body, String idempotencyHeader) {
        JsonNode request = JsonBodies.object(body, ACTIONS_FIELDS);
        String key = IdempotencyKeys.key(idempotencyHeader, request);
        JsonNode actions = request.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw new ReactorException.InvalidRequest("'actions' must be a non-empty array of {\"type\", \"input\", \"scope\"?}");
        }
        if (actions.size() > limits.maxActionsPerJob()) {
            throw new ReactorException.LimitExceeded("too many actions: " + actions.size() + " in one request, at most "
                + limits.maxActionsPerJob() + " (reactor.max.actions.per.job); split them over several requests");
        }
        String branch = branch(request);
        long now = System.currentTimeMillis();
        List<Action> list = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonNode action = actions.get(i);
            if (!action.isObject()) {
                throw new ReactorException.InvalidRequest("actions[" + i + "] must be an object");
            }
            JsonBodies.requireKnownFields(action, ACTION_FIELDS, "actions[" + i + "]");
            String type = JsonBodies.requiredText(action, "type");
            String scope = JsonBodies.optionalText(action, "scope");
            String actionId = JsonBodies.optionalText(action, "id");
            JsonNode input = action.has("input") ? action.get("input") : CanonicalJson.mapper().nullNode();
            requireDepth(input, "actions[" + i + "].input");
            list.add(Action.newBuilder()
                .setId(actionId == null ? UUID.randomUUID().toString() : Ids.requireName("action id", actionId))
                .setType(type).setScope(scope == null ? Ids.DEFAULT_SCOPE : Ids.requireName("scope", scope))
                .setInput(CanonicalJson.write(input)).setTimestampUtcMs(now).build());
        }
        return withClaim(newJob(documentId, branch, list, null, now), key, "actions", request);
    }

    /** The job with the idempotency claim of its request, when the request has a key. */
    private static Job withClaim(Job job, String key, String route, JsonNode request) {
        if (key == null) {
            return job;
        }
        job.setIdempotency(List.of(IdempotencyKeys.claim(key, IdempotencyKeys.requestHash(route, job.getDocumentId(), request),
            job.getActions().size())));
        return job;
    }

    private void requireDepth(JsonNode value, String where) {
        if (JsonMeasure.depthAtMost(value, limits.maxDepth()) > limits.maxDepth()) {
            throw new ReactorException.LimitExceeded(where + " is nested deeper than " + limits.maxDepth()
                + " levels (reactor.max.json.depth)");
        }
    }

    private static String branch(JsonNode request) {
        String branch = JsonBodies.optionalText(request, "branch");
        return branch == null ? Ids.DEFAULT_BRANCH : Ids.requireName("branch", branch);
    }

    private static Job newJob(String documentId, String branch, List<Action> actions, String type, long now) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.EXECUTE)
            .setDocumentId(documentId).setDocumentType(type).setBranch(branch).setActions(actions)
            .setSubmittedUtcMs(now).build();
    }
}
