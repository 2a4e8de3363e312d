package dev.docreactor.reactor.api;

import static dev.docreactor.reactor.api.HttpExchangeSupport.MAPPER;
import static dev.docreactor.reactor.api.HttpExchangeSupport.error;
import static dev.docreactor.reactor.api.HttpExchangeSupport.jsonBody;
import static dev.docreactor.reactor.api.HttpExchangeSupport.query;
import static dev.docreactor.reactor.api.HttpExchangeSupport.send;
import static dev.docreactor.reactor.api.HttpExchangeSupport.sendText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.Ids;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import dev.docreactor.schema.ScopeState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor's HTTP API: JSON in and out, errors as {@code {"error": "..."}} with a 4xx status, never a
 * stack trace. Queries for data hosted by another instance of the same reactor are forwarded to it.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    /** Marks a forwarded request so it is never forwarded twice. */
    static final String FORWARDED_HEADER = "X-Reactor-Forwarded";
    private static final Pattern DOCUMENT = Pattern.compile("^/documents/([^/]+)$");
    private static final Pattern DOCUMENT_ACTIONS = Pattern.compile("^/documents/([^/]+)/actions$");
    private static final Pattern DOCUMENT_OPERATIONS = Pattern.compile("^/documents/([^/]+)/operations$");
    private static final Pattern DOCUMENT_SYNC = Pattern.compile("^/documents/([^/]+)/sync$");
    private static final Pattern JOB = Pattern.compile("^/jobs/([^/]+)$");
    private static final Pattern JOB_SYNC = Pattern.compile("^/jobs/([^/]+)/sync$");
    private static final int DEFAULT_OPERATIONS_LIMIT = 100;
    private static final int MAX_OPERATIONS_LIMIT = 1000;

    private final ReactorBackend backend;
    private final Duration waitTimeout;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient forwardClient;

    /**
     * Binds the API; call {@link #start()} to serve.
     *
     * @param backend the reactor instance
     * @param host bind address
     * @param port port, 0 for a free one
     * @param waitTimeout how long {@code ?wait=true} waits
     */
    public HttpApi(ReactorBackend backend, String host, int port, Duration waitTimeout) throws IOException {
        this.backend = backend;
        this.waitTimeout = waitTimeout;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "http-api");
            t.setDaemon(true);
            return t;
        });
        this.forwardClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts serving. */
    public HttpApi start() {
        server.start();
        log.info("HTTP API listening on port {}", port());
        return this;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (ApiException e) {
            send(exchange, e.status(), error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            // A rebalance moved or is restoring the store between locating it and reading it: retryable.
            send(exchange, 503, error("the reactor's stores are being rebalanced; retry shortly (" + e.getMessage() + ")"));
        } catch (RuntimeException e) {
            log.error("Unexpected error serving {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, 500, error("internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Matcher m;
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            boolean healthy = backend.healthy();
            send(exchange, healthy ? 200 : 503, Map.of("status", healthy ? "UP" : "DOWN", "streams", backend.streamsState()));
        } else if (path.equals("/metrics")) {
            requireMethod(method, "GET");
            sendText(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", backend.prometheusMetrics());
        } else if (path.equals("/models")) {
            requireMethod(method, "GET");
            send(exchange, 200, models());
        } else if (path.equals("/documents")) {
            requireMethod(method, "POST");
            createDocument(exchange);
        } else if ((m = DOCUMENT_ACTIONS.matcher(path)).matches()) {
            requireMethod(method, "POST");
            submitActions(exchange, Ids.requireDocumentId(m.group(1)));
        } else if ((m = DOCUMENT_OPERATIONS.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String documentId = Ids.requireDocumentId(m.group(1));
            if (!forward(exchange, backend.remoteOwnerOfDocument(documentId))) {
                operations(exchange, documentId);
            }
        } else if ((m = DOCUMENT_SYNC.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String documentId = Ids.requireDocumentId(m.group(1));
            if (!forward(exchange, backend.remoteOwnerOfDocument(documentId))) {
                Map<String, String> params = query(exchange);
                String remote = Optional.ofNullable(params.get("remote")).filter(r -> !r.isBlank())
                    .orElseThrow(() -> ApiException.badRequest("query parameter 'remote' (the remote reactor id) is required"));
                List<String> ids = List.of(params.getOrDefault("ids", "").split(",")).stream().filter(s -> !s.isBlank()).toList();
                if (ids.isEmpty()) {
                    send(exchange, 200, documentSyncSummary(documentId, remote, branchParam(exchange)));
                } else {
                    send(exchange, 200, backend.localSyncStatus(documentId, remote, ids));
                }
            }
        } else if ((m = DOCUMENT.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String documentId = Ids.requireDocumentId(m.group(1));
            if (!forward(exchange, backend.remoteOwnerOfDocument(documentId))) {
                document(exchange, documentId);
            }
        } else if ((m = JOB_SYNC.matcher(path)).matches()) {
            requireMethod(method, "GET");
            jobSync(exchange, Ids.requireJobId(m.group(1)));
        } else if ((m = JOB.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String jobId = Ids.requireJobId(m.group(1));
            if (!forward(exchange, backend.remoteOwnerOfJob(jobId))) {
                JobResult result = backend.localJobResult(jobId)
                    .orElseThrow(() -> ApiException.notFound("job " + jobId + " is unknown or not processed yet"));
                send(exchange, 200, jobStatus(result));
            }
        } else {
            throw ApiException.notFound("no such resource: " + method + " " + path);
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new ApiException(405, "method " + method + " not allowed here; use " + expected);
        }
    }

    private Map<String, Object> models() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (DocumentModel model : backend.models().models()) {
            models.add(Map.of("type", model.type(), "actions", model.actionTypes()));
        }
        return Map.of("models", models);
    }

    private void createDocument(HttpExchange exchange) throws IOException {
        JsonNode body = jsonBody(exchange);
        String type = requiredText(body, "type");
        if (backend.models().find(type).isEmpty()) {
            throw ApiException.badRequest("unregistered document type '" + type + "'; registered types: "
                + backend.models().models().stream().map(DocumentModel::type).toList());
        }
        String documentId = body.hasNonNull("id") ? Ids.requireDocumentId(textField(body, "id")) : UUID.randomUUID().toString();
        String branch = body.hasNonNull("branch") ? Ids.requireName("branch", textField(body, "branch")) : Ids.DEFAULT_BRANCH;
        ObjectNode input = MAPPER.createObjectNode().put("type", type);
        if (body.has("initialState")) {
            JsonNode initial = body.get("initialState");
            if (!initial.isObject()) {
                throw ApiException.badRequest("'initialState' must be an object of scope name to state");
            }
            input.set("initialState", initial);
        }
        long now = System.currentTimeMillis();
        Action create = Action.newBuilder().setId(UUID.randomUUID().toString()).setType(DocumentLifecycle.CREATE_DOCUMENT)
            .setScope(Scopes.DOCUMENT).setInput(CanonicalJson.write(input)).setTimestampUtcMs(now).build();
        Job job = newJob(documentId, branch, List.of(create), type, now);
        backend.submit(job);
        if (wantsWait(exchange)) {
            JobResult result = awaitResult(job.getJobId());
            if (result.getStatus() == JobStatus.FAILED) {
                send(exchange, failureStatus(result), Map.of("id", documentId, "jobId", job.getJobId(), "status", "FAILED", "error", result.getError()));
                return;
            }
        }
        send(exchange, 201, Map.of("id", documentId, "jobId", job.getJobId()));
    }

    private void submitActions(HttpExchange exchange, String documentId) throws IOException {
        JsonNode body = jsonBody(exchange);
        JsonNode actions = body.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw ApiException.badRequest("'actions' must be a non-empty array of {\"type\", \"input\", \"scope\"?}");
        }
        String branch = body.hasNonNull("branch") ? Ids.requireName("branch", textField(body, "branch")) : Ids.DEFAULT_BRANCH;
        long now = System.currentTimeMillis();
        List<Action> list = new ArrayList<>();
        int i = 0;
        for (JsonNode action : actions) {
            if (!action.isObject()) {
                throw ApiException.badRequest("actions[" + i + "] must be an object");
            }
            String type = requiredText(action, "type");
            String scope = action.hasNonNull("scope") ? Ids.requireName("scope", textField(action, "scope")) : Scopes.DEFAULT;
            String actionId = action.hasNonNull("id") ? Ids.requireName("action id", textField(action, "id")) : UUID.randomUUID().toString();
            JsonNode input = action.has("input") ? action.get("input") : MAPPER.nullNode();
            list.add(Action.newBuilder().setId(actionId).setType(type).setScope(scope)
                .setInput(CanonicalJson.write(input)).setTimestampUtcMs(now).build());
            i++;
        }
        Job job = newJob(documentId, branch, list, null, now);
        backend.submit(job);
        if (!wantsWait(exchange)) {
            send(exchange, 202, Map.of("jobId", job.getJobId()));
            return;
        }
        JobResult result = awaitResult(job.getJobId());
        Map<String, Object> response = jobStatus(result);
        send(exchange, result.getStatus() == JobStatus.COMPLETED ? 200 : failureStatus(result), response);
    }

    private static int failureStatus(JobResult result) {
        String error = result.getError() == null ? "" : result.getError();
        return error.contains(DocumentLifecycle.MISSING) ? 404 : 422;
    }

    private Job newJob(String documentId, String branch, List<Action> actions, String type, long now) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.EXECUTE)
            .setDocumentId(documentId).setDocumentType(type).setBranch(branch).setActions(actions)
            .setSubmittedUtcMs(now).build();
    }

    private static boolean wantsWait(HttpExchange exchange) {
        return "true".equalsIgnoreCase(query(exchange).get("wait"));
    }

    /** Waits for a job's result, wherever it is hosted: woken at once when hosted here, polled otherwise. */
    private JobResult awaitResult(String jobId) {
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        long pause = 2;
        while (System.nanoTime() < deadline) {
            Optional<JobResult> result;
            if (backend.remoteOwnerOfJob(jobId).isEmpty()) {
                // Re-check the owner now and then: a rebalance can move the job-results partition.
                long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                result = backend.awaitLocalJobResult(jobId, Duration.ofMillis(Math.min(remaining, 500)));
            } else {
                result = findJobResult(jobId);
                if (result.isEmpty()) {
                    pauseMillis(pause);
                    pause = Math.min(pause * 2, 50);
                }
            }
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new ApiException(504, "job " + jobId + " was accepted but no result arrived within " + waitTimeout.toMillis()
            + " ms; ask GET /jobs/" + jobId + " later");
    }

    private Optional<JobResult> findJobResult(String jobId) {
        Optional<String> owner = backend.remoteOwnerOfJob(jobId);
        if (owner.isEmpty()) {
            return backend.localJobResult(jobId);
        }
        JsonNode remote = forwardGet(owner.get(), "/jobs/" + jobId);
        if (remote == null || !remote.has("status")) {
            return Optional.empty();
        }
        JobResult.Builder result = JobResult.newBuilder().setJobId(jobId).setDocumentId(remote.path("documentId").asText(""))
            .setStatus(JobStatus.valueOf(remote.get("status").asText()))
            .setError(remote.hasNonNull("error") ? remote.get("error").asText() : null);
        List<OperationRef> refs = new ArrayList<>();
        for (JsonNode op : remote.path("operations")) {
            refs.add(OperationRef.newBuilder().setId(op.path("id").asText()).setScope(op.path("scope").asText())
                .setBranch(op.path("branch").asText(Ids.DEFAULT_BRANCH)).setIndex(op.path("index").asLong())
                .setHash(op.path("hash").asText()).setError(op.hasNonNull("error") ? op.get("error").asText() : null).build());
        }
        return Optional.of(result.setOperations(refs).build());
    }

    private static void pauseMillis(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting");
        }
    }

    static Map<String, Object> jobStatus(JobResult result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jobId", result.getJobId());
        response.put("documentId", result.getDocumentId());
        response.put("status", result.getStatus().name());
        if (result.getError() != null) {
            response.put("error", result.getError());
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        for (OperationRef ref : result.getOperations()) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("id", ref.getId());
            op.put("scope", ref.getScope());
            op.put("branch", ref.getBranch());
            op.put("index", ref.getIndex());
            op.put("hash", ref.getHash());
            if (ref.getError() != null) {
                op.put("error", ref.getError());
            }
            ops.add(op);
        }
        response.put("operations", ops);
        return response;
    }

    private void document(HttpExchange exchange, String documentId) throws IOException {
        String branch = branchParam(exchange);
        DocumentSnapshot snapshot = backend.localDocument(documentId, branch)
            .orElseThrow(() -> ApiException.notFound("document " + documentId + " not found on branch " + branch));
        if (snapshot.getDeleted()) {
            throw ApiException.notFound("document " + documentId + " was deleted");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", documentId);
        response.put("type", snapshot.getDocumentType());
        response.put("branch", snapshot.getBranch());
        Map<String, Object> revision = new TreeMap<>();
        Map<String, Object> state = new TreeMap<>();
        Map<String, Object> hash = new TreeMap<>();
        for (Map.Entry<String, ScopeState> scope : snapshot.getScopes().entrySet()) {
            revision.put(scope.getKey(), scope.getValue().getRevision());
            state.put(scope.getKey(), CanonicalJson.parse(scope.getValue().getState()));
            hash.put(scope.getKey(), scope.getValue().getHash());
        }
        response.put("revision", revision);
        response.put("state", state);
        response.put("hash", hash);
        send(exchange, 200, response);
    }

    private void operations(HttpExchange exchange, String documentId) throws IOException {
        Map<String, String> params = query(exchange);
        String scope = params.containsKey("scope") ? Ids.requireName("scope", params.get("scope")) : Scopes.DEFAULT;
        String branch = branchParam(exchange);
        long from = longParam(params, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(params, "limit", DEFAULT_OPERATIONS_LIMIT, 1, MAX_OPERATIONS_LIMIT);
        if (backend.localDocument(documentId, branch).isEmpty()) {
            throw ApiException.notFound("document " + documentId + " not found on branch " + branch);
        }
        ArrayNode ops = MAPPER.createArrayNode();
        for (Operation op : backend.localOperations(documentId, scope, branch, from, limit)) {
            ops.add(operationJson(op));
        }
        ObjectNode response = MAPPER.createObjectNode();
        response.set("operations", ops);
        send(exchange, 200, response);
    }

    /** The JSON form of an operation, as the operations endpoint and tools show it. */
    public static ObjectNode operationJson(Operation op) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", op.getId());
        node.put("index", op.getIndex());
        node.put("skip", op.getSkip());
        node.put("timestampUtcMs", op.getTimestampUtcMs());
        node.put("clock", op.getClock());
        node.put("hash", op.getHash());
        node.put("origin", op.getOrigin());
        if (op.getError() != null) {
            node.put("error", op.getError());
        }
        if (op.getReapplied()) {
            node.put("reapplied", true);
        }
        ObjectNode action = node.putObject("action");
        action.put("id", op.getAction().getId());
        action.put("type", op.getAction().getType());
        action.put("scope", op.getAction().getScope());
        action.set("input", CanonicalJson.parse(op.getAction().getInput()));
        return node;
    }

    private void jobSync(HttpExchange exchange, String jobId) throws IOException {
        Map<String, String> params = query(exchange);
        String remote = params.get("remote");
        if (remote == null || remote.isBlank()) {
            throw ApiException.badRequest("query parameter 'remote' (the remote reactor id) is required");
        }
        boolean wait = "true".equalsIgnoreCase(params.get("wait"));
        JobResult result = wait ? awaitResult(jobId) : findJobResult(jobId)
            .orElseThrow(() -> ApiException.notFound("job " + jobId + " is unknown or not processed yet"));
        List<String> ids = result.getOperations().stream().map(OperationRef::getId).toList();
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        long pause = 5;
        while (true) {
            Map<String, String> status = syncStatus(result.getDocumentId(), remote, ids);
            boolean pending = status.containsValue("pending");
            if (!pending || !wait || System.nanoTime() > deadline) {
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("jobId", jobId);
                response.put("remote", remote);
                response.put("status", result.getStatus() == JobStatus.FAILED ? "FAILED"
                    : pending ? "PENDING" : status.values().stream().anyMatch(s -> s.startsWith("failed")) ? "FAILED_REMOTELY" : "APPLIED");
                response.put("operations", status);
                send(exchange, pending && wait ? 504 : 200, response);
                return;
            }
            pauseMillis(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    private Map<String, String> syncStatus(String documentId, String remote, List<String> ids) {
        Optional<String> owner = backend.remoteOwnerOfDocument(documentId);
        if (owner.isEmpty()) {
            return backend.localSyncStatus(documentId, remote, ids);
        }
        // The acknowledgements live with the document's partition: ask the hosting instance.
        Map<String, String> status = new LinkedHashMap<>();
        JsonNode remoteStatus = forwardGet(owner.get(), "/documents/" + documentId + "/sync?remote=" + remote
            + "&ids=" + String.join(",", ids));
        ids.forEach(id -> status.put(id, remoteStatus == null ? "pending" : remoteStatus.path(id).asText("pending")));
        return status;
    }

    /** Per remote and document: how many of this reactor's synchronized operations are pending, applied, failed. */
    private Map<String, Object> documentSyncSummary(String documentId, String remote, String branch) {
        List<String> ids = backend.localOwnOperationIds(documentId, branch);
        Map<String, String> status = backend.localSyncStatus(documentId, remote, ids);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("documentId", documentId);
        response.put("branch", branch);
        response.put("remote", remote);
        response.put("pending", status.values().stream().filter("pending"::equals).count());
        response.put("applied", status.values().stream().filter("applied"::equals).count());
        response.put("failed", status.values().stream().filter(v -> v.startsWith("failed")).count());
        response.put("operations", status);
        return response;
    }

    private static String branchParam(HttpExchange exchange) {
        String branch = query(exchange).get("branch");
        return branch == null || branch.isEmpty() ? Ids.DEFAULT_BRANCH : Ids.requireName("branch", branch);
    }

    private static long longParam(Map<String, String> params, String name, long fallback, long min, long max) {
        String raw = params.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value < min || value > max) {
                throw ApiException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number, was '" + raw + "'");
        }
    }

    private static String requiredText(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw ApiException.badRequest("missing field '" + field + "'");
        }
        return textField(node, field);
    }

    private static String textField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    /** Relays the request to the instance that hosts the data; false when it is hosted here. */
    private boolean forward(HttpExchange exchange, Optional<String> owner) throws IOException {
        if (owner.isEmpty() || exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
            return false;
        }
        URI uri = URI.create("http://" + owner.get() + exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        try {
            HttpResponse<byte[]> response = forwardClient.send(HttpRequest.newBuilder(uri).GET()
                .header(FORWARDED_HEADER, "1").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", response.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.getResponseHeaders().set("X-Reactor-Served-By", owner.get());
            HttpExchangeSupport.write(exchange, response.statusCode(), response.body());
            return true;
        } catch (IOException e) {
            throw new ApiException(503, "instance " + owner.get() + " hosting this data is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while forwarding to " + owner.get());
        }
    }

    private JsonNode forwardGet(String owner, String pathAndQuery) {
        try {
            HttpResponse<byte[]> response = forwardClient.send(HttpRequest.newBuilder(URI.create("http://" + owner + pathAndQuery))
                .GET().header(FORWARDED_HEADER, "1").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            log.debug("Forwarded query to {} failed: {}", owner, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
