package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.JsonMeasure;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.Reduction;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one job on one document branch: merges operations into its streams through a
 * {@link StagedMergeStorage} and keeps the branch's {@link DocumentHeader} up to date. Used once and
 * thrown away.
 *
 * <p>Every stream merge is one rebase at most: find the insertion point {@code p} (binary search over
 * the effective list, skipped when everything new orders after the last operation in effect), undo
 * {@code k = size - p} operations by re-applying them, merged in canonical order with the new ones,
 * from the state before {@code p} (the nearest checkpoint plus fewer than {@code checkpointInterval}
 * operations). Cost: O(log n + k + new + checkpointInterval) storage accesses.
 */
final class DocumentSession {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentSession.class);

    private static final Comparator<Operation> CANONICAL = (a, b) -> OperationKey.of(a).compareTo(OperationKey.of(b));

    private static final HexFormat HEX = HexFormat.of();

    /** A reducer's verdict on one operation: the state after it, and why it failed (or null). */
    private record Step(JsonNode state, String error, String text) {
        Step(JsonNode state, String error) {
            this(state, error, null);
        }
    }

    /** The state as a stream is re-applied, with its canonical text and hash computed on demand. */
    private final class CurrentState {
        private JsonNode node;
        private String text;
        private String hash;

        CurrentState(JsonNode node, String text, String hash) {
            this.node = node;
            this.text = text;
            this.hash = hash;
        }

        void set(JsonNode newNode, String canonicalText) {
            node = newNode;
            text = canonicalText;
            hash = null;
        }

        String text() {
            if (text == null) {
                text = CanonicalJson.write(node);
            }
            return text;
        }

        String hash() {
            if (hash == null) {
                hash = sha256(text());
            }
            return hash;
        }
    }

    private final String reactorId;
    private final DocumentModelRegistry registry;
    private final StagedMergeStorage storage;
    private final int checkpointInterval;
    private final Limits limits;
    private final long maxClockAheadMillis;
    private final String documentId;
    private final String branch;
    private final MessageDigest sha256;
    private final List<OperationOutcome> outcomes = new ArrayList<>();
    /** Operations released from pending during this job, waiting to be merged. */
    private final List<Operation> releasedBatch = new ArrayList<>();
    private boolean recordOutcomes = true;
    private DocumentHeader header;
    private String parsedInitialStatesText;
    private JsonNode parsedInitialStates;
    private int duplicates;
    private int buffered;
    private int released;

    DocumentSession(String reactorId, DocumentModelRegistry registry, StagedMergeStorage storage,
            MergeSettings settings, String documentId, String branch) {
        this.reactorId = reactorId;
        this.registry = registry;
        this.storage = storage;
        this.checkpointInterval = settings.checkpointInterval();
        this.limits = settings.limits();
        this.maxClockAheadMillis = settings.maxClockAheadMillis();
        this.documentId = documentId;
        this.branch = branch;
        this.header = storage.header(documentId, branch).orElse(DocumentHeader.EMPTY);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    List<OperationOutcome> outcomes() {
        return outcomes;
    }

    int duplicates() {
        return duplicates;
    }

    int buffered() {
        return buffered;
    }

    int released() {
        return released;
    }

    /** Stages the header; call once the job's merges are done. */
    void finish() {
        storage.putHeader(documentId, branch, header);
    }

    // ---------------------------------------------------------------------------------------------
    // EXECUTE

    /**
     * Applies a job's actions as new local operations, in order, each with a fresh clock tick (so each
     * appends at the end of its stream).
     *
     * @return {@code null} when every action applied, else why the job fails (the caller then discards
     *     the stage)
     */
    String execute(String jobDocumentType, List<Action> actions, long wallMillis) {
        if (actions.isEmpty()) {
            return "the job has no actions";
        }
        OperationKey createdBefore = header.createKey();
        for (Action requested : actions) {
            String problem = actionProblem(requested);
            if (problem != null) {
                return problem;
            }
            Action action = requested;
            String scope = action.getScope();
            JsonNode input;
            try {
                input = parseInput(action.getInput());
            } catch (IllegalArgumentException e) {
                return "action " + action.getId() + ": the input is not a JSON value";
            }
            boolean creation = Scopes.DOCUMENT.equals(scope)
                    && DocumentLifecycle.CREATE_DOCUMENT.equals(action.getType());
            String type = header.type();
            if (creation) {
                if (header.deleted()) {
                    return DocumentLifecycle.DELETED;
                }
                if (header.created()) {
                    return DocumentLifecycle.ALREADY_EXISTS;
                }
                if (input.isNull() || (input.isObject() && !input.has(DocumentLifecycle.TYPE))) {
                    if (jobDocumentType == null) {
                        return "action " + action.getId() + ": " + DocumentLifecycle.INVALID_CREATION
                                + "no \"type\" in the input and no document type in the job";
                    }
                    ObjectNode withType = input.isNull() ? CanonicalJson.mapper().createObjectNode()
                            : ((ObjectNode) input).deepCopy();
                    withType.put(DocumentLifecycle.TYPE, jobDocumentType);
                    input = withType;
                    action = Action.newBuilder(action).setInput(CanonicalJson.write(withType)).build();
                }
                String invalid = DocumentLifecycle.creationProblem(input);
                if (invalid != null) {
                    return "action " + action.getId() + ": " + invalid;
                }
                type = input.get(DocumentLifecycle.TYPE).textValue();
                if (jobDocumentType != null && !jobDocumentType.equals(type)) {
                    return "action " + action.getId() + ": creates a document of type '" + type
                            + "' but the job is for type '" + jobDocumentType + "'";
                }
                if (registry.find(type).isEmpty()) {
                    return "unknown document type '" + type + "'; registered types: " + registry.types();
                }
            } else {
                if (!header.created()) {
                    return DocumentLifecycle.MISSING;
                }
                if (header.deleted()) {
                    return DocumentLifecycle.DELETED;
                }
            }
            long clock = HybridLogicalClock.tick(header.clock(), wallMillis);
            header = header.withClock(clock);
            StreamId stream = stream(scope);
            String id = IdRules.operationId(reactorId, action.getId());
            if (storage.idEntry(stream, id).isPresent()) {
                return "action " + action.getId() + ": an operation with id " + id + " already exists in scope "
                        + scope;
            }
            Operation operation = new Operation(id, documentId, type == null ? "" : type, scope, branch, 0L, 0,
                    wallMillis, clock, "", reactorId, action, null, false);
            Map<String, List<Operation>> byScope = new TreeMap<>();
            byScope.put(scope, List.of(operation));
            int before = outcomes.size();
            mergeAll(byScope, header.createKey(), header.deleteKey());
            OperationOutcome outcome = outcomes.get(before);
            if (outcome.error() != null) {
                return "action " + action.getId() + " rejected: " + outcome.error();
            }
        }
        if (createdBefore == null && header.created()) {
            // Operations of other reactors may have waited for this creation.
            recordOutcomes = false;
            releasePending(header.createKey());
            if (!releasedBatch.isEmpty()) {
                Map<String, List<Operation>> byScope = new TreeMap<>();
                for (Operation operation : releasedBatch) {
                    byScope.computeIfAbsent(operation.getScope(), scope -> new ArrayList<>()).add(operation);
                }
                releasedBatch.clear();
                mergeAll(byScope, header.createKey(), header.deleteKey());
            }
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

    // ---------------------------------------------------------------------------------------------
    // LOAD

    /**
     * Merges remote operations of this document branch (already validated, none in the local scope):
     * drops the ones this reactor has, buffers the ones that wait for the document's creation, and
     * merges the rest with one rebase per stream at most.
     */
    void load(List<Operation> operations, long wallMillis) {
        Map<String, Operation> fresh = new LinkedHashMap<>();
        for (Operation operation : operations) {
            header = header.withClock(HybridLogicalClock.observe(header.clock(), operation.getClock(), wallMillis,
                    maxClockAheadMillis));
            OperationKey key = OperationKey.of(operation);
            String batchKey = operation.getScope() + '/' + operation.getId();
            Operation earlier = fresh.get(batchKey);
            if (earlier != null) {
                duplicates++;
                warnIfConflicting(operation, OperationKey.of(earlier));
                continue;
            }
            StreamId stream = stream(operation.getScope());
            Optional<OperationKey> known = storage.idEntry(stream, operation.getId());
            if (known.isPresent()) {
                duplicates++;
                warnIfConflicting(operation, known.get());
                continue;
            }
            Optional<Operation> waiting = storage.pendingOperation(stream, operation.getId());
            if (waiting.isPresent()) {
                duplicates++;
                warnIfConflicting(operation, OperationKey.of(waiting.get()));
                continue;
            }
            fresh.put(batchKey, operation);
            LOG.trace("{}: new operation {} with key {}", stream, operation.getId(), key);
        }

        OperationKey oldCreate = header.createKey();
        OperationKey oldDelete = header.deleteKey();
        // The creation in effect is the first valid creation in canonical order, so it is known before
        // merging, and with it which operations can be merged now and which must wait.
        OperationKey newCreate = oldCreate;
        for (Operation operation : fresh.values()) {
            if (isValidCreation(operation)) {
                newCreate = OperationKey.min(newCreate, OperationKey.of(operation));
            }
        }
        List<Operation> candidates = new ArrayList<>(fresh.values());
        if (newCreate != null && !newCreate.equals(oldCreate)) {
            releasePending(newCreate);
            candidates.addAll(releasedBatch);
            releasedBatch.clear();
        }
        Map<String, List<Operation>> byScope = new TreeMap<>();
        for (Operation operation : candidates) {
            if (mayMerge(operation, newCreate)) {
                byScope.computeIfAbsent(operation.getScope(), scope -> new ArrayList<>()).add(operation);
            } else {
                storage.putPending(stream(operation.getScope()), operation);
                buffered++;
                LOG.trace("{}: operation {} waits for the document's creation", documentId, operation.getId());
            }
        }
        mergeAll(byScope, oldCreate, oldDelete);
        if (!Objects.equals(newCreate, header.createKey())) {
            throw new IllegalStateException("document " + documentId + "/" + branch + ": expected the creation "
                    + newCreate + " to be in effect after merging, found " + header.createKey());
        }
    }

    /** Whether an operation can be merged now, given the creation in effect {@code create}. */
    private static boolean mayMerge(Operation operation, OperationKey create) {
        if (Scopes.DOCUMENT.equals(operation.getScope())
                && DocumentLifecycle.CREATE_DOCUMENT.equals(operation.getAction().getType())) {
            return true;
        }
        return create != null && OperationKey.of(operation).isAfter(create);
    }

    private static boolean isValidCreation(Operation operation) {
        if (!Scopes.DOCUMENT.equals(operation.getScope())
                || !DocumentLifecycle.CREATE_DOCUMENT.equals(operation.getAction().getType())) {
            return false;
        }
        try {
            return DocumentLifecycle.creationProblem(parseInput(operation.getAction().getInput())) == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Moves the pending operations that order after {@code create} from pending to {@link #releasedBatch}. */
    private void releasePending(OperationKey create) {
        for (Operation operation : storage.pendingOperations(documentId, branch)) {
            if (OperationKey.of(operation).isAfter(create)) {
                storage.deletePending(stream(operation.getScope()), operation.getId());
                releasedBatch.add(operation);
                released++;
            }
        }
    }

    private void warnIfConflicting(Operation operation, OperationKey known) {
        OperationKey key = OperationKey.of(operation);
        if (!key.equals(known)) {
            LOG.warn("document {}/{} scope {}: ignoring operation {} with key {}: an operation with that id and key {}"
                    + " is already known", documentId, branch, operation.getScope(), operation.getId(), key, known);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Merging

    /**
     * Merges operations into their streams, the {@code document} stream first (it decides the
     * lifecycle), then every other stream that has new operations or that a lifecycle change affects.
     *
     * @param byScope new operations by scope; none may be in its stream already
     * @param oldCreate the creation in effect before the job
     * @param oldDelete the deletion in effect before the job
     */
    private void mergeAll(Map<String, List<Operation>> byScope, OperationKey oldCreate, OperationKey oldDelete) {
        List<Operation> lifecycle = byScope.get(Scopes.DOCUMENT);
        if (lifecycle != null) {
            mergeStream(stream(Scopes.DOCUMENT), lifecycle, false, null);
        }
        // A different creation may change the type and the initial states: every stream starts over.
        // Before any creation no other stream can exist, so a first creation changes nothing.
        boolean recreated = oldCreate != null && !oldCreate.equals(header.createKey());
        // A different deletion changes the outcome of the operations after the earlier of the two.
        OperationKey deletionBound = Objects.equals(oldDelete, header.deleteKey()) ? null
                : OperationKey.min(oldDelete, header.deleteKey());
        TreeSet<String> scopes = new TreeSet<>(byScope.keySet());
        if (recreated || deletionBound != null) {
            scopes.addAll(header.scopes());
        }
        scopes.remove(Scopes.DOCUMENT);
        for (String scope : scopes) {
            mergeStream(stream(scope), byScope.getOrDefault(scope, List.of()), recreated, deletionBound);
        }
    }

    /**
     * Merges new operations into one stream with at most one rebase.
     *
     * @param incoming new operations, none in the stream yet (sorted here)
     * @param rebaseAll re-apply the whole stream (the creation in effect changed)
     * @param rebaseAfter re-apply at least every operation ordering after this key, or {@code null}
     */
    private void mergeStream(StreamId stream, List<Operation> incoming, boolean rebaseAll, OperationKey rebaseAfter) {
        List<Operation> added = new ArrayList<>(incoming);
        added.sort(CANONICAL);
        StreamHead head = storage.head(stream).orElse(null);
        long size = head == null ? 0 : head.size();
        long from = size;
        if (rebaseAll) {
            from = 0;
        }
        if (rebaseAfter != null && head != null) {
            from = Math.min(from, firstAfter(stream, head, rebaseAfter));
        }
        if (!added.isEmpty() && head != null) {
            from = Math.min(from, firstAfter(stream, head, OperationKey.of(added.get(0))));
        }
        if (from == size && added.isEmpty()) {
            return;
        }
        int undone = Math.toIntExact(size - from);
        List<Operation> tail = new ArrayList<>(undone);
        for (long position = from; position < size; position++) {
            EffectiveEntry entry = effectiveAt(stream, position);
            tail.add(logAt(stream, entry.logIndex()));
        }
        CurrentState state = from == size && head != null
                ? new CurrentState(CanonicalJson.parse(head.state()), head.state(), head.hash())
                : new CurrentState(stateBefore(stream, from), null, null);
        boolean lifecycle = Scopes.DOCUMENT.equals(stream.scope());
        int total = tail.size() + added.size();
        long index = head == null ? 0 : head.nextIndex();
        int t = 0;
        int a = 0;
        OperationKey lastKey = null;
        for (int i = 0; i < total; i++) {
            boolean reapplied;
            Operation operation;
            if (a >= added.size() || (t < tail.size() && CANONICAL.compare(tail.get(t), added.get(a)) < 0)) {
                operation = tail.get(t++);
                reapplied = true;
            } else {
                operation = added.get(a++);
                reapplied = false;
            }
            OperationKey key = OperationKey.of(operation);
            if (i == 0 && lifecycle) {
                forgetLifecycleFrom(key);
            }
            long position = from + i;
            String checkpoint = position > 0 && position % checkpointInterval == 0 ? state.text() : null;
            Step step = apply(stream, state.node, operation, key);
            if (step.error() == null) {
                state.set(step.state(), step.text());
                if (lifecycle) {
                    learnLifecycle(operation, key);
                }
            }
            String type = header.type() != null ? header.type()
                    : operation.getDocumentType() != null ? operation.getDocumentType() : "";
            Operation entry = new Operation(operation.getId(), documentId, type, stream.scope(), branch, index,
                    i == 0 ? undone : 0, operation.getTimestampUtcMs(), operation.getClock(), state.hash(),
                    operation.getOrigin(), operation.getAction(), step.error(), reapplied);
            storage.appendLog(stream, entry);
            storage.putEffective(stream, position, new EffectiveEntry(key, index, checkpoint));
            if (!reapplied) {
                storage.putIdEntry(stream, operation.getId(), key);
                if (recordOutcomes) {
                    outcomes.add(new OperationOutcome(entry.getId(), stream.scope(), branch, index, entry.getHash(),
                            step.error()));
                }
            }
            LOG.trace("{}: appended {} at index {} (skip {}, reapplied {}, error {})", stream, entry.getId(), index,
                    entry.getSkip(), reapplied, step.error());
            index++;
            lastKey = key;
        }
        storage.putHead(stream, new StreamHead(index, from + total, state.text(), state.hash(), lastKey));
        header = header.withScope(stream.scope());
        if (undone > 0) {
            LOG.debug("{}: rebased {} operations from position {} and merged {} new ones", stream, undone, from,
                    added.size());
        }
    }

    /** The first position whose key orders after {@code key} (binary search; none when after the last). */
    private long firstAfter(StreamId stream, StreamHead head, OperationKey key) {
        if (!head.lastKey().isAfter(key)) {
            return head.size();
        }
        long low = 0;
        long high = head.size() - 1;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (effectiveAt(stream, middle).key().isAfter(key)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * The state after the first {@code position} operations in effect: the nearest checkpoint at or
     * before it, then the operations in between (their recorded outcome says which ones applied).
     */
    private JsonNode stateBefore(StreamId stream, long position) {
        long start = position - position % checkpointInterval;
        JsonNode state = null;
        while (start > 0 && state == null) {
            String checkpoint = effectiveAt(stream, start).checkpoint();
            if (checkpoint != null) {
                state = CanonicalJson.parse(checkpoint);
            } else {
                // Written with another checkpoint interval: an earlier position may have one.
                start -= checkpointInterval;
            }
        }
        if (state == null) {
            state = initialState(stream.scope());
        }
        for (long p = start; p < position; p++) {
            Operation operation = logAt(stream, effectiveAt(stream, p).logIndex());
            if (operation.getError() != null) {
                continue;
            }
            Reduction reduction = reduce(stream.scope(), state, operation, parseInput(operation.getAction().getInput()));
            if (reduction instanceof Reduction.Applied applied) {
                state = applied.state();
            } else {
                throw new IllegalStateException(stream + ": operation " + operation.getId() + " at index "
                        + operation.getIndex() + " was recorded as applied but its reducer now rejects it: "
                        + ((Reduction.Rejected) reduction).reason());
            }
        }
        return state;
    }

    /** Applies one operation in canonical position: the lifecycle checks, then the scope's reducer. */
    private Step apply(StreamId stream, JsonNode state, Operation operation, OperationKey key) {
        JsonNode input;
        try {
            input = parseInput(operation.getAction().getInput());
        } catch (IllegalArgumentException e) {
            return new Step(state, "the action input is not a JSON value");
        }
        if (JsonMeasure.depthAtMost(input, limits.maxDepth()) > limits.maxDepth()) {
            return new Step(state, "the action input nests deeper than " + limits.maxDepth()
                    + " levels (reactor.max.json.depth)");
        }
        if (Scopes.DOCUMENT.equals(stream.scope())
                && DocumentLifecycle.CREATE_DOCUMENT.equals(operation.getAction().getType())) {
            String tooLarge = initialStatesProblem(input);
            if (tooLarge != null) {
                return new Step(state, tooLarge);
            }
        }
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
        if (JsonMeasure.sizeAtMost(next, 2L * limits.maxStateBytes()) > 2L * limits.maxStateBytes()) {
            return new Step(previous, tooLarge);
        }
        String text = CanonicalJson.write(next);
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
        DocumentModel model = registry.find(header.type())
                .orElseThrow(() -> new IllegalStateException("no model for type " + header.type()));
        return model.reduce(state, actionType, input, scope, limits);
    }

    /** The state a scope starts from: the creation's initial state for it, else the model's. */
    private JsonNode initialState(String scope) {
        if (Scopes.DOCUMENT.equals(scope)) {
            return DocumentLifecycle.initialState();
        }
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

    /** Before the lifecycle stream is re-applied from {@code first} on: forget what those operations decided. */
    private void forgetLifecycleFrom(OperationKey first) {
        boolean keepCreation = header.createKey() != null && first.isAfter(header.createKey());
        boolean keepDeletion = header.deleteKey() != null && first.isAfter(header.deleteKey());
        if (keepCreation) {
            header = header.withLifecycle(header.type(), header.createKey(), keepDeletion ? header.deleteKey() : null,
                    header.initialStates());
        } else {
            header = header.withLifecycle(null, null, null, null);
        }
    }

    /** After a lifecycle operation applied: record the creation or deletion in the header. */
    private void learnLifecycle(Operation operation, OperationKey key) {
        String actionType = operation.getAction().getType();
        if (DocumentLifecycle.CREATE_DOCUMENT.equals(actionType)) {
            DocumentLifecycle.Creation creation = DocumentLifecycle.creation(parseInput(operation.getAction().getInput()));
            header = header.withLifecycle(creation.type(), key, header.deleteKey(),
                    creation.initialStates() == null ? null : CanonicalJson.write(creation.initialStates()));
        } else if (DocumentLifecycle.DELETE_DOCUMENT.equals(actionType)) {
            header = header.withLifecycle(header.type(), header.createKey(), key, header.initialStates());
        }
    }

    private EffectiveEntry effectiveAt(StreamId stream, long position) {
        return storage.effective(stream, position).orElseThrow(() -> new IllegalStateException(
                stream + ": no effective entry at position " + position));
    }

    private Operation logAt(StreamId stream, long index) {
        return storage.logEntry(stream, index).orElseThrow(() -> new IllegalStateException(
                stream + ": no log entry at index " + index));
    }

    private StreamId stream(String scope) {
        return new StreamId(documentId, branch, scope);
    }

    private static JsonNode parseInput(String input) {
        return input == null ? NullNode.getInstance() : CanonicalJson.parse(input);
    }

    /** Hex SHA-256 of the UTF-8 bytes of canonical JSON text: the same value as {@code CanonicalJson.hash}. */
    private String sha256(String canonicalText) {
        return HEX.formatHex(sha256.digest(canonicalText.getBytes(StandardCharsets.UTF_8)));
    }
}
