package dev.docreactor.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls the benchmark makes to a reactor's API. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Http() {
    }

    /** The status of {@code GET http://127.0.0.1:<port><path>}, or -1 when the call fails. */
    public static int status(int port, String path) {
        try {
            return CLIENT.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The JSON body of a 200 answer, or null. */
    public static JsonNode json(int port, String path) {
        try {
            HttpResponse<String> response = CLIENT.send(request(port, path), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum of every sample of the Prometheus counter {@code name} (all label sets) in the reactor's
     * {@code GET /metrics}, or -1 when the call fails.
     */
    public static double metricSum(int port, String name) {
        try {
            HttpResponse<String> response = CLIENT.send(request(port, "/metrics"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polls every 10 ms until {@code GET path} answers 200. */
    public static void awaitOk(int port, String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(port, path) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GET " + path + " did not answer 200 within " + timeout);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
