package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.TestCertificates;
import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API with TLS, bearer tokens and client certificates, on reactors without Kafka: 401 and 403
 * with JSON errors, roles per route, a principals file reloaded without restart, and forwarding between
 * instances that authenticates with a signature a client cannot forge.
 */
class ApiSecurityTest {

    private static final String READER_TOKEN = "reader-token-3f1d0c";
    private static final String WRITER_TOKEN = "writer-token-91aa7e";
    private static final String OPERATOR_TOKEN = "operator-token-5be2";
    private static final String FORWARD_SECRET = "forward-secret-of-at-least-32-characters";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static Path principals;

    private FakeBackend backendA;
    private FakeBackend backendB;
    private ApiServer a;
    private ApiServer b;

    @BeforeAll
    static void generateCertificates() throws IOException {
        certificates = TestCertificates.generate(dir.resolve("tls"), "localhost", "ops-client", "stranger");
        principals = dir.resolve("principals");
        Files.writeString(principals, String.join("\n",
            "# kind credential name roles",
            "token " + PrincipalsFile.hash(READER_TOKEN) + " reader read",
            "token " + PrincipalsFile.hash(WRITER_TOKEN) + " writer read,write",
            "token " + PrincipalsFile.hash(OPERATOR_TOKEN) + " operator operate",
            "cert ops-client ops read,operate", ""));
    }

    @BeforeEach
    void startServers() throws IOException {
        backendA = new FakeBackend();
        backendB = new FakeBackend();
        a = new ApiServer(backendA, securedConfig()).start();
        b = new ApiServer(backendB, securedConfig()).start();
    }

    @AfterEach
    void stopServers() {
        backendA.release();
        backendB.release();
        a.close();
        b.close();
    }

