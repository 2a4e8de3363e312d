package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.view.DocumentSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's files under {@code /ui/} (public, with a Content-Security-Policy) and the document
 * listing the page reads ({@code GET /documents}): paging, bounds, merging the pages of two instances.
 */
class WebPageResourcesTest {

    private static final String TOKEN = "page-reader-token-77c1";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeBackend backend = new FakeBackend();
    private final FakeBackend otherBackend = new FakeBackend();
    private ApiServer server;
    private ApiServer other;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        backend.release();
        otherBackend.release();
        if (server != null) {
            server.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private static Map<String, Object> plain() {
        Map<String, Object> props = new HashMap<>();
        props.put(ReactorConfig.HTTP_PORT, "0");
        props.put(ReactorConfig.HTTP_HOST, "127.0.0.1");
        return props;
    }

    @Test
    void shouldServeThePageFilesWithAContentSecurityPolicy() throws Exception {
        server = new ApiServer(backend, new ReactorConfig(plain())).start();
        for (String path : new String[] {"/ui/", "/ui", "/ui/index.html"}) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).as("GET %s", path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).as("%s is HTML", path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).as("%s loads the script from this origin", path).contains("src=\"/ui/app.js\"");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as("CSP of %s", path)
                .hasValue(UiResource.CONTENT_SECURITY_POLICY);
        }
        HttpResponse<String> script = get("/ui/app.js", null);
        assertThat(script.headers().firstValue("Content-Type")).as("script type").hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.headers().firstValue("X-Content-Type-Options")).as("no sniffing").hasValue("nosniff");
        assertThat(script.body()).as("the script never writes data as HTML").doesNotContain("innerHTML").doesNotContain("outerHTML")
            .doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
        assertThat(UiResource.CONTENT_SECURITY_POLICY).as("no inline scripts, only this origin")
            .contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(get("/ui/app.css", null).statusCode()).as("style").isEqualTo(200);
        HttpResponse<String> missing = get("/ui/secret.properties", null);
        assertThat(missing.statusCode()).as("only the page's own files").isEqualTo(404);
        assertThat(missing.body()).as("JSON error").contains("\"error\"");
        assertThat(get("/ui/..%2Fapp.js", null).statusCode()).as("no path tricks").isIn(400, 404);
    }

    @Test
    void shouldServeThePagePubliclyWhileItsApiCallsNeedAToken() throws Exception {
        Path principals = dir.resolve("principals");
        Files.writeString(principals, "token " + PrincipalsFile.hash(TOKEN) + " reader read\n");
        Map<String, Object> props = plain();
        props.put(ReactorConfig.HTTP_AUTHENTICATION, "token");
        props.put(ReactorConfig.HTTP_AUTH_PRINCIPALS_FILE, principals.toString());
        server = new ApiServer(backend, new ReactorConfig(props)).start();
        backend.documents.add(new DocumentSummary("doc-1", "json", false));

        assertThat(get("/ui/", null).statusCode()).as("the page needs no token").isEqualTo(200);
        assertThat(get("/ui/app.js", null).statusCode()).as("nor its script").isEqualTo(200);
        assertThat(get("/documents", null).statusCode()).as("the listing needs one").isEqualTo(401);
        HttpResponse<String> listed = get("/documents", "Bearer " + TOKEN);
        assertThat(listed.statusCode()).as("the listing with a reader's token: %s", listed.body()).isEqualTo(200);
        assertThat(listed.body()).as("listed").contains("doc-1");
    }

    @Test
    void shouldListDocumentsAPageAtATimeWithinTheLimit() throws Exception {
        server = new ApiServer(backend, new ReactorConfig(plain())).start();
        for (String id : new String[] {"d1", "d2", "d3"}) {
            backend.documents.add(new DocumentSummary(id, "todo-list", id.equals("d2")));
        }
        JsonNode first = json(get("/documents?limit=2", null));
        assertThat(first.path("documents").findValuesAsText("id")).as("first page").containsExactly("d1", "d2");
        assertThat(first.at("/documents/1/deleted").asBoolean()).as("deleted marked").isTrue();
        assertThat(first.at("/documents/0/type").asText()).as("type").isEqualTo("todo-list");
        assertThat(first.path("next").asText()).as("cursor of the next page").isEqualTo("d2");
        JsonNode second = json(get("/documents?limit=2&after=d2", null));
        assertThat(second.path("documents").findValuesAsText("id")).as("second page").containsExactly("d3");
        assertThat(second.has("next")).as("no next page after the last").isFalse();

        assertThat(get("/documents?limit=" + (DocumentListResource.MAX_LIMIT + 1), null).statusCode()).as("over the page limit")
            .isEqualTo(400);
        assertThat(get("/documents?limit=0", null).statusCode()).as("an empty page").isEqualTo(400);
        assertThat(get("/documents?after=bad%20id", null).statusCode()).as("an invalid cursor").isEqualTo(400);
        assertThat(json(get("/documents", null)).path("documents").size()).as("default limit covers all three").isEqualTo(3);
    }

    @Test
    void shouldMergeThePagesOfEveryInstanceAndNameThoseThatDidNotAnswer() throws Exception {
        other = new ApiServer(otherBackend, new ReactorConfig(plain())).start();
        server = new ApiServer(backend, new ReactorConfig(plain())).start();
        backend.documents.add(new DocumentSummary("a1", "json", false));
        backend.documents.add(new DocumentSummary("c3", "json", false));
        otherBackend.documents.add(new DocumentSummary("b2", "json", false));
        otherBackend.documents.add(new DocumentSummary("d4", "json", false));
        String otherAddress = "127.0.0.1:" + other.port();
        backend.others.add(otherAddress);

        JsonNode page = json(get("/documents?limit=3", null));
        assertThat(page.path("documents").findValuesAsText("id")).as("both instances' documents, merged in order")
            .containsExactly("a1", "b2", "c3");
        assertThat(page.path("next").asText()).as("next").isEqualTo("c3");
        assertThat(json(get("/documents?limit=3&after=c3", null)).path("documents").findValuesAsText("id")).as("the rest")
            .containsExactly("d4");

        other.close();
        JsonNode partial = json(get("/documents", null));
        assertThat(partial.path("documents").findValuesAsText("id")).as("this instance's documents still listed")
            .containsExactly("a1", "c3");
        assertThat(partial.path("unreachable").toString()).as("the silent instance is named").isEqualTo("[\"" + otherAddress + "\"]");
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("answer: %s", response.body()).isEqualTo(200);
        return RecordJson.mapper().readTree(response.body());
    }
}
