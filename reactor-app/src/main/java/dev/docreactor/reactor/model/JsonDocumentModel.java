package dev.docreactor.reactor.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code json} document type: a free-form JSON document edited with RFC 6902 JSON Patch.
 *
 * <p>Every scope starts as the empty object {@code {}}. The one action, {@code PATCH}, takes a JSON
 * Patch array as input and applies all of its operations in order, or none of them. The patch is
 * rejected, with a reason naming the problem, when it is not an array of well-formed operations, uses an
 * unknown operation, refers to a location that does not exist (including {@code remove} of a missing
 * member, which the patch library alone would allow), or has a {@code test} operation that fails.
 *
 * <p>{@code test} compares values as RFC 6902 says: numbers by numeric value ({@code 1} equals
 * {@code 1.0}) and objects regardless of member order, i.e. by {@link CanonicalJson canonical form}.
 *
 * <p>A patch may replace the whole document ({@code "path": ""}), so a state is any JSON value, not
 * necessarily an object.
 */
public final class JsonDocumentModel implements DocumentModel {

    /** The document type name. */
    public static final String TYPE = "json";

    /** The action that applies an RFC 6902 JSON Patch array to the state. */
    public static final String PATCH = "PATCH";

    private static final List<String> ACTION_TYPES = List.of(PATCH);

    /** Longest value text quoted in a failed {@code test} reason, so reasons stay small. */
    private static final int MAX_QUOTED_VALUE = 200;

    /** Creates the model; {@link java.util.ServiceLoader} needs this public no-argument constructor. */
    public JsonDocumentModel() {
        // Stateless: all behaviour is in reduce.
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> actionTypes() {
        return ACTION_TYPES;
    }

    /** A new empty object, whatever the scope. */
    @Override
    public JsonNode initialState(String scope) {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Applies a {@code PATCH} action within the default {@link Limits}. */
    @Override
    public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope) {
        return reduce(state, actionType, input, scope, Limits.DEFAULTS);
    }

    /**
     * Applies a {@code PATCH} action to a copy of {@code state}; see
     * {@link #reduceInPlace(JsonNode, String, JsonNode, String, Limits, StateChanges)} for what is rejected.
     */
    @Override
    public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope, Limits limits) {
        Objects.requireNonNull(state, "state");
        StateEdit edit = reduceInPlace(JsonTrees.copy(state), actionType, input, scope, limits, StateChanges.NONE);
        return edit.applied() ? Reduction.applied(edit.state()) : Reduction.rejected(edit.rejection());
    }

    /**
     * Applies a {@code PATCH} action in place; rejects other action types, patches that cannot be applied,
     * and patches that cross {@code limits}: more than {@code maxPatchOperations} operations, or operations
     * that together would add more than {@code maxActionGrowthBytes} or nest deeper than {@code maxDepth}.
     * The growth and depth of each operation are measured before it is applied, on the value it inserts
     * (for {@code copy} and {@code move}, the value at {@code from}), so a patch that copies the document
     * into itself over and over is stopped after a bounded amount of work, and the resulting state nests no
     * deeper than {@code maxDepth} if the state before did not. Each operation costs what it touches:
     * nothing here walks or copies the rest of the state. A patch rejected after one of its operations
     * changed the state is {@linkplain StateEdit#spoiled spoiled}.
     */
    /** A patch is copied before it applies ({@link #reduceInPlace}): no state shares a node with it. */
    @Override
    public boolean sharesNoInput() {
        return true;
    }

