package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code submit}: submits actions to a document ({@code POST /documents/{id}/actions}). */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit actions to a document, all applied or none (one job).")
final class SubmitCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "Document id.")
    String documentId;

    @Option(names = {"-a", "--action"}, paramLabel = "JSON",
        description = "An action as JSON: {\"type\": ..., \"input\": ..., \"scope\"?: ...}; repeat for several.")
    List<String> actions = new ArrayList<>();

    @Option(names = {"-f", "--actions-file"}, paramLabel = "FILE",
        description = "A file holding a JSON array of actions (or {\"actions\": [...]}); '-' reads stdin.")
    Path actionsFile;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Branch (default: main).")
    String branch;

    @Option(names = "--no-wait", description = "Return once the job is queued instead of waiting for its result.")
    boolean noWait;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
        description = "A key that makes a retry safe: the same submission with the same key is applied once and "
            + "answered with the first attempt's job (use a new UUID per submission).")
    String idempotencyKey;

    @Override
    int execute() {
        ArrayNode list = ReactorClient.MAPPER.createArrayNode();
        for (String action : actions) {
            list.add(CreateCommand.parse(action, "--action"));
        }
        if (actionsFile != null) {
            JsonNode fromFile = CreateCommand.parse(readFile(), "--actions-file");
            JsonNode array = fromFile.isObject() ? fromFile.path("actions") : fromFile;
            if (!array.isArray()) {
                throw new CtlException("--actions-file must hold a JSON array of actions or {\"actions\": [...]}", 2);
            }
            array.forEach(list::add);
        }
        if (list.isEmpty()) {
            throw new CtlException("no actions: give --action JSON (repeatable) or --actions-file FILE", 2);
        }
        ObjectNode body = ReactorClient.MAPPER.createObjectNode();
        body.set("actions", list);
        if (branch != null) {
            body.put("branch", branch);
        }
        if (idempotencyKey != null) {
            body.put("idempotencyKey", idempotencyKey);
        }
        ReactorClient.Response response = ctl().client().post("/documents/" + ReactorClient.segment(documentId)
            + "/actions" + (noWait ? "" : "?wait=true"), body);
        JsonNode result = response.body();
        if (json() && result.isObject()) {
            printJson(result);
        }
        if (!response.ok()) {
            String jobId = result.path("jobId").asText("");
            throw new CtlException((jobId.isEmpty() ? "" : "job " + jobId + " ") + (result.has("status")
                ? result.path("status").asText() + ": " : "") + response.error() + " (HTTP " + response.status() + ")");
        }
        if (!json()) {
            if (noWait) {
                print("queued job " + result.path("jobId").asText());
            } else {
                print("job " + result.path("jobId").asText() + " " + result.path("status").asText() + ": "
                    + result.path("operations").size() + " operation(s)");
                for (JsonNode op : result.path("operations")) {
                    print("  " + op.path("scope").asText() + "#" + op.path("index").asLong() + " " + op.path("id").asText()
                        + (op.hasNonNull("error") ? " rejected: " + op.path("error").asText() : ""));
                }
            }
        }
        return 0;
    }

    private String readFile() {
        try {
            return actionsFile.toString().equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                : Files.readString(actionsFile);
        } catch (IOException e) {
            throw new CtlException("cannot read --actions-file " + actionsFile + ": " + e.getMessage(), 2);
        }
    }
}
