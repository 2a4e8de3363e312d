package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sync-status}: whether a job's operations reached each remote, and the replication lag from it
 * ({@code GET /jobs/{id}/sync?remote=}).
 */
@Command(name = "sync-status", mixinStandardHelpOptions = true,
    description = "Show, per remote reactor, whether a job's operations were applied there (APPLIED, PENDING, "
        + "FAILED_REMOTELY, or FAILED when the job itself failed), and whether replication from it flows (OK, "
        + "STALLED, UNKNOWN, with its lag, from heartbeats). Exit code 1 when any remote is not APPLIED and --wait is given.")
final class SyncStatusCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "JOB", description = "Job id (printed by create and submit).")
    String jobId;

    @Option(names = {"-r", "--remote"}, required = true, paramLabel = "REACTOR_ID",
        description = "A remote reactor's id; repeat for several.")
    List<String> remotes;

    @Option(names = "--wait", description = "Wait (up to the reactor's http.wait.timeout.ms) until applied everywhere.")
    boolean await;

    /** One line on the channel from a remote, from its heartbeats: is it flowing, and how far behind. */
    static String replication(JsonNode replication) {
        String status = replication.path("status").asText("UNKNOWN");
        if (!replication.has("lagMs")) {
            return "replication from it " + status + " (no heartbeat from it reached this reactor)";
        }
        return "replication from it " + status + ", lag " + replication.path("lagMs").asLong() + " ms";
    }

    @Override
    int execute() {
        ObjectNode all = ReactorClient.MAPPER.createObjectNode().put("jobId", jobId);
        ObjectNode byRemote = all.putObject("remotes");
        List<String> notApplied = new java.util.ArrayList<>();
        for (String remote : remotes) {
            ReactorClient.Response response = ctl().client().get("/jobs/" + ReactorClient.segment(jobId) + "/sync?remote="
                + ReactorClient.query(remote) + (await ? "&wait=true" : ""));
            // With ?wait=true a still-pending status comes back as 504 with the status in the body.
            if (!response.ok() && !(response.status() == 504 && response.body().has("status"))) {
                throw new CtlException("remote " + remote + ": " + response.error() + " (HTTP " + response.status() + ")");
            }
            JsonNode status = response.body();
            byRemote.set(remote, status);
            if (!"APPLIED".equals(status.path("status").asText())) {
                notApplied.add(remote + " " + status.path("status").asText());
            }
            if (!json()) {
                JsonNode ops = status.path("operations");
                long applied = 0;
                for (Iterator<JsonNode> it = ops.elements(); it.hasNext(); ) {
                    if ("applied".equals(it.next().asText())) {
                        applied++;
                    }
                }
                print("remote " + remote + ": " + status.path("status").asText() + " (" + applied + "/" + ops.size()
                    + " operations applied); " + replication(status.path("replication")));
                for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = it.next();
                    print("  " + op.getKey() + " " + op.getValue().asText());
                }
            }
        }
        if (json()) {
            printJson(all);
        }
        if (await && !notApplied.isEmpty()) {
            throw new CtlException("job " + jobId + " not applied everywhere within the reactor's wait: " + String.join(", ", notApplied));
        }
        return 0;
    }
}
