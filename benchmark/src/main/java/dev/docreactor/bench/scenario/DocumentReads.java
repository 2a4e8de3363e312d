package dev.docreactor.bench.scenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Times {@code GET /documents/{id}} of one document, one request at a time: what a reader pays now that the
 * reactor rebuilds a state from its nearest checkpoint on every read instead of storing it in the view.
 */
final class DocumentReads {

    private DocumentReads() {
    }

    /** The latency of {@code requests} reads of {@code document}, request sent to answer read, in microseconds. */
    static Histogram latency(int port, String document, int requests) throws Exception {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/documents/" + document))
            .timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200 || !response.body().contains("\"hash\"")) {
                throw new IllegalStateException("GET /documents/" + document + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
            }
            micros.recordValue(Math.max(1, elapsed / 1000));
        }
        return micros;
    }
}
