package dev.docreactor.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar quickstart/target/quickstart.jar [DATA_DIR]}: two clusters, two reactors, ping-pong
 * sync; creates a document, writes on both sides at once, prints that they converged, and keeps running
 * for the README's curl examples until Ctrl-C.
 */
public final class QuickstartMain {

    private QuickstartMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "data/quickstart");
        Quickstart.Settings settings = Quickstart.Settings.defaults(dataDir);
        System.out.println("Starting two Kafka clusters (localhost:9092, localhost:9094), reactor a (http://localhost:8081) on A, "
            + "reactor b (http://localhost:8082) on B, and the sync connector in ping-pong mode (Connect REST http://localhost:8083)...");
        Quickstart quickstart;
        try {
            quickstart = Quickstart.start(settings);
        } catch (RuntimeException e) {
            System.err.println("error: could not start the quickstart: " + e.getMessage()
                + " (are ports 9092-9095 and 8081-8083 free? is " + dataDir + " writable?)");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            quickstart.close();
            stopped.countDown();
        }, "quickstart-shutdown"));

        String documentId = "welcome-" + Long.toString(System.currentTimeMillis(), 36);
        Demo.Outcome outcome;
        try {
            outcome = new Demo(8081, 8082, System.out).run(documentId, 5, Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (!outcome.converged()) {
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.println("Try it (see the README for more):");
        System.out.println("  curl -s localhost:8081/documents/" + documentId);
        System.out.println("  curl -s localhost:8082/documents/" + documentId);
        System.out.println("  curl -s -XPOST 'localhost:8082/documents/" + documentId
            + "/actions?wait=true' -H 'content-type: application/json' -d '{\"actions\":[{\"type\":\"TOGGLE_TODO\",\"input\":{\"id\":\"a1\"}}]}'");
        System.out.println("  curl -s localhost:8083/connectors?expand=status");
        System.out.println("Everything listens on localhost only and nothing authenticates: a demonstration for this machine");
        System.out.println("(SECURITY.md lists what a real deployment turns on). Press Ctrl-C to stop.");
        stopped.await();
    }
}
