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
import dev.docreactor.reactor.model.StateChanges;
import dev.docreactor.reactor.model.StateEdit;
import dev.docreactor.schema.Operation;
import java.util.Collection;
import java.util.List;
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
     * The verdict on one operation; the running state holds the state after it when it applied.
     *
     * @param error why it failed, or {@code null}
     * @param spoiled it failed after changing the running state in place: the caller rebuilds the state
     *     before it
     */
    record Step(String error, boolean spoiled) {

        static final Step APPLIED = new Step(null, false);

        static Step failed(String error) {
            return new Step(error, false);
        }

        static Step spoiled(String error) {
            return new Step(error, true);
        }
    }

    private final DocumentModelRegistry registry;
    private final Limits limits;
    private final DocumentBranch branch;
    private String parsedInitialStatesText;
    private JsonNode parsedInitialStates;
    /** An action input already parsed by the job's plan, for its one application ({@link #inputParsed}). */
    private String parsedInputText;
    private JsonNode parsedInput;
    private final MergeStorage inputs;

    /**
     * @param inputs the storage that returned the log entries applied, which may keep their parsed inputs for their
     *     next applications ({@link MergeStorage#keepParsedInput}); {@code null}: every application parses its input
     */
    Applier(DocumentModelRegistry registry, Limits limits, DocumentBranch branch, MergeStorage inputs) {
        this.registry = registry;
        this.limits = limits;
        this.branch = branch;
        this.inputs = inputs;
    }

    /**
     * Applies one operation in canonical position {@code key} to {@code state}, in place: the lifecycle
     * checks, then the reducer, then the limits on the resulting state.
     */
    Step apply(StreamId stream, RunningState state, Operation operation, OperationKey key) {
        String text = operation.getAction().getInput();
        // Kept parsed only for a model whose states share no node with the input: another reducer may keep the tree.
        boolean keep = inputs != null && text != null && !Scopes.DOCUMENT.equals(stream.scope())
                && registry.find(branch.header().type()).map(DocumentModel::sharesNoInput).orElse(false);
        JsonNode input = keep ? inputs.parsedInput(stream, operation) : null;
        JsonNode planned = null;
        if (text != null && text == parsedInputText) {
            // The tree the job's plan parsed for this very text, used once: unless kept here, the reducer may keep it.
            planned = parsedInput;
            parsedInputText = null;
            parsedInput = null;
        }
        if (input == null && planned != null) {
            input = planned;
        } else if (input == null) {
            try {
                input = ActionInput.parse(text);
            } catch (IllegalArgumentException e) {
                return Step.failed("the action input is not a JSON value");
            }
        }
        if (keep) {
            inputs.keepParsedInput(stream, operation, input);
        }
        if (JsonMeasure.depthAtMost(input, limits.maxDepth()) > limits.maxDepth()) {
            return Step.failed("the action input nests deeper than " + limits.maxDepth()
                    + " levels (reactor.max.json.depth)");
        }
        if (DocumentLifecycle.isCreation(stream.scope(), operation.getAction().getType())) {
            String tooLarge = initialStatesProblem(input);
            if (tooLarge != null) {
                return Step.failed(tooLarge);
            }
        }
        DocumentHeader header = branch.header();
        if (!Scopes.DOCUMENT.equals(stream.scope())) {
            if (header.createKey() == null || header.createKey().isAfter(key)) {
                return Step.failed(DocumentLifecycle.MISSING);
            }
            if (header.deleteKey() != null && key.isAfter(header.deleteKey())) {
                return Step.failed(DocumentLifecycle.DELETED);
            }
            if (registry.find(header.type()).isEmpty()) {
                return Step.failed("unknown document type '" + header.type() + "'");
            }
        }
        StateEdit edit;
        try {
            edit = reduce(stream.scope(), state.node(), operation, input, state.changes());
        } catch (RuntimeException e) {
            // A reducer that throws on some input would otherwise stop every job of the document for good;
            // recorded as a failure it is the same failure on every reactor. It may have changed the state.
            LOG.warn("{}: the reducer threw on operation {}; recording it as rejected", stream, operation.getId(), e);
            return Step.spoiled(Limits.boundedError("the reducer failed: " + e.getClass().getName()));
        }
        if (!edit.applied()) {
            String reason = Limits.boundedError(edit.rejection());
            return edit.spoiled() ? Step.spoiled(reason) : Step.failed(reason);
        }
        state.set(edit.state());
        String problem = limitsProblem(state, edit.depthChecked());
        return problem == null ? Step.APPLIED : Step.spoiled(problem);
    }

    /**
     * Hands over the tree of an action input the job's plan has parsed already ({@link ActionInput#parse}),
     * so that the next {@link #apply} of an operation with this very input text does not parse it again.
     * Used once; the caller must not use the tree after.
     */
    void inputParsed(String text, JsonNode tree) {
        parsedInputText = text;
        parsedInput = tree;
    }

    /**
     * The parsed input of an operation this applier applies next ({@link #apply}, which then does not parse it
     * again), or {@code null} if it is not JSON.
     */
    JsonNode inputOf(StreamId stream, Operation operation) {
        String text = operation.getAction().getInput();
        if (text == null) {
            return null;
        }
        JsonNode input = inputs == null ? null : inputs.parsedInput(stream, operation);
        if (input == null && text == parsedInputText) {
            input = parsedInput;
        }
        if (input == null) {
            try {
                input = ActionInput.parse(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        inputParsed(text, input);
        return input;
    }

    /**
     * Where applying an operation of a model scope can change its state, whatever the state
     * ({@link DocumentModel#changedPaths}), or {@code null} where the model does not say (the lifecycle, an unknown
     * type). {@code input}: from {@link #inputOf}.
     */
    List<String> changedPaths(StreamId stream, Operation operation, JsonNode input) {
        Optional<DocumentModel> model = modelOf(stream);
        if (model.isEmpty()) {
            return null;
        }
        if (input == null) {
            return List.of(); // An input that is not JSON fails whatever the state.
        }
        try {
            return model.get().changedPaths(operation.getAction().getType(), input, stream.scope());
        } catch (RuntimeException e) {
            // Only an optimisation rests on the answer: a model that throws re-applies everything, as one without it.
            LOG.warn("{}: the model's changedPaths threw on operation {}; re-applying", stream, operation.getId(), e);
            return null;
        }
    }

    /**
     * Whether an operation of a model scope, applied next to {@code state}, has the same outcome and result on every
     * state that differs from it only at or under {@code paths} ({@link DocumentModel#overwrites}).
     */
    boolean overwrites(StreamId stream, RunningState state, Operation operation, JsonNode input,
            Collection<String> paths) {
        Optional<DocumentModel> model = modelOf(stream);
        if (input == null || model.isEmpty()) {
            return false;
        }
        try {
            return model.get().overwrites(operation.getAction().getType(), input, stream.scope(), state.node(), paths);
        } catch (RuntimeException e) {
            LOG.warn("{}: the model's overwrites threw on operation {}; re-applying", stream, operation.getId(), e);
            return false;
        }
    }

    private Optional<DocumentModel> modelOf(StreamId stream) {
        return Scopes.DOCUMENT.equals(stream.scope()) ? Optional.empty() : registry.find(branch.header().type());
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
     * Why the state an operation produced crosses the limits, or {@code null}. Depth is measured (first,
     * without recursion) only when the reducer did not bound it itself; a state of a reducer that returned
     * a new tree is measured with an early stop before its hash tree is built.
     */
    private String limitsProblem(RunningState state, boolean depthChecked) {
        if (!depthChecked) {
            if (JsonMeasure.depthAtMost(state.node(), limits.maxDepth()) > limits.maxDepth()) {
                return "the resulting state would nest deeper than " + limits.maxDepth()
                        + " levels (reactor.max.json.depth)";
            }
            if (JsonMeasure.sizeAtMost(state.node(), 2L * limits.maxStateBytes()) > 2L * limits.maxStateBytes()) {
                return tooLarge();
            }
        }
        return state.canonicalBytes() > limits.maxStateBytes() ? tooLarge() : null;
    }

    private String tooLarge() {
        return "the resulting state would be larger than " + limits.maxStateBytes()
                + " bytes of canonical JSON (reactor.max.state.bytes)";
    }

    private StateEdit reduce(String scope, JsonNode state, Operation operation, JsonNode input, StateChanges changes) {
        String actionType = operation.getAction().getType();
        if (Scopes.DOCUMENT.equals(scope)) {
            Reduction reduction = DocumentLifecycle.reduce(state, actionType, input);
            if (reduction instanceof Reduction.Applied applied) {
                changes.replaced(applied.state(), "");
                return StateEdit.applied(applied.state(), false);
            }
            return StateEdit.rejected(((Reduction.Rejected) reduction).reason());
        }
        String type = branch.header().type();
        DocumentModel model = registry.find(type)
                .orElseThrow(() -> new IllegalStateException("no model for type " + type));
        return model.reduceInPlace(state, actionType, input, scope, limits, changes);
    }
}
