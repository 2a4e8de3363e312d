package dev.docreactor.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart's demonstration: create a document on reactor a, apply actions on both reactors at the
 * same time, wait until reactor b applied a's last job, and show that both converged to the same state.
 */
final class Demo {

    /** What the demonstration ended with. */
    record Outcome(boolean converged, String hashA, String hashB, int todos) {
    }

    private final ReactorClient a;
    private final ReactorClient b;
    private final PrintStream out;

    Demo(int httpPortA, int httpPortB, PrintStream out) {
        this.a = new ReactorClient(httpPortA);
        this.b = new ReactorClient(httpPortB);
        this.out = out;
    }

    Outcome run(String documentId, int actionsPerSide, Duration timeout) {
        ReactorClient.Response created = a.post("/documents?wait=true", "{\"type\":\"todo-list\",\"id\":\"" + documentId + "\"}");
        require(created.status() == 201, "creating " + documentId + " on reactor a failed: " + created.body());
        out.println("Created todo-list '" + documentId + "' on reactor a (job " + created.body().get("jobId").asText() + ")");

        long deadline = System.nanoTime() + timeout.toNanos();
        while (b.get("/documents/" + documentId).status() != 200) {
            require(System.nanoTime() < deadline, "reactor b did not receive " + documentId + " within " + timeout);
            pause();
        }
        out.println("Reactor b received it through the sync connector");

        CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> addTodos(a, "a", documentId, actionsPerSide));
        CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> addTodos(b, "b", documentId, actionsPerSide));
        String lastJobOfA = fromA.join();
        fromB.join();
        out.println("Applied " + actionsPerSide + " actions on each reactor concurrently");

        ReactorClient.Response synced = a.get("/jobs/" + lastJobOfA + "/sync?remote=b&wait=true");
        out.println("Reactor b applied reactor a's last job: " + synced.body().path("status").asText());

        String hashA = null;
        String hashB = null;
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            JsonNode docA = a.get("/documents/" + documentId).body();
            JsonNode docB = b.get("/documents/" + documentId).body();
            hashA = docA.at("/hash/global").asText();
            hashB = docB.at("/hash/global").asText();
            state = docA.at("/state/global/todos");
            if (hashA.equals(hashB) && state.size() == 2 * actionsPerSide) {
                out.println("Converged: both reactors hold " + state.size() + " todos, global state hash " + hashA);
                return new Outcome(true, hashA, hashB, state.size());
            }
            pause();
        }
        out.println("NOT converged within " + timeout + ": a=" + hashA + " b=" + hashB);
        return new Outcome(false, hashA, hashB, state == null ? 0 : state.size());
    }

    private static String addTodos(ReactorClient reactor, String side, String documentId, int count) {
        List<String> jobs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ReactorClient.Response applied = reactor.post("/documents/" + documentId + "/actions?wait=true",
                "{\"actions\":[{\"type\":\"ADD_TODO\",\"input\":{\"id\":\"" + side + i + "\",\"text\":\"from reactor " + side
                    + " #" + i + "\"}}]}");
            require(applied.status() == 200, "action on reactor " + side + " failed: " + applied.body());
            jobs.add(applied.body().get("jobId").asText());
        }
        return jobs.get(jobs.size() - 1);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
