package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resume}: clears a document's unprocessable mark ({@code POST /documents/{id}/resume}). */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Clear a document's unprocessable mark once its cause is fixed, so its jobs run again.")
final class ResumeCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "Document id.")
    String documentId;

    @Option(names = "--no-wait", description = "Return once the RESUME job is queued instead of waiting for its result.")
    boolean noWait;

    @Override
    int execute() {
        ReactorClient.Response response = ctl().client().post("/documents/" + ReactorClient.segment(documentId)
            + "/resume" + (noWait ? "" : "?wait=true"), ReactorClient.MAPPER.createObjectNode());
        JsonNode result = response.body();
        if (json() && result.isObject()) {
            printJson(result);
        }
        if (!response.ok()) {
            throw new CtlException("resume " + documentId + ": " + response.error() + " (HTTP " + response.status() + ")");
        }
        if (!json()) {
            print((noWait ? "queued job " : "resumed " + documentId + ": job ") + result.path("jobId").asText());
        }
        return 0;
    }
}
