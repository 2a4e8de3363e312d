package dev.docreactor.reactor.merge;

import dev.docreactor.contract.IdRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;

/**
 * Turns the actions of an EXECUTE job into new local operations of one document branch, one at a
 * time and each after the previous one was merged (a job may create the document and then change it):
 * checks the action and the document's lifecycle, fills in the type of a creation, and gives the
 * operation a fresh clock tick, so it orders after everything this reactor has seen. The EXECUTE rules
 * are in the {@linkplain dev.docreactor.reactor.merge package description}.
 */
final class ExecutePlan {

    /**
     * One action's operation, or why the job fails at that action.
     *
     * @param operation the new operation, or {@code null} when the job fails
     * @param input its action's input as parsed here, or {@code null} when the job fails
     * @param failure why the job fails, or {@code null}
     */
    record Planned(Operation operation, JsonNode input, String failure) {

        static Planned failed(String failure) {
            return new Planned(null, null, failure);
        }
    }

    private final String reactorId;
    private final DocumentModelRegistry registry;
    private final StagedMergeStorage storage;
    private final DocumentBranch branch;
    private final String jobDocumentType;
    private final long wallMillis;

    /**
     * @param jobDocumentType the document type a creation uses when its input names none; when given, it
     *     must match the creation's type; may be {@code null}
     * @param wallMillis the wall clock when the job runs
     */
    ExecutePlan(String reactorId, DocumentModelRegistry registry, StagedMergeStorage storage, DocumentBranch branch,
            String jobDocumentType, long wallMillis) {
        this.reactorId = reactorId;
        this.registry = registry;
        this.storage = storage;
        this.branch = branch;
        this.jobDocumentType = jobDocumentType;
        this.wallMillis = wallMillis;
    }

    /** The operation for the job's next action, given the document branch as the previous ones left it. */
    Planned next(Action requested) {
        String problem = actionProblem(requested);
        if (problem != null) {
            return Planned.failed(problem);
        }
        Action action = requested;
        String scope = action.getScope();
        JsonNode input;
        try {
            input = ActionInput.parse(action.getInput());
        } catch (IllegalArgumentException e) {
            return Planned.failed("action " + action.getId() + ": the input is not a JSON value");
        }
        DocumentHeader header = branch.header();
        String type = header.type();
        if (DocumentLifecycle.isCreation(scope, action.getType())) {
            if (header.deleted()) {
                return Planned.failed(DocumentLifecycle.DELETED);
            }
            if (header.created()) {
                return Planned.failed(DocumentLifecycle.ALREADY_EXISTS);
            }
            if (input.isNull() || (input.isObject() && !input.has(DocumentLifecycle.TYPE))) {
                if (jobDocumentType == null) {
                    return Planned.failed("action " + action.getId() + ": " + DocumentLifecycle.INVALID_CREATION
                            + "no \"type\" in the input and no document type in the job");
                }
                ObjectNode withType = input.isNull() ? CanonicalJson.mapper().createObjectNode()
                        : ((ObjectNode) input).deepCopy();
                withType.put(DocumentLifecycle.TYPE, jobDocumentType);
                input = withType;
                action = Action.newBuilder(action).setInput(CanonicalJson.write(withType)).build();
            }
            String invalid = creationProblem(action.getId(), input);
            if (invalid != null) {
                return Planned.failed(invalid);
            }
            type = input.get(DocumentLifecycle.TYPE).textValue();
        } else if (!header.created()) {
            return Planned.failed(DocumentLifecycle.MISSING);
        } else if (header.deleted()) {
            return Planned.failed(DocumentLifecycle.DELETED);
        }
        long clock = HybridLogicalClock.tick(header.clock(), wallMillis);
        branch.clock(clock);
        String id = IdRules.operationId(reactorId, action.getId());
        if (storage.idEntry(branch.stream(scope), id).isPresent()) {
            return Planned.failed("action " + action.getId() + ": an operation with id " + id
                    + " already exists in scope " + scope);
        }
        return new Planned(new Operation(id, branch.documentId(), type == null ? "" : type, scope, branch.branch(), 0L,
                0, wallMillis, clock, "", reactorId, action, null, false, 0), input, null);
    }

    /** What is wrong with a creation whose input has a type filled in, or {@code null}. */
    private String creationProblem(String actionId, JsonNode input) {
        String invalid = DocumentLifecycle.creationProblem(input);
        if (invalid != null) {
            return "action " + actionId + ": " + invalid;
        }
        String type = input.get(DocumentLifecycle.TYPE).textValue();
        if (jobDocumentType != null && !jobDocumentType.equals(type)) {
            return "action " + actionId + ": creates a document of type '" + type + "' but the job is for type '"
                    + jobDocumentType + "'";
        }
        if (registry.find(type).isEmpty()) {
            return "unknown document type '" + type + "'; registered types: " + registry.types();
        }
        return null;
    }

    private static String actionProblem(Action action) {
        if (action == null) {
            return "a job action is missing";
        }
        if (!IdRules.isKeyName(action.getId())) {
            return "action id must be non-empty and must not contain '/': " + action.getId();
        }
        if (action.getType() == null || action.getType().isEmpty()) {
            return "action " + action.getId() + ": the action type is missing";
        }
        if (!IdRules.isKeyName(action.getScope())) {
            return "action " + action.getId() + ": the scope must be non-empty and must not contain '/': "
                    + action.getScope();
        }
        return null;
    }
}
