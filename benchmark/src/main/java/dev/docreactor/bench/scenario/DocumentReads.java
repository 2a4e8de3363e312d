package dev.docreactor.bench.scenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Times {@code GET /documents/{id}} of one document, one request at a time: repeated reads of an unchanged
 * document (the reactor answers them from the states it read last, {@code reactor.read.cache.max.bytes}) and the
 * first read after a write (the reactor rebuilds the state from its nearest checkpoint and checks its hash).
 */
final class DocumentReads {

    private DocumentReads() {
    }

    /**
     * The latency of {@code requests} reads of {@code document}, each the first after a one-member replace of
     * member {@code member} ({@code POST ?wait=true}, not timed), in microseconds.
     */
    static Histogram afterWrites(int port, String document, String member, int requests) throws Exception {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI write = URI.create("http://127.0.0.1:" + port + "/documents/" + document + "/actions?wait=true");
        for (int i = 0; i < requests; i++) {
            String body = DocumentSizeScenario.replaceRequest(member, 1_000_000 + i);
            HttpResponse<String> written = client.send(HttpRequest.newBuilder(write).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (written.statusCode() != 200 || !written.body().contains("COMPLETED")) {
                throw new IllegalStateException("POST ?wait=true answered " + written.statusCode() + ": " + written.body());
            }
            micros.recordValue(once(client, port, document));
        }
        return micros;
    }

    /** The latency of {@code requests} reads of {@code document}, request sent to answer read, in microseconds. */
    static Histogram latency(int port, String document, int requests) throws Exception {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < requests; i++) {
            micros.recordValue(once(client, port, document));
        }
        return micros;
    }

    /** One read, request sent to answer read, in microseconds. */
    private static long once(HttpClient client, int port, String document) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/documents/" + document))
            .timeout(Duration.ofSeconds(30)).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200 || !response.body().contains("\"hash\"")) {
            throw new IllegalStateException("GET /documents/" + document + " answered " + response.statusCode() + ": "
                + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return Math.max(1, elapsed / 1000);
    }
}
