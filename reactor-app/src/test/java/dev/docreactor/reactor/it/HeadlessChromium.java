package dev.docreactor.reactor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode for the web page's tests: {@link #dumpDom} prints a page's
 * DOM after its script ran; {@link #domWithSessionStorage} drives the browser over the DevTools protocol
 * (a WebSocket) to put values in the page's {@code sessionStorage} first, as a user typing a token would.
 */
final class HeadlessChromium {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path executable;
    private final Path dir;

    private HeadlessChromium(Path executable, Path dir) {
        this.executable = executable;
        this.dir = dir;
    }

    /** The browser on the PATH ({@code chromium} or {@code chromium-browser}), working under {@code dir}; empty if none. */
    static Optional<HeadlessChromium> find(Path dir) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).flatMap(d -> Stream.of("chromium", "chromium-browser").map(n -> Path.of(d, n)))
            .filter(Files::isExecutable).findFirst().map(executable -> new HeadlessChromium(executable, dir));
    }

    private ProcessBuilder command(Path profile, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(executable.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        args.addAll(java.util.List.of(more));
        return new ProcessBuilder(args);
    }

    /** The DOM of {@code url} after its script ran (and its requests were answered), as Chromium serializes it. */
    String dumpDom(String url) throws Exception {
        Path out = Files.createTempFile(dir, "dom", ".html");
        Path err = Files.createTempFile(dir, "chromium", ".log");
        Process browser = command(Files.createTempDirectory(dir, "profile"), "--virtual-time-budget=15000", "--dump-dom", url)
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!browser.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT + ": " + Files.readString(err));
        }
        assertThat(browser.exitValue()).as("chromium's exit code; its log:\n%s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /**
     * Opens {@code url}, sets {@code storage} in its {@code sessionStorage}, reloads it, and returns the DOM
     * once the JavaScript expression {@code ready} is true.
     */
    String domWithSessionStorage(String url, Map<String, String> storage, String ready) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        Process browser = command(profile, "--remote-debugging-port=0", "about:blank")
            .redirectOutput(Files.createTempFile(dir, "chromium", ".out").toFile())
            .redirectError(Files.createTempFile(dir, "chromium", ".log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await().atMost(TIMEOUT).until(() -> Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty());
            String port = Files.readAllLines(portFile).get(0).trim();
            JsonNode targets = ReactorFixture.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String socket = Stream.of(targets).flatMap(t -> java.util.stream.StreamSupport.stream(t.spliterator(), false))
                .filter(t -> "page".equals(t.path("type").asText())).map(t -> t.path("webSocketDebuggerUrl").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no page target in " + targets));
            try (DevTools devTools = new DevTools(socket)) {
                devTools.call("Page.navigate", Map.of("url", url));
                StringBuilder script = new StringBuilder();
                for (Map.Entry<String, String> entry : storage.entrySet()) {
                    script.append("sessionStorage.setItem(").append(jsString(entry.getKey())).append(',').append(jsString(entry.getValue()))
                        .append(");");
                }
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> devTools.evaluate("location.href === " + jsString(url)
                    + " && document.readyState === 'complete'").asBoolean());
                devTools.evaluate(script + "location.reload(); true");
                String[] dom = new String[1];
                // While the page reloads, an evaluation can fail (its context is gone): ask again.
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                    JsonNode value = devTools.evaluate("(" + ready + ") ? document.documentElement.outerHTML : ''");
                    dom[0] = value.asText();
                    return !dom[0].isEmpty();
                });
                return dom[0];
            }
        } finally {
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
    }

    /** {@code text} as a JavaScript string literal (JSON's form is one). */
    private static String jsString(String text) throws IOException {
        return ReactorFixture.MAPPER.writeValueAsString(text);
    }

    /** A DevTools protocol session: numbered calls over a WebSocket, each answered by its id. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        DevTools(String url) {
            this.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            calls.put(id, answer);
            ObjectNode message = ReactorFixture.MAPPER.createObjectNode().put("id", id).put("method", method);
            message.set("params", ReactorFixture.MAPPER.valueToTree(params));
            socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
            JsonNode result = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (result.has("error")) {
                throw new AssertionError(method + " failed: " + result.get("error"));
            }
            return result.path("result");
        }

        /** The value of a JavaScript expression in the page. */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("evaluating " + expression + " threw: " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = ReactorFixture.MAPPER.readTree(partial.toString());
                    CompletableFuture<JsonNode> call = message.has("id") ? calls.remove(message.get("id").asInt()) : null;
                    if (call != null) {
                        call.complete(message);
                    }
                } catch (IOException e) {
                    calls.values().forEach(call -> call.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
