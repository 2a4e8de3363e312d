package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code create}: creates a document ({@code POST /documents}). */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a document.")
final class CreateCommand extends CtlCommand {

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
        description = "Document type, e.g. todo-list or json (GET /models lists them).")
    String type;

    @Option(names = "--id", paramLabel = "ID", description = "Document id (default: a new UUID).")
    String id;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Branch (default: main).")
    String branch;

    @Option(names = "--initial-state", paramLabel = "JSON",
        description = "Initial state as a JSON object of scope name to state, e.g. '{\"global\":{\"a\":1}}'.")
    String initialState;

    @Option(names = "--no-wait", description = "Return once the job is queued instead of waiting for its result.")
    boolean noWait;

    @Override
    int execute() {
        ObjectNode body = ReactorClient.MAPPER.createObjectNode().put("type", type);
        if (id != null) {
            body.put("id", id);
        }
        if (branch != null) {
            body.put("branch", branch);
        }
        if (initialState != null) {
            body.set("initialState", parse(initialState, "--initial-state"));
        }
        ReactorClient.Response response = ctl().client().post("/documents" + (noWait ? "" : "?wait=true"), body);
        if (!response.ok()) {
            if (json() && response.body().isObject()) {
                printJson(response.body());
            }
            throw new CtlException(response.error() + " (HTTP " + response.status() + ")");
        }
        if (json()) {
            printJson(response.body());
        } else {
            print((noWait ? "queued creation of document " : "created document ") + response.body().path("id").asText()
                + " (job " + response.body().path("jobId").asText() + ")");
        }
        return 0;
    }

    static JsonNode parse(String json, String option) {
        try {
            return ReactorClient.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CtlException(option + " is not valid JSON: " + e.getOriginalMessage(), 2);
        }
    }
}
