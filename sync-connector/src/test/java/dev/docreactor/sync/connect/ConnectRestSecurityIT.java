package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.embedded.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedicated mode's Connect REST API locked down with Kafka's own means: an HTTPS listener and the
 * basic-auth REST extension ({@code BasicAuthSecurityRestExtension}, shipped in the jar). Run as users run
 * it: the executable jar in its own JVM, JAAS configuration given by system property.
 */
class ConnectRestSecurityIT {

    private static final String USER = "ops";
    private static final String PASSWORD = "rest-pw-Lk29xQ";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    @TempDir
    Path dir;

    @Test
    void shouldServeTheRestApiOnlyOverHttpsToAuthenticatedUsers() throws Exception {
        Path jar = Path.of("target", "sync-connector.jar");
        assertThat(jar).as("the shaded jar is built in the package phase").exists();
        createReactorTopics(KAFKA, 0, "ra", 1);
        createReactorTopics(KAFKA, 0, "rb", 1);
        TestCertificates certificates = TestCertificates.generate(dir.resolve("tls"), "localhost");
        Path users = dir.resolve("rest-users.properties");
        Files.writeString(users, USER + ": " + PASSWORD + "\n");
        Path jaas = dir.resolve("rest-jaas.conf");
        Files.writeString(jaas, "KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n"
            + "  file=\"" + users + "\";\n};\n");
        int port = freePort();
        Path config = dir.resolve("sync.properties");
        Files.writeString(config, String.join("\n",
            "bootstrap.servers = " + KAFKA.bootstrapServers(),
            "local.reactor.id = ra",
            "sync.name = rest-it",
            "listeners = https://localhost:" + port,
            "listeners.https.ssl.keystore.location = " + certificates.keystore("localhost"),
            "listeners.https.ssl.keystore.password = " + certificates.password(),
            "listeners.https.ssl.keystore.type = PKCS12",
            "rest.extension.classes = org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension",
            "remotes = rb",
            "remote.rb.bootstrap.servers = " + KAFKA.bootstrapServers(),
            "remote.rb.mode = pull", ""));
        Path log = Path.of("target", "connect-rest-security-it.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
            "-Djava.security.auth.login.config=" + jaas, "-jar", jar.toString(), "run", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient https = HttpClient.newBuilder().sslContext(certificates.clientContext(null)).connectTimeout(Duration.ofSeconds(5)).build();
        URI connectors = URI.create("https://localhost:" + port + "/connectors");
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(process.isAlive()).as("dedicated mode runs (see %s)", log).isTrue();
                assertThat(status(https, connectors, USER + ":" + PASSWORD)).as("an authenticated user over HTTPS").isEqualTo(200);
            });
            assertThat(status(https, connectors, null)).as("no credentials").isEqualTo(401);
            assertThat(status(https, connectors, USER + ":wrong")).as("a wrong password").isEqualTo(401);
            assertThat(Files.readString(log)).as("the REST password never reaches the log").doesNotContain(PASSWORD)
                .doesNotContain(certificates.password());
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    private static int status(HttpClient client, URI uri, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        }
    }
}
