package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get}: a document's current state ({@code GET /documents/{id}}). */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a document's current state per scope.")
final class GetCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "Document id.")
    String documentId;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Branch (default: main).")
    String branch;

    @Override
    int execute() {
        JsonNode doc = ctl().client().getOk("/documents/" + ReactorClient.segment(documentId)
            + (branch == null ? "" : "?branch=" + ReactorClient.query(branch)));
        if (json()) {
            printJson(doc);
            return 0;
        }
        print("document " + doc.path("id").asText() + " (type " + doc.path("type").asText() + ", branch "
            + doc.path("branch").asText() + ")");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("state").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> scope = it.next();
            print("  " + scope.getKey() + ": revision " + doc.path("revision").path(scope.getKey()).asLong() + ", hash "
                + doc.path("hash").path(scope.getKey()).asText());
            print("    " + scope.getValue());
        }
        return 0;
    }
}
