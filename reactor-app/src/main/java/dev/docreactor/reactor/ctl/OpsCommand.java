package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.contract.Scopes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops}: a document stream's operations ({@code GET /documents/{id}/operations}). */
@Command(name = "ops", mixinStandardHelpOptions = true,
    description = "List the operations of one (document, scope, branch) stream, in log order.")
final class OpsCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "Document id.")
    String documentId;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = Scopes.DEFAULT, description = "Scope (default ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Branch (default: main).")
    String branch;

    @Option(names = "--from", paramLabel = "INDEX", defaultValue = "0", description = "First index (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Most operations, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int execute() {
        StringBuilder path = new StringBuilder("/documents/").append(ReactorClient.segment(documentId))
            .append("/operations?scope=").append(ReactorClient.query(scope))
            .append("&from=").append(from).append("&limit=").append(limit);
        if (branch != null) {
            path.append("&branch=").append(ReactorClient.query(branch));
        }
        JsonNode body = ctl().client().getOk(path.toString());
        if (json()) {
            printJson(body);
            return 0;
        }
        JsonNode ops = body.path("operations");
        for (JsonNode op : ops) {
            print(op.path("index").asLong() + " " + op.path("action").path("type").asText() + " id=" + op.path("id").asText()
                + " origin=" + op.path("origin").asText()
                + (op.path("skip").asInt() > 0 ? " skip=" + op.path("skip").asInt() : "")
                + (op.path("behind").asInt() > 0 ? " behind=" + op.path("behind").asInt() : "")
                + (op.path("reapplied").asBoolean() ? " reapplied" : "")
                + (op.hasNonNull("error") ? " error=" + op.path("error").asText() : "")
                + " input=" + op.path("action").path("input"));
        }
        if (ops.isEmpty()) {
            print("no operations in scope " + scope + " from index " + from);
        }
        return 0;
    }
}
