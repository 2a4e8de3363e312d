package dev.docreactor.reactor.merge;

import dev.docreactor.contract.Scopes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonMeasure;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.reactor.model.Reduction;
import dev.docreactor.schema.Operation;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one operation to the state of its stream, the same way on every reactor: the lifecycle
 * checks, then the scope's reducer (the {@link DocumentLifecycle} for the {@code document} scope, the
 * document type's model otherwise), within the {@link Limits}. The rules are in the
 * {@linkplain dev.docreactor.reactor.merge package description}.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /**
     * The verdict on one operation.
     *
     * @param state the state after it (the state before, when it failed)
     * @param error why it failed, or {@code null}
     * @param text the canonical text of {@code state} when the operation applied
     */
    record Step(JsonNode state, String error, String text) {
        Step(JsonNode state, String error) {
            this(state, error, null);
        }
    }

    private final DocumentModelRegistry registry;
    private final Limits limits;
    private final DocumentBranch branch;
    private String parsedInitialStatesText;
    private JsonNode parsedInitialStates;

    Applier(DocumentModelRegistry registry, Limits limits, DocumentBranch branch) {
        this.registry = registry;
        this.limits = limits;
        this.branch = branch;
    }

    /** Applies one operation in canonical position {@code key}: the lifecycle checks, then the reducer. */
    Step apply(StreamId stream, JsonNode state, Operation operation, OperationKey key) {
        JsonNode input;
        try {
            input = ActionInput.parse(operation.getAction().getInput());
        } catch (IllegalArgumentException e) {
            return new Step(state, "the action input is not a JSON value");
        }
        if (JsonMeasure.depthAtMost(input, limits.maxDepth()) > limits.maxDepth()) {
            return new Step(state, "the action input nests deeper than " + limits.maxDepth()
                    + " levels (reactor.max.json.depth)");
        }
        if (DocumentLifecycle.isCreation(stream.scope(), operation.getAction().getType())) {
            String tooLarge = initialStatesProblem(input);
            if (tooLarge != null) {
                return new Step(state, tooLarge);
            }
        }
        DocumentHeader header = branch.header();
        if (!Scopes.DOCUMENT.equals(stream.scope())) {
            if (header.createKey() == null || header.createKey().isAfter(key)) {
                return new Step(state, DocumentLifecycle.MISSING);
            }
            if (header.deleteKey() != null && key.isAfter(header.deleteKey())) {
                return new Step(state, DocumentLifecycle.DELETED);
            }
            if (registry.find(header.type()).isEmpty()) {
                return new Step(state, "unknown document type '" + header.type() + "'");
            }
        }
        Reduction reduction;
        try {
            reduction = reduce(stream.scope(), state, operation, input);
        } catch (RuntimeException e) {
            // A reducer that throws on some input would otherwise stop every job of the document for good;
            // recorded as a failure it is the same failure on every reactor.
            LOG.warn("{}: the reducer threw on operation {}; recording it as rejected", stream, operation.getId(), e);
            reduction = Reduction.rejected("the reducer failed: " + e.getClass().getName());
        }
        if (reduction instanceof Reduction.Applied applied) {
            return withinLimits(state, applied.state());
        }
        return new Step(state, Limits.boundedError(((Reduction.Rejected) reduction).reason()));
    }

    /**
     * Applies again an operation its log records as applied, to rebuild a state.
     *
     * @throws IllegalStateException if the reducer now rejects it (the model is not the one that wrote
     *     the log, or not deterministic)
     */
    JsonNode reapply(StreamId stream, JsonNode state, Operation recorded) {
        Reduction reduction = reduce(stream.scope(), state, recorded,
                ActionInput.parse(recorded.getAction().getInput()));
        if (reduction instanceof Reduction.Applied applied) {
            return applied.state();
        }
        throw new IllegalStateException(stream + ": operation " + recorded.getId() + " at index "
                + recorded.getIndex() + " was recorded as applied but its reducer now rejects it: "
                + ((Reduction.Rejected) reduction).reason());
    }

    /** The state a scope starts from: the creation's initial state for it, else the model's. */
    JsonNode initialState(String scope) {
        if (Scopes.DOCUMENT.equals(scope)) {
            return DocumentLifecycle.initialState();
        }
        DocumentHeader header = branch.header();
        String initialStates = header.initialStates();
        if (initialStates != null) {
            if (!initialStates.equals(parsedInitialStatesText)) {
                parsedInitialStates = CanonicalJson.parse(initialStates);
                parsedInitialStatesText = initialStates;
            }
            JsonNode given = parsedInitialStates.get(scope);
            if (given != null && !given.isNull()) {
                return given.deepCopy();
            }
        }
        Optional<DocumentModel> model = registry.find(header.type());
        return model.isPresent() ? model.get().initialState(scope) : NullNode.getInstance();
    }

    /** Why a creation's initial states cross the state limit, or {@code null} if none does. */
    private String initialStatesProblem(JsonNode creationInput) {
        JsonNode initial = creationInput.path(DocumentLifecycle.INITIAL_STATE);
        if (!initial.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> scope : initial.properties()) {
            if (JsonMeasure.utf8Length(CanonicalJson.write(scope.getValue())) > limits.maxStateBytes()) {
                return "the initial state of scope " + scope.getKey() + " is larger than " + limits.maxStateBytes()
                        + " bytes of canonical JSON (reactor.max.state.bytes)";
            }
        }
        return null;
    }

    /**
     * The step to {@code next}, or a failed step keeping {@code previous} when {@code next} nests deeper
     * or is larger than the limits allow. Depth is checked first and without recursion, so writing the
     * canonical text (which recurses) never meets a tree deeper than the limit.
     */
    private Step withinLimits(JsonNode previous, JsonNode next) {
        if (JsonMeasure.depthAtMost(next, limits.maxDepth()) > limits.maxDepth()) {
            return new Step(previous, "the resulting state would nest deeper than " + limits.maxDepth()
                    + " levels (reactor.max.json.depth)");
        }
        String tooLarge = "the resulting state would be larger than " + limits.maxStateBytes()
                + " bytes of canonical JSON (reactor.max.state.bytes)";
        long measured = JsonMeasure.sizeAtMost(next, 2L * limits.maxStateBytes());
        if (measured > 2L * limits.maxStateBytes()) {
            return new Step(previous, tooLarge);
        }
        // The measure never counts fewer bytes than the text has characters: a buffer that needs no growth.
        String text = CanonicalJson.write(next, measured);
        if (JsonMeasure.utf8Length(text) > limits.maxStateBytes()) {
            return new Step(previous, tooLarge);
        }
        return new Step(next, null, text);
    }

    private Reduction reduce(String scope, JsonNode state, Operation operation, JsonNode input) {
        String actionType = operation.getAction().getType();
        if (Scopes.DOCUMENT.equals(scope)) {
            return DocumentLifecycle.reduce(state, actionType, input);
        }
        String type = branch.header().type();
        DocumentModel model = registry.find(type)
                .orElseThrow(() -> new IllegalStateException("no model for type " + type));
        return model.reduce(state, actionType, input, scope, limits);
    }
}
