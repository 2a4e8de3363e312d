package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docreactor.contract.AccessControl;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.embedded.EmbeddedKafkaBroker;
import dev.docreactor.embedded.KafkaCluster;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.embedded.TestCertificates;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.api.PrincipalsFile;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.EmbeddedConnectWorker;
import dev.docreactor.sync.connect.SyncMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system as production runs it: two clusters that require SASL and authorize with ACLs
 * ({@code StandardAuthorizer}), each principal holding exactly the ACLs of {@link AccessControl}; reactors
 * whose HTTP API speaks TLS and wants bearer tokens; the sync connector in dedicated mode, secrets given
 * as config provider references. Reactors synchronize, a principal without ACLs can neither read an event
 * bus nor write a queue, HTTP callers without a token or role are refused, and no secret reaches a log line
 * or a GET answer.
 */
class SecuredClusterIT {

    private static final String ADMIN = "admin";
    private static final String SYNC = "sync-a";
    private static final String INTRUDER = "intruder";
    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "admin-pw-Q7v2", "reactor-a", "reactor-a-pw-K3m9",
        "reactor-b", "reactor-b-pw-T5x1", SYNC, "sync-a-pw-W8n4", INTRUDER, "intruder-pw-Z6c0");
    private static final EmbeddedKafkaBroker.SaslPlainUsers USERS = new EmbeddedKafkaBroker.SaslPlainUsers(ADMIN, PASSWORDS);
    private static final String OPERATOR_TOKEN = "operator-token-Yd4PqL0s";
    private static final String VIEWER_TOKEN = "viewer-token-Hr2Jw8Nc";
    private static final String FORWARD_SECRET = "forward-secret-Fv93kLm2Qa71Zx06Bn4Rt8Ps";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.securedClusters(2, USERS);

    @TempDir
    static Path dir;
    private static LogCapture logs;
    private static TestCertificates certificates;
    private static HttpClient https;
    private static final List<AutoCloseable> started = new ArrayList<>();
    private static Reactor reactorA;
    private static Reactor reactorB;
    private static EmbeddedConnectWorker connect;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.attach();
        certificates = TestCertificates.generate(dir.resolve("tls"), "localhost");
        https = HttpClient.newBuilder().sslContext(certificates.clientContext(null)).connectTimeout(Duration.ofSeconds(5)).build();
        Path principals = dir.resolve("principals");
        Files.writeString(principals, "token " + PrincipalsFile.hash(OPERATOR_TOKEN) + " operator read,write,operate\n"
            + "token " + PrincipalsFile.hash(VIEWER_TOKEN) + " viewer read\n");

        createAcls(0, AccessControl.reactor("User:reactor-a", "a"));
        createAcls(0, AccessControl.syncLocal("User:" + SYNC, "a", "a",
            List.of("connect-" + DedicatedConfig.connectorName("b", SyncMode.PUSH))));
        createAcls(1, AccessControl.reactor("User:reactor-b", "b"));
        createAcls(1, AccessControl.syncRemote("User:" + SYNC, "b"));

        reactorA = track(new Reactor(reactorConfig("a", KAFKA.cluster(0), principals), new DocumentModelRegistry()).start());
        reactorB = track(new Reactor(reactorConfig("b", KAFKA.cluster(1), principals), new DocumentModelRegistry()).start());

        Path secrets = dir.resolve("sync-secrets.properties");
        Files.writeString(secrets, "local.jaas=" + USERS.clientSettings(SYNC).get("sasl.jaas.config").replace("\\", "\\\\") + "\n"
            + "remote.jaas=" + USERS.clientSettings(SYNC).get("sasl.jaas.config").replace("\\", "\\\\") + "\n");
        Map<String, String> sync = new HashMap<>();
        sync.put("bootstrap.servers", KAFKA.cluster(0).bootstrapServers());
        sync.put("security.protocol", "SASL_PLAINTEXT");
        sync.put("sasl.mechanism", "PLAIN");
        sync.put("sasl.jaas.config", "${file:" + secrets + ":local.jaas}");
        sync.put(DedicatedConfig.LOCAL_REACTOR_ID, "a");
        sync.put("listeners", "http://localhost:0");
        sync.put("config.storage.replication.factor", "1");
        sync.put("offset.storage.replication.factor", "1");
        sync.put("status.storage.replication.factor", "1");
        sync.put(DedicatedConfig.REMOTES, "b");
        sync.put("remote.b.bootstrap.servers", KAFKA.cluster(1).bootstrapServers());
        sync.put("remote.b.mode", "pull,push");
        sync.put("remote.b.client.security.protocol", "SASL_PLAINTEXT");
        sync.put("remote.b.client.sasl.mechanism", "PLAIN");
        sync.put("remote.b.client.sasl.jaas.config", "${file:" + secrets + ":remote.jaas}");
        sync.put("remote.b.pull.scheduler.max.interval.ms", "500");
        DedicatedConfig dedicated = DedicatedConfig.parse(sync);
        connect = track(EmbeddedConnectWorker.start(dedicated.workerProps()));
        connect.apply(dedicated.connectors(), "sync-");
        await().atMost(Duration.ofSeconds(90)).until(() -> dedicated.connectors().keySet().stream().allMatch(connect::isRunning));
    }

    @AfterAll
    static void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i) + " failed: " + e);
            }
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    private static void createAcls(int cluster, List<AclBinding> acls) throws Exception {
        try (Admin admin = KAFKA.admin(cluster)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static ReactorConfig reactorConfig(String id, KafkaCluster cluster, Path principals) {
        Map<String, Object> props = TestReactors.props(id, cluster, dir, 2);
        USERS.clientSettings("reactor-" + id).forEach((key, value) -> props.put(ReactorConfig.STREAMS_PREFIX + key, value));
        props.put(ReactorConfig.HTTP_SSL_KEYSTORE_LOCATION, certificates.keystore("localhost").toString());
        props.put(ReactorConfig.HTTP_SSL_KEYSTORE_PASSWORD, certificates.password());
        props.put(ReactorConfig.HTTP_SSL_TRUSTSTORE_LOCATION, certificates.truststore().toString());
        props.put(ReactorConfig.HTTP_SSL_TRUSTSTORE_PASSWORD, certificates.password());
        props.put(ReactorConfig.HTTP_AUTHENTICATION, "token");
        props.put(ReactorConfig.HTTP_AUTH_PRINCIPALS_FILE, principals.toString());
        props.put(ReactorConfig.HTTP_FORWARD_SECRET, FORWARD_SECRET);
        return new ReactorConfig(props);
    }

    @Test
    void shouldSynchronizeBothWaysThroughTheConnectorWithExactlyTheDocumentedAcls() throws Exception {
        Response created = call(reactorA, "POST", "/documents?wait=true", OPERATOR_TOKEN, "{\"type\":\"json\",\"id\":\"secured-doc\"}");
        assertThat(created.status()).as("created on a: %s", created.body()).isEqualTo(201);
        Response changed = call(reactorA, "POST", "/documents/secured-doc/actions?wait=true", OPERATOR_TOKEN,
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/fromA\",\"value\":1}]}]}");
        assertThat(changed.status()).as("changed on a: %s", changed.body()).isEqualTo(200);

        Response synced = call(reactorA, "GET", "/jobs/" + changed.body().get("jobId").asText() + "/sync?remote=b&wait=true",
            OPERATOR_TOKEN, null);
        assertThat(synced.body().path("status").asText()).as("b applied a's job: %s", synced.body()).isEqualTo("APPLIED");

        Response changedOnB = call(reactorB, "POST", "/documents/secured-doc/actions?wait=true", OPERATOR_TOKEN,
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/fromB\",\"value\":2}]}]}");
        assertThat(changedOnB.status()).as("changed on b: %s", changedOnB.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Response onA = call(reactorA, "GET", "/documents/secured-doc", VIEWER_TOKEN, null);
            assertThat(onA.body().toString()).as("a has b's change").contains("fromB");
        });
    }

    @Test
    void shouldDenyAPrincipalWithoutAclsReadingTheEventBusOrWritingTheQueue() {
        Map<String, Object> client = new HashMap<>(USERS.clientSettings(INTRUDER));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster(0).bootstrapServers());
        client.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);

        Throwable read;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(withConsumerDefaults(client), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TopicNames.eventBus("a"), 0)));
            read = catchThrowable(() -> consumer.poll(Duration.ofSeconds(20)));
        }
        Throwable write;
        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            write = catchThrowable(() -> producer.send(new ProducerRecord<>(TopicNames.queue("a"), "doc".getBytes(), "job".getBytes()))
                .get(30, TimeUnit.SECONDS));
        }

        assertThat(read).as("reading a's event bus without ACLs").isInstanceOf(TopicAuthorizationException.class);
        assertThat(rootCause(write)).as("writing a's queue without ACLs").isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldDenyTheSyncPrincipalWhatItsAclsDoNotGrant() {
        Map<String, Object> client = new HashMap<>(USERS.clientSettings(SYNC));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster(1).bootstrapServers());
        client.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);

        Throwable read;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(withConsumerDefaults(client), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TopicNames.queue("b"), 0)));
            read = catchThrowable(() -> consumer.poll(Duration.ofSeconds(20)));
        }

        assertThat(read).as("the connector writes b's queue but may not read it").isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldRefuseHttpCallersWithoutTokenOrRole() throws Exception {
        Response anonymous = call(reactorA, "GET", "/documents/secured-doc", null, null);
        Response viewerWrites = call(reactorA, "POST", "/documents", VIEWER_TOKEN, "{\"type\":\"json\",\"id\":\"viewer-doc\"}");
        Response viewerOperates = call(reactorB, "GET", "/metrics", VIEWER_TOKEN, null);

        assertThat(anonymous.status()).as("no token").isEqualTo(401);
        assertThat(anonymous.body().has("error")).as("JSON error").isTrue();
        assertThat(viewerWrites.status()).as("read-only token writes").isEqualTo(403);
        assertThat(viewerWrites.body().has("error")).as("JSON error").isTrue();
        assertThat(viewerOperates.status()).as("read-only token reads metrics").isEqualTo(403);
    }

    @Test
    void shouldKeepEverySecretOutOfLogsAndGetAnswers() throws Exception {
        call(reactorA, "POST", "/documents?wait=true", OPERATOR_TOKEN, "{\"type\":\"json\",\"id\":\"log-doc\"}");
        String metrics = rawGet(URI.create("https://localhost:" + reactorA.httpPort() + "/metrics"), OPERATOR_TOKEN);
        String connectorConfigs = rawGet(connect.restUrl().resolve("/connectors?expand=info"), null);
        assertThat(connectorConfigs).as("Connect shows the connectors").contains(DedicatedConfig.connectorName("b", SyncMode.PULL));

        List<String> secrets = new ArrayList<>(PASSWORDS.values());
        secrets.addAll(List.of(OPERATOR_TOKEN, VIEWER_TOKEN, FORWARD_SECRET, certificates.password()));
        List<String> lines = logs.lines();
        assertThat(lines).as("logs of the secured run were captured").hasSizeGreaterThan(100);
        for (String secret : secrets) {
            assertThat(lines).as("no log line holds a secret").noneMatch(line -> line.contains(secret));
            assertThat(metrics).as("/metrics holds no secret").doesNotContain(secret);
            assertThat(connectorConfigs).as("Connect's REST API holds no secret").doesNotContain(secret);
        }
    }

    private static Map<String, Object> withConsumerDefaults(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A status and JSON body. */
    private record Response(int status, JsonNode body) {
    }

    private static Response call(Reactor reactor, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + reactor.httpPort() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    private static String rawGet(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpClient client = uri.getScheme().equals("https") ? https : HttpClient.newHttpClient();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