    @Override
    public StateEdit reduceInPlace(JsonNode state, String actionType, JsonNode input, String scope, Limits limits,
            StateChanges changes) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(changes, "changes");
        String invalid = patchProblem(actionType, input, limits);
        if (invalid != null) {
            return StateEdit.rejected(invalid);
        }
        // The library does not promise to copy the value nodes it inserts; working on a copy of the patch
        // keeps the new state from sharing nodes with the caller's input.
        JsonNode patch = input.deepCopy();
        JsonNode working = state;
        boolean changed = false;
        long growthLeft = limits.maxActionGrowthBytes();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode operation = patch.get(i);
            String op = operation.get("op").textValue();
            String path = operation.get("path").textValue();
            String failure = null;
            boolean applying = false;
            try {
                JsonNode inserted = insertedValue(op, operation, working);
                if (inserted != null) {
                    long size = JsonMeasure.sizeAtMost(inserted, growthLeft);
                    if (size > growthLeft) {
                        return rejection(changed, "JSON Patch operation " + i + " (" + op + " \"" + path
                                + "\") would make the action add more than " + limits.maxActionGrowthBytes()
                                + " bytes to the state (reactor.max.action.growth.bytes)");
                    }
                    if (!"move".equals(op)) {
                        growthLeft -= size;
                    }
                    int depth = pointerDepth(path) + JsonMeasure.depthAtMost(inserted, limits.maxDepth());
                    if (depth > limits.maxDepth()) {
                        return rejection(changed, "JSON Patch operation " + i + " (" + op + " \"" + path
                                + "\") would nest the state deeper than " + limits.maxDepth()
                                + " levels (reactor.max.json.depth)");
                    }
                }
                if ("test".equals(op)) {
                    failure = testFailure(working, path, operation.get("value"));
                } else if ("remove".equals(op) && working.at(JsonPointer.compile(path)).isMissingNode()) {
                    // RFC 6902 requires the target of remove to exist; the library silently ignores a
                    // missing object member or "-".
                    failure = "no value at path \"" + path + "\"";
                } else {
                    // A move the library fails halfway may have removed its value already.
                    applying = "move".equals(op);
                    working = applyOperation(operation, op, path, working, changes);
                    changed = true;
                }
            } catch (RuntimeException e) {
                failure = failureMessage(e);
            }
            if (failure != null) {
                return rejection(changed || applying, "JSON Patch operation " + i + " (" + op + " \"" + path
                        + "\") failed: " + failure);
            }
        }
        return StateEdit.applied(working, true);
    }

    /**
     * The target of each changing operation ({@code from} too for {@code move}); where the last token of a target
     * may be an array index ({@code -} or digits), its parent, since an insertion or removal there moves the
     * array's later elements. Nothing for an input that is not a patch (rejected whatever the state); {@code null}
     * for an operation without the members a valid one has (the validation that rejects it runs when it applies).
     */
    @Override
    public List<String> changedPaths(String actionType, JsonNode input, String scope) {
        if (!PATCH.equals(actionType) || input == null || !input.isArray()) {
            return List.of();
        }
        List<String> paths = new ArrayList<>(input.size());
        for (JsonNode operation : input) {
            String op = operation.path("op").textValue();
            String path = operation.path("path").textValue();
            if (op == null || !isPointer(path)) {
                return null;
            }
            if ("test".equals(op)) {
                continue;
            }
            if ("move".equals(op)) {
                String from = operation.path("from").textValue();
                if (!isPointer(from)) {
                    return null;
                }
                paths.add(reach(from));
            }
            paths.add(reach(path));
        }
        return paths;
    }

    /**
     * A one-operation patch that {@code add}s an object member (the last token is neither {@code -} nor digits and
     * the parent is an object in {@code state}) at or above every path: the member's value is the patch's whatever
     * was there, the parent is outside the paths, and the limits an {@code add} is checked against (growth, depth)
     * depend on its value only.
     */
    @Override
    public boolean overwrites(String actionType, JsonNode input, String scope, JsonNode state,
            Collection<String> paths) {
        if (!PATCH.equals(actionType) || input == null || !input.isArray() || input.size() != 1) {
            return false;
        }
        JsonNode operation = input.get(0);
        String path = operation.path("path").textValue();
        if (!"add".equals(operation.path("op").textValue()) || !operation.has("value") || !isPointer(path)
                || path.isEmpty() || !reach(path).equals(path)) {
            return false;
        }
        for (String changed : paths) {
            if (!atOrUnder(changed, path)) {
                return false;
            }
        }
        try {
            return state.at(JsonPointer.compile(path.substring(0, path.lastIndexOf('/')))).isObject();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isPointer(String path) {
        return path != null && (path.isEmpty() || path.charAt(0) == '/');
    }

    /** Where an operation on {@code path} can change a state: the path, or its parent for a possible array index. */
    private static String reach(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return path;
        }
        String last = path.substring(slash + 1);
        boolean index = "-".equals(last) || (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9'));
        return index ? path.substring(0, slash) : path;
    }

    /** Whether JSON Pointer {@code path} names {@code ancestor} or a location inside it (tokens never hold '/'). */
    private static boolean atOrUnder(String path, String ancestor) {
        return path.startsWith(ancestor) && (path.length() == ancestor.length() || path.charAt(ancestor.length()) == '/');
    }

    /** Why the action cannot be a patch within {@code limits} (checked before any of it applies), or {@code null}. */
    private static String patchProblem(String actionType, JsonNode input, Limits limits) {
        if (!PATCH.equals(actionType)) {
            return "unknown action type " + actionType + " for document type " + TYPE + "; expected one of "
                    + ACTION_TYPES;
        }
        if (input == null || !input.isArray()) {
            return "invalid JSON Patch: the input must be a JSON array of operations, got "
                    + (input == null ? "nothing" : input.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        try {
            // Checks the whole patch (operation names, required members, pointer syntax) before any of it
            // is applied, so that applying can rely on those members.
            JsonPatch.validate(input);
        } catch (RuntimeException e) {
            return "invalid JSON Patch: " + failureMessage(e);
        }
        if (input.size() > limits.maxPatchOperations()) {
            return "the JSON Patch has " + input.size() + " operations; at most " + limits.maxPatchOperations()
                    + " are allowed (reactor.max.patch.operations)";
        }
        return null;
    }

    private static StateEdit rejection(boolean changed, String reason) {
        return changed ? StateEdit.spoiled(reason) : StateEdit.rejected(reason);
    }

    /**
     * The value an operation puts into the document: {@code value} for {@code add} and {@code replace},
     * the value at {@code from} for {@code copy} and {@code move} (missing: the library reports it),
     * nothing for {@code remove} and {@code test}.
     */
    private static JsonNode insertedValue(String op, JsonNode operation, JsonNode working) {
        return switch (op) {
            case "add", "replace" -> operation.get("value");
            case "copy", "move" -> {
                JsonNode from = working.at(JsonPointer.compile(operation.get("from").textValue()));
                yield from.isMissingNode() ? null : from;
            }
            default -> null;
        };
    }

    /** The number of reference tokens of a JSON Pointer: the depth of the location it names. */
    private static int pointerDepth(String pointer) {
        int depth = 0;
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    /**
     * Applies one operation (not {@code test}) to {@code working} in place, reports it to {@code changes}
     * and returns the resulting document (a new root when the operation's path is the root).
     */
    private static JsonNode applyOperation(JsonNode operation, String op, String path, JsonNode working,
            StateChanges changes) {
        JsonNode single = JsonNodeFactory.instance.arrayNode().add(operation);
        if (path.isEmpty()) {
            // The operation replaces the root; only the copying apply returns the new root.
            JsonNode root = JsonPatch.apply(single, working);
            changes.replaced(root, "");
            return root;
        }
        String from = operation.path("from").textValue();
        if ("move".equals(op) && path.equals(from)) {
            // Moving a value to where it is changes nothing (RFC 6902, 4.4).
            return working;
        }
        JsonPatch.applyInPlace(single, working);
        String target = appendedIndex(working, path);
        switch (op) {
            case "add", "copy" -> changes.added(working, target);
            case "remove" -> changes.removed(working, target);
            case "replace" -> changes.replaced(working, target);
            case "move" -> changes.moved(working, from, target);
            default -> throw new IllegalStateException("not a changing JSON Patch operation: " + op);
        }
        return working;
    }

    /** {@code path} with a last token {@code -} (the end of an array) replaced by the index it ended at. */
    private static String appendedIndex(JsonNode document, String path) {
        if (!path.endsWith("/-")) {
            return path;
        }
        String parent = path.substring(0, path.length() - 2);
        JsonNode array = document.at(JsonPointer.compile(parent));
        return array.isArray() ? parent + "/" + (array.size() - 1) : path;
    }

    /** Why {@code test} of {@code expected} at {@code path} fails on {@code document}, or {@code null}. */
    private static String testFailure(JsonNode document, String path, JsonNode expected) {
        JsonNode actual = document.at(JsonPointer.compile(path));
        if (actual.isMissingNode()) {
            return "no value at path \"" + path + "\"";
        }
        String expectedText = CanonicalJson.write(expected);
        String actualText = CanonicalJson.write(actual);
        if (expectedText.equals(actualText)) {
            return null;
        }
        return "at path \"" + path + "\" expected " + quote(expectedText) + " but found " + quote(actualText);
    }

    private static String quote(String canonicalText) {
        if (canonicalText.length() <= MAX_QUOTED_VALUE) {
            return canonicalText;
        }
        int end = MAX_QUOTED_VALUE;
        if (Character.isLowSurrogate(canonicalText.charAt(end))) {
            // Keeps a surrogate pair whole.
            end--;
        }
        return canonicalText.substring(0, end) + "...";
    }

    /**
     * The library's message for a failed patch. It reports some malformed patches (a path without a
     * leading slash, a member name used on an array) with plain runtime exceptions, not only its own.
     */
    private static String failureMessage(RuntimeException e) {
        if (e instanceof JsonPatchApplicationException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof IndexOutOfBoundsException) {
            return String.valueOf(e.getMessage());
        }
        throw e;
    }
}