    private static ReactorConfig securedConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put(ReactorConfig.HTTP_PORT, "0");
        props.put(ReactorConfig.HTTP_SSL_KEYSTORE_LOCATION, certificates.keystore("localhost").toString());
        props.put(ReactorConfig.HTTP_SSL_KEYSTORE_PASSWORD, certificates.password());
        props.put(ReactorConfig.HTTP_SSL_TRUSTSTORE_LOCATION, certificates.truststore().toString());
        props.put(ReactorConfig.HTTP_SSL_TRUSTSTORE_PASSWORD, certificates.password());
        props.put(ReactorConfig.HTTP_SSL_CLIENT_AUTH, "requested");
        props.put(ReactorConfig.HTTP_AUTHENTICATION, "token,mtls");
        props.put(ReactorConfig.HTTP_AUTH_PRINCIPALS_FILE, principals.toString());
        props.put(ReactorConfig.HTTP_FORWARD_SECRET, FORWARD_SECRET);
        return new ReactorConfig(props);
    }

    @Test
    void shouldAnswer401WithJsonErrorWhenNoCredentialsAreSent() {
        HttpResponse<String> response = get(a, "/models", null, null);

        assertThat(response.statusCode()).as("no credentials: 401").isEqualTo(401);
        assertThat(response.body()).as("a JSON error").startsWith("{\"error\":").contains("authentication required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).as("says how to authenticate").hasValue("Bearer realm=\"reactor\"");
    }

    @Test
    void shouldAnswer401WithoutEchoingAnUnknownToken() {
        HttpResponse<String> response = get(a, "/models", "not-a-known-token-7781", null);

        assertThat(response.statusCode()).as("unknown token: 401").isEqualTo(401);
        assertThat(response.body()).as("JSON error that does not repeat the token").startsWith("{\"error\":").doesNotContain("7781");
    }

    @Test
    void shouldAnswer403WhenTheCallerLacksTheRouteRole() {
        HttpResponse<String> write = post(a, "/documents", READER_TOKEN, null);
        HttpResponse<String> metrics = get(a, "/metrics", WRITER_TOKEN, null);

        assertThat(write.statusCode()).as("a reader may not write").isEqualTo(403);
        assertThat(write.body()).as("JSON error naming the missing role").startsWith("{\"error\":").contains("write role");
        assertThat(metrics.statusCode()).as("a writer may not read metrics (operate)").isEqualTo(403);
        assertThat(backendA.submitted).as("nothing reached the queue").isEmpty();
    }

    @Test
    void shouldServeCallersThatHoldTheRouteRole() {
        assertThat(get(a, "/models", READER_TOKEN, null).statusCode()).as("reader reads models").isEqualTo(200);
        assertThat(post(a, "/documents", WRITER_TOKEN, null).statusCode())
            .as("writer creates a document").isEqualTo(201);
        assertThat(get(a, "/metrics", OPERATOR_TOKEN, null).statusCode()).as("operator reads metrics").isEqualTo(200);
        assertThat(get(a, "/health", null, null).statusCode()).as("health stays open for probes").isEqualTo(200);
    }

    @Test
    void shouldAuthenticateTrustedClientCertificateByItsCommonName() {
        assertThat(get(a, "/metrics", null, "ops-client").statusCode()).as("ops-client certificate may operate").isEqualTo(200);
        assertThat(post(a, "/documents", null, "ops-client").statusCode()).as("but not write").isEqualTo(403);
        assertThat(get(a, "/metrics", null, "stranger").statusCode()).as("a trusted certificate that is no principal").isEqualTo(401);
    }

    @Test
    void shouldRefuseClientsThatDoNotTrustTheServerOrSpeakPlainHttp() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + a.port() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString())).as("the server's certificate is not in the JDK's trust").isInstanceOf(IOException.class);
        int plainStatus;
        try {
            plainStatus = untrusting.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            plainStatus = -1;
        }
        assertThat(plainStatus).as("plain HTTP is not served (connection refused or an error status)").isNotEqualTo(200);
    }

    @Test
    void shouldReloadThePrincipalsFileWithoutRestart() throws IOException {
        String newToken = "new-token-added-at-runtime-0042";
        assertThat(get(a, "/models", newToken, null).statusCode()).as("unknown before").isEqualTo(401);
        String original = Files.readString(principals);
        try {
            Files.writeString(principals, original + "token " + PrincipalsFile.hash(newToken) + " late read\n");
            Files.setLastModifiedTime(principals, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(a, "/models", newToken, null).statusCode()).as("accepted after the file changed").isEqualTo(200));

            Files.writeString(principals, original);
            Files.setLastModifiedTime(principals, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(a, "/models", newToken, null).statusCode()).as("revoked after removal").isEqualTo(401));
        } finally {
            Files.writeString(principals, original);
        }
    }

    @Test
    void shouldForwardToTheHostingInstanceWithASignatureTheHostAccepts() {
        backendA.hostDocumentsAt("localhost:" + b.port());

        HttpResponse<String> forwarded = get(a, "/documents/doc-3", READER_TOKEN, null);

        assertThat(forwarded.headers().firstValue("X-Reactor-Served-By")).as("served by instance b").hasValue("localhost:" + b.port());
        assertThat(forwarded.statusCode()).as("b authenticated the signed forward and answered (no such document), body %s",
            forwarded.body()).isEqualTo(404);
    }

    @Test
    void shouldNotTreatAClientSetForwardedHeaderAsForwarded() {
        backendA.hostDocumentsAt("localhost:" + b.port());

        HttpResponse<String> stillForwarded = send(a, HttpRequest.newBuilder(uri(a, "/documents/doc-4")).header("Authorization",
            "Bearer " + READER_TOKEN).header(ApiRequest.FORWARDED_HEADER, "1"), null);
        HttpResponse<String> forged = send(b, HttpRequest.newBuilder(uri(b, "/documents/doc-4"))
            .header(ApiRequest.FORWARDED_HEADER, System.currentTimeMillis() + ".forged-signature"), null);

        assertThat(stillForwarded.headers().firstValue("X-Reactor-Served-By")).as("a client's header does not stop forwarding")
            .hasValue("localhost:" + b.port());
        assertThat(forged.statusCode()).as("a forged forwarded header does not authenticate").isEqualTo(401);
    }

    private static URI uri(ApiServer server, String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    private static HttpResponse<String> get(ApiServer server, String path, String token, String certificate) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(server, request, certificate);
    }

    private static HttpResponse<String> post(ApiServer server, String path, String token, String certificate) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"json\",\"id\":\"doc-1\"}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(server, request, certificate);
    }

    private static HttpResponse<String> send(ApiServer server, HttpRequest.Builder request, String certificate) {
        SSLContext tls = certificates.clientContext(certificate);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
