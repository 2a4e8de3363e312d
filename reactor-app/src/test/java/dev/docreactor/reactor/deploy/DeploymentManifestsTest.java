package dev.docreactor.reactor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import dev.docreactor.reactor.executor.ReactorMetrics;
import dev.docreactor.reactor.metrics.IdleReactorScrape;
import dev.docreactor.reactor.metrics.ReactorMeters;
import dev.docreactor.reactor.metrics.StoreRestorationListener;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment files against the code, without a broker or a Kubernetes cluster:
 * docker-compose.yml through {@code docker compose config}, the Kubernetes manifests (kustomize base
 * and overlays, Strimzi resources) parsed and cross-referenced, the Connect connector configurations,
 * and the Grafana dashboard's metric names. Topic names, ports and ids are derived with
 * {@link ReactorConfig} exactly as a running reactor derives them.
 */
class DeploymentManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KAFKA_VERSION = AppInfoParser.getVersion();
    private static final String STRIMZI_API = "kafka.strimzi.io/v1";
    private static final int KAFKA_PORT = ReactorConfig.EMBEDDED_KAFKA_PORT_DEFAULT;
    /** Strimzi clusters have one listener, TLS with client certificates, on 9093. */
    private static final int STRIMZI_TLS_PORT = 9093;
    private static final int CONNECT_REST_PORT = 8083;
    private static final String CONNECTOR_SOURCES = "sync-connector/src/main/java/";
    /** Keys the Connect framework (not the sync connector) understands in a connector configuration. */
    private static final Set<String> CONNECT_KEYS = Set.of("connector.class", "tasks.max", "key.converter", "value.converter",
        "header.converter", "topics", "exactly.once.support", "transaction.boundary", "name");
    private static final List<String> CONNECT_KEY_PREFIXES = List.of("consumer.override.", "producer.override.",
        "admin.override.", "errors.");

    private static Path root;

    @BeforeAll
    static void findProjectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("project root (a directory holding docker-compose.yml) above %s", Path.of("").toAbsolutePath()).isNotNull();
        root = dir;
    }

    // ---------------------------------------------------------------- docker compose

    @Test
    void shouldPublishNoJmxAndKeepConnectRestAndReactorsOnTheHostLoopback() throws Exception {
        JsonNode services = YAML.readTree(dockerComposeConfig()).path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            String environment = service.getValue().path("environment").toString();
            assertThat(environment).as("%s configures no remote JMX", service.getKey()).doesNotContain("jmxremote").doesNotContain("JMX_PORT");
            if (service.getKey().startsWith("reactor-") || service.getKey().equals("connect")) {
                for (JsonNode port : service.getValue().path("ports")) {
                    String hostIp = port.isObject() ? port.path("host_ip").asText() : port.asText().split(":")[0];
                    assertThat(hostIp).as("%s publishes %s on the loopback address only", service.getKey(), port).isEqualTo("127.0.0.1");
                }
            }
        }
        assertThat(read("deploy/reactor/Dockerfile")).as("the image authenticates HTTP callers by default")
            .contains("REACTOR_HTTP_AUTHENTICATION=token").contains("REACTOR_HTTP_AUTH_PRINCIPALS_FILE=");
    }

    @Test
    void shouldPassDockerComposeConfigAndUseDefaultTopicNamesAndPorts() throws Exception {
        JsonNode compose = YAML.readTree(dockerComposeConfig());
        JsonNode services = compose.path("services");
        Set<String> namedVolumes = names(compose.path("volumes"));

        Map<String, String> kafkaServices = new LinkedHashMap<>();
        Map<String, Reactor> reactors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            assertThat(service.has("healthcheck")).as("service %s has a healthcheck", name).isTrue();
            if (service.path("image").asText().startsWith("apache/kafka:") && !service.has("build")) {
                checkComposeKafka(name, service, namedVolumes);
                kafkaServices.put(name, name + ":" + KAFKA_PORT);
            }
        }
        assertThat(kafkaServices).as("two single-node KRaft clusters").hasSize(2);

        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode env = entry.getValue().path("environment");
            if (env.has("REACTOR_REACTOR_ID")) {
                Reactor reactor = checkComposeReactor(entry.getKey(), entry.getValue(), kafkaServices, namedVolumes);
                reactors.put(reactor.id(), reactor);
            }
        }
        assertThat(reactors.keySet()).as("reactors A and B").containsExactlyInAnyOrder("a", "b");
        assertThat(reactors.values().stream().map(Reactor::bootstrap).distinct().count())
            .as("each reactor on its own cluster").isEqualTo(2);

        JsonNode connect = services.path("connect");
        assertThat(connect.isMissingNode()).as("a Kafka Connect service 'connect'").isFalse();
        assertThat(connect.at("/build/dockerfile").asText()).as("Connect image built from deploy/").isEqualTo("deploy/connect/Dockerfile");
        assertThat(publishedTargets(connect)).as("Connect REST port").contains(CONNECT_REST_PORT);
        assertThat(volumeTargets(connect)).as("connector configurations mounted where the image registers them from")
            .contains("/opt/sync/connectors");
        assertThat(connect.at("/healthcheck/test").toString()).as("Connect is healthy only while every connector and task runs")
            .contains("/opt/sync/healthcheck.sh");
        assertThat(read("deploy/connect/healthcheck.sh")).as("the health check asks every connector's and task's state")
            .contains("/connectors?expand=status").contains("RUNNING");
        assertThat(read("deploy/connect/start-connect.sh")).as("the worker's start script restarts failed connectors and tasks")
            .contains("restart?includeTasks=true&onlyFailed=true");
        assertThat(read("deploy/connect/Dockerfile.dockerignore")).as("the health check is in the image's build context")
            .contains("deploy/connect/healthcheck.sh");
        for (String reactorService : List.of("reactor-a", "reactor-b")) {
            assertThat(dependsOn(connect)).as("Connect waits for %s (it creates the topics)", reactorService).contains(reactorService);
        }

        Properties worker = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("deploy/connect/worker.properties"))) {
            worker.load(in);
        }
        assertThat(kafkaServices.values()).as("Connect worker's cluster").contains(worker.getProperty("bootstrap.servers"));
        assertThat(worker.getProperty("listeners")).as("Connect REST listener").endsWith(":" + CONNECT_REST_PORT);
        assertThat(worker.getProperty("plugin.path")).as("plugin path where the Dockerfile unpacks the plugin").isEqualTo("/opt/kafka/plugins");
        assertThat(worker.getProperty("exactly.once.source.support")).as("exactly-once pull cursors").isEqualTo("enabled");
        assertThat(read("deploy/connect/Dockerfile")).as("Connect image").contains("FROM apache/kafka:" + KAFKA_VERSION)
            .contains("sync-connector/target/" + pluginArchiveName()).contains("/opt/kafka/plugins");
        assertThat(read("deploy/reactor/Dockerfile")).as("reactor image").contains("FROM eclipse-temurin:17-jre")
            .contains("reactor-app/target/reactor-app.jar").contains("EXPOSE " + ReactorConfig.HTTP_PORT_DEFAULT);

        Map<String, JsonNode> connectors = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root.resolve("deploy/connect/connectors"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                connectors.put(file.getFileName().toString().replace(".json", ""), JSON.readTree(file.toFile()));
            }
        }
        checkConnectors("compose", connectors, reactors, worker.getProperty("bootstrap.servers"));
    }

    private static void checkComposeKafka(String name, JsonNode service, Set<String> namedVolumes) {
        JsonNode env = service.path("environment");
        assertThat(service.path("image").asText()).as("%s runs the project's Kafka version", name).isEqualTo("apache/kafka:" + KAFKA_VERSION);
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).as("%s is a single KRaft node", name).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_LISTENERS").asText()).as("%s listens on the default port", name).contains("PLAINTEXT://:" + KAFKA_PORT);
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).as("%s advertises its service name", name)
            .contains("PLAINTEXT://" + name + ":" + KAFKA_PORT);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText())
            .as("%s: exactly-once needs a transaction log a single node can host", name).isEqualTo("1");
        String logDirs = env.path("KAFKA_LOG_DIRS").asText();
        assertThat(namedVolumeMounts(service, namedVolumes)).as("%s keeps its data on a named volume", name).containsValue(logDirs);
    }

    private static Reactor checkComposeReactor(String name, JsonNode service, Map<String, String> kafkaServices, Set<String> namedVolumes) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        ReactorConfig config = ReactorConfig.fromFileAndEnv(new Properties(), env);
        assertThat(service.at("/build/dockerfile").asText()).as("%s built from deploy/", name).isEqualTo("deploy/reactor/Dockerfile");
        assertThat(config.httpPort()).as("%s serves HTTP on the default port", name).isEqualTo(ReactorConfig.HTTP_PORT_DEFAULT);
        assertThat(publishedTargets(service)).as("%s publishes its HTTP port", name).contains(config.httpPort());
        assertThat(kafkaServices.values()).as("%s uses one of the compose clusters", name).contains(config.bootstrapServers());
        String kafkaService = config.bootstrapServers().substring(0, config.bootstrapServers().indexOf(':'));
        assertThat(dependsOn(service)).as("%s waits for its cluster", name).contains(kafkaService);
        assertThat(namedVolumeMounts(service, namedVolumes)).as("%s keeps its state directory on a named volume", name)
            .containsValue(config.stateDir().toString());
        assertThat(config.httpAdvertisedAddress(config.httpPort())).as("%s advertises its service name", name)
            .isEqualTo(name + ":" + config.httpPort());
        assertThat(service.at("/healthcheck/test").toString()).as("%s health check", name)
            .contains("http://localhost:" + config.httpPort() + "/health");
        return new Reactor(config.reactorId(), config.bootstrapServers(), config);
    }

    /** Runs {@code docker compose config} (or the standalone docker-compose) and returns its output. */
    private static String dockerComposeConfig() throws Exception {
        List<String> compose = composeCommand();
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", root.resolve("docker-compose.yml").toString(), "config"));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s accepts docker-compose.yml: %s", command, new String(err, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static List<String> composeCommand() throws Exception {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next candidate
            }
        }
        return fail("Neither 'docker compose' (the Compose v2 plugin) nor 'docker-compose' can run here; validating "
            + "docker-compose.yml needs one of them (no Docker engine is needed): install the plugin, or on Debian "
            + "'apt-get install docker-compose' (.ci/run does this)");
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void shouldCrossReferenceKubernetesManifestsOfEveryOverlay() throws Exception {
        Path overlays = root.resolve("deploy/k8s/overlays");
        List<Path> dirs;
        try (Stream<Path> list = Files.list(overlays)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs.stream().map(d -> d.getFileName().toString())).as("overlays").containsExactly("one-cluster", "two-clusters");
        for (Path overlay : dirs) {
            checkKubernetes(overlay.getFileName().toString(), kustomize(overlay));
        }
    }

    @Test
    void shouldParseEveryManifestUnderDeploy() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.resolve("deploy"))) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).as("manifests under deploy/").isNotEmpty();
        for (Path file : files) {
            for (JsonNode doc : readAll(file)) {
                assertThat(doc.path("apiVersion").asText()).as("%s: apiVersion", file).isNotBlank();
                assertThat(doc.path("kind").asText()).as("%s: kind", file).isNotBlank();
                if (!doc.path("kind").asText().equals("Kustomization")) {
                    assertThat(doc.at("/metadata/name").asText()).as("%s: metadata.name", file).isNotBlank();
                }
            }
        }
    }

    private static void checkKubernetes(String overlay, List<JsonNode> docs) throws IOException {
        Map<String, JsonNode> byKindAndName = new LinkedHashMap<>();
        for (JsonNode doc : docs) {
            String key = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
            assertThat(byKindAndName.put(key, doc)).as("%s: %s defined once", overlay, key).isNull();
            assertThat(doc.at("/metadata/namespace").asText()).as("%s: %s namespaced", overlay, key).isEqualTo("docreactor");
            if (doc.path("kind").asText().startsWith("Kafka")) {
                assertThat(doc.path("apiVersion").asText()).as("%s: %s uses Strimzi's API", overlay, key).isEqualTo(STRIMZI_API);
            }
        }
        Map<String, JsonNode> kafkas = ofKind(docs, "Kafka");
        Map<String, JsonNode> pools = ofKind(docs, "KafkaNodePool");
        Map<String, JsonNode> topics = ofKind(docs, "KafkaTopic");
        Map<String, JsonNode> services = ofKind(docs, "Service");
        Map<String, JsonNode> configMaps = ofKind(docs, "ConfigMap");

        for (Map.Entry<String, JsonNode> kafka : kafkas.entrySet()) {
            assertThat(kafka.getValue().at("/spec/kafka/version").asText()).as("%s: Kafka %s version", overlay, kafka.getKey())
                .isEqualTo(KAFKA_VERSION);
            Set<String> roles = new TreeSet<>();
            pools.values().stream().filter(p -> kafka.getKey().equals(label(p, "strimzi.io/cluster")))
                .forEach(p -> p.at("/spec/roles").forEach(r -> roles.add(r.asText())));
            assertThat(roles).as("%s: node pools of %s (KRaft)", overlay, kafka.getKey()).contains("broker", "controller");
            assertThat(plainListenerPorts(kafka.getValue())).as("%s: %s has no plain listener", overlay, kafka.getKey()).isEmpty();
            assertThat(kafka.getValue().at("/spec/kafka/listeners/0/port").asInt()).as("%s: %s TLS listener port", overlay, kafka.getKey())
                .isEqualTo(STRIMZI_TLS_PORT);
            assertThat(kafka.getValue().at("/spec/kafka/listeners/0/authentication/type").asText())
                .as("%s: %s authenticates clients by certificate", overlay, kafka.getKey()).isEqualTo("tls");
            assertThat(kafka.getValue().at("/spec/kafka/authorization/type").asText())
                .as("%s: %s authorizes with ACLs", overlay, kafka.getKey()).isEqualTo("simple");
        }
        for (JsonNode pool : pools.values()) {
            assertThat(kafkas).as("%s: node pool %s belongs to a Kafka", overlay, pool.at("/metadata/name").asText())
                .containsKey(label(pool, "strimzi.io/cluster"));
        }
        for (JsonNode topic : topics.values()) {
            assertThat(kafkas).as("%s: topic %s belongs to a Kafka", overlay, topic.at("/metadata/name").asText())
                .containsKey(label(topic, "strimzi.io/cluster"));
        }

        Map<String, Reactor> reactors = new LinkedHashMap<>();
        for (JsonNode set : ofKind(docs, "StatefulSet").values()) {
            Reactor reactor = checkReactorStatefulSet(overlay, set, services, ofKind(docs, "PodDisruptionBudget"));
            reactors.put(reactor.id(), reactor);
            String cluster = clusterOfBootstrap(overlay, reactor.bootstrap(), kafkas.keySet());
            ReactorConfig config = reactor.config();
            JsonNode queue = topicNamed(topics, config.queueTopic(), cluster, overlay);
            JsonNode eventBus = topicNamed(topics, config.eventBusTopic(), cluster, overlay);
            JsonNode dlq = topicNamed(topics, config.dlqTopic(), cluster, overlay);
            JsonNode results = topicNamed(topics, config.jobResultsTopic(), cluster, overlay);
            assertThat(queue.at("/spec/partitions").asInt()).as("%s: %s partitions = reactor.topic.partitions", overlay, config.queueTopic())
                .isEqualTo(config.topicPartitions());
            assertThat(eventBus.at("/spec/partitions").asInt()).as("%s: event bus co-partitioned with the queue", overlay)
                .isEqualTo(config.topicPartitions());
            assertThat(eventBus.at("/spec/config/cleanup.policy").asText()).as("%s: event bus compacted (a changelog)", overlay).isEqualTo("compact");
            assertThat(results.at("/spec/config/cleanup.policy").asText()).as("%s: job results compacted", overlay).isEqualTo("compact");
            assertThat(queue.at("/spec/config/cleanup.policy").asText()).as("%s: queue not compacted", overlay).isEqualTo("delete");
            assertThat(dlq.at("/spec/config/cleanup.policy").asText()).as("%s: DLQ not compacted", overlay).isEqualTo("delete");
            for (JsonNode topic : List.of(queue, eventBus, dlq, results)) {
                assertThat(label(topic, "docreactor.dev/reactor")).as("%s: topic %s labelled with its reactor", overlay,
                    topic.at("/spec/topicName").asText()).isEqualTo(reactor.id());
            }
        }
        assertThat(reactors.keySet()).as("%s: reactors", overlay).containsExactlyInAnyOrder("a", "b");

        Map<String, JsonNode> connects = ofKind(docs, "KafkaConnect");
        assertThat(connects).as("%s: one Connect cluster", overlay).hasSize(1);
        JsonNode connect = connects.values().iterator().next();
        String connectName = connect.at("/metadata/name").asText();
        String connectBootstrap = connect.at("/spec/bootstrapServers").asText();
        clusterOfBootstrap(overlay, connectBootstrap, kafkas.keySet());
        assertThat(connect.at("/spec/version").asText()).as("%s: Connect version", overlay).isEqualTo(KAFKA_VERSION);
        assertThat(connect.at("/metadata/annotations").path("strimzi.io/use-connector-resources").asText())
            .as("%s: connectors are KafkaConnector resources", overlay).isEqualTo("true");
        assertThat(connect.at("/spec/config/exactly.once.source.support").asText()).as("%s: exactly-once pull cursors", overlay).isEqualTo("enabled");
        JsonNode artifact = connect.at("/spec/build/plugins/0/artifacts/0");
        assertThat(artifact.path("type").asText()).as("%s: the plugin archive is a zip", overlay).isEqualTo("zip");
        assertThat(artifact.path("url").asText()).as("%s: the plugin archive the build produces", overlay).endsWith("/" + pluginArchiveName());
        assertThat(configMaps).as("%s: Connect metrics rules", overlay)
            .containsKey(connect.at("/spec/metricsConfig/valueFrom/configMapKeyRef/name").asText());

        Map<String, JsonNode> connectors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : ofKind(docs, "KafkaConnector").entrySet()) {
            assertThat(label(c.getValue(), "strimzi.io/cluster")).as("%s: connector %s runs on the Connect cluster", overlay, c.getKey())
                .isEqualTo(connectName);
            assertThat(c.getValue().at("/spec/autoRestart/enabled").asBoolean(false))
                .as("%s: the operator restarts connector %s when it or a task fails", overlay, c.getKey()).isTrue();
            ObjectNode config = ((ObjectNode) c.getValue().at("/spec/config")).deepCopy();
            config.put("connector.class", c.getValue().at("/spec/class").asText());
            config.put("tasks.max", c.getValue().at("/spec/tasksMax").asText());
            connectors.put(c.getKey(), config);
        }
        checkConnectors(overlay, connectors, reactors, connectBootstrap);
    }

    private static Reactor checkReactorStatefulSet(String overlay, JsonNode set, Map<String, JsonNode> services,
                                                   Map<String, JsonNode> budgets) {
        String name = set.at("/metadata/name").asText();
        JsonNode podLabels = set.at("/spec/template/metadata/labels");
        JsonNode selector = set.at("/spec/selector/matchLabels");
        assertThat(selects(selector, podLabels)).as("%s: %s selector matches its pod labels", overlay, name).isTrue();
        JsonNode container = set.at("/spec/template/spec/containers/0");
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        ReactorConfig config = ReactorConfig.fromFileAndEnv(new Properties(), env);
        assertThat(label(set.at("/spec/template"), "docreactor.dev/reactor")).as("%s: %s pods labelled with the reactor id", overlay, name)
            .isEqualTo(config.reactorId());
        assertThat(container.path("image").asText()).as("%s: %s image", overlay, name).startsWith("docreactor/reactor:");
        assertThat(config.httpPort()).as("%s: %s HTTP port", overlay, name).isEqualTo(ReactorConfig.HTTP_PORT_DEFAULT);
        JsonNode httpPort = null;
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals("http")) {
                httpPort = port;
            }
        }
        assertThat(httpPort).as("%s: %s declares port 'http'", overlay, name).isNotNull();
        assertThat(httpPort.path("containerPort").asInt()).as("%s: %s container port = http.port", overlay, name).isEqualTo(config.httpPort());
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).as("%s: %s readiness from /health", overlay, name).isEqualTo("/health");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).as("%s: %s readiness port", overlay, name).isEqualTo("http");

        assertThat(Integer.parseInt(config.streamsOverrides().getOrDefault("num.standby.replicas", "0")))
            .as("%s: %s standby replicas configured", overlay, name).isGreaterThanOrEqualTo(1);
        assertThat(set.at("/spec/replicas").asInt()).as("%s: %s has an instance for the standby", overlay, name).isGreaterThanOrEqualTo(2);

        String stateVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(config.stateDir().toString())) {
                stateVolume = mount.path("name").asText();
            }
        }
        assertThat(stateVolume).as("%s: %s state.dir %s is a mounted volume", overlay, name, config.stateDir()).isNotNull();
        Set<String> claims = new HashSet<>();
        set.at("/spec/volumeClaimTemplates").forEach(t -> claims.add(t.at("/metadata/name").asText()));
        assertThat(claims).as("%s: %s state volume is a persistent claim per pod", overlay, name).contains(stateVolume);

        String serviceName = set.at("/spec/serviceName").asText();
        JsonNode headless = services.get(serviceName);
        assertThat(headless).as("%s: %s governing service %s", overlay, name, serviceName).isNotNull();
        assertThat(headless.at("/spec/clusterIP").asText()).as("%s: %s is headless", overlay, serviceName).isEqualTo("None");
        assertThat(selects(headless.at("/spec/selector"), podLabels)).as("%s: %s selects the pods", overlay, serviceName).isTrue();
        assertThat(config.httpAdvertisedAddress(config.httpPort())).as("%s: %s advertises the pod's stable DNS name", overlay, name)
            .isEqualTo("$(POD_NAME)." + serviceName + ":" + config.httpPort());
        assertThat(container.path("env").toString()).as("%s: %s POD_NAME from the downward API", overlay, name)
            .contains("\"name\":\"POD_NAME\"").contains("metadata.name");

        boolean httpService = services.values().stream().anyMatch(s -> !"None".equals(s.at("/spec/clusterIP").asText())
            && selects(s.at("/spec/selector"), podLabels)
            && s.at("/spec/ports/0/port").asInt() == config.httpPort() && s.at("/spec/ports/0/targetPort").asText().equals("http"));
        assertThat(httpService).as("%s: a Service for %s's HTTP API", overlay, name).isTrue();
        assertThat(budgets.values().stream().anyMatch(b -> selects(b.at("/spec/selector/matchLabels"), podLabels)))
            .as("%s: %s has a disruption budget", overlay, name).isTrue();
        return new Reactor(config.reactorId(), config.bootstrapServers(), config);
    }

    private static String clusterOfBootstrap(String overlay, String bootstrap, Set<String> kafkas) {
        Matcher m = Pattern.compile("(.+)-kafka-bootstrap:(\\d+)").matcher(bootstrap);
        assertThat(m.matches()).as("%s: %s is a Strimzi bootstrap address", overlay, bootstrap).isTrue();
        assertThat(kafkas).as("%s: %s names a Kafka of this deployment", overlay, bootstrap).contains(m.group(1));
        assertThat(Integer.parseInt(m.group(2))).as("%s: %s uses the TLS listener", overlay, bootstrap).isEqualTo(STRIMZI_TLS_PORT);
        return m.group(1);
    }

    private static JsonNode topicNamed(Map<String, JsonNode> topics, String topicName, String cluster, String overlay) {
        return topics.values().stream()
            .filter(t -> t.at("/spec/topicName").asText().equals(topicName) && cluster.equals(label(t, "strimzi.io/cluster")))
            .findFirst()
            .orElseGet(() -> fail(overlay + ": no KafkaTopic with topicName " + topicName + " on cluster " + cluster));
    }

    // ---------------------------------------------------------------- connectors (compose and Kubernetes)

    /**
     * Checks connector configurations against the connector's code and the reactors they connect:
     * classes exist and are registered, every key is a Connect or a sync connector key, topics and
     * clusters are the reactors' own, and both directions between the reactors are covered.
     */
    private static void checkConnectors(String where, Map<String, JsonNode> connectors, Map<String, Reactor> reactors,
                                        String connectBootstrap) throws IOException {
        assertThat(connectors).as("%s: a connector per sync direction", where).hasSize(2);
        String configSource = read(CONNECTOR_SOURCES + "dev/docreactor/sync/connect/SyncConnectorConfig.java");
        Set<String> directions = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : connectors.entrySet()) {
            String name = entry.getKey();
            JsonNode c = entry.getValue();
            String mode = c.path("mode").asText();
            String className = c.path("connector.class").asText();
            String expectedClass = "dev.docreactor.sync.connect." + ("pull".equals(mode) ? "SyncSourceConnector" : "SyncSinkConnector");
            assertThat(className).as("%s: %s class for mode %s", where, name, mode).isEqualTo(expectedClass);
            assertThat(root.resolve(CONNECTOR_SOURCES + className.replace('.', '/') + ".java"))
                .as("%s: %s class exists in sync-connector", where, name).exists();
            String service = "pull".equals(mode) ? "org.apache.kafka.connect.source.SourceConnector" : "org.apache.kafka.connect.sink.SinkConnector";
            assertThat(read("sync-connector/src/main/resources/META-INF/services/" + service).lines().map(String::trim))
                .as("%s: %s registered for plugin discovery", where, className).contains(className);
            for (Iterator<String> keys = c.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                boolean connectKey = CONNECT_KEYS.contains(key) || CONNECT_KEY_PREFIXES.stream().anyMatch(key::startsWith);
                String own = key.replaceFirst("^(source|target)\\.", "");
                assertThat(connectKey || configSource.contains("\"" + key + "\"") || configSource.contains("\"" + own + "\""))
                    .as("%s: %s key '%s' is a Connect key or defined in SyncConnectorConfig", where, name, key).isTrue();
            }
            Reactor source = reactors.get(c.path("source.reactor.id").asText());
            Reactor target = reactors.get(c.path("target.reactor.id").asText());
            assertThat(source).as("%s: %s source.reactor.id is a deployed reactor", where, name).isNotNull();
            assertThat(target).as("%s: %s target.reactor.id is a deployed reactor", where, name).isNotNull();
            directions.add(source.id() + "->" + target.id());
            assertThat(c.path("remote.name").asText()).as("%s: %s remote.name", where, name)
                .isEqualTo("pull".equals(mode) ? source.id() : target.id());
            if ("pull".equals(mode)) {
                assertThat(c.path("source.bootstrap.servers").asText()).as("%s: %s reads the source reactor's cluster", where, name)
                    .isEqualTo(source.bootstrap());
                assertThat(target.bootstrap()).as("%s: %s writes through Connect into the target's cluster", where, name)
                    .isEqualTo(connectBootstrap);
                assertThat(c.path("target.bootstrap.servers").asText(target.bootstrap())).as("%s: %s target cluster", where, name)
                    .isEqualTo(target.bootstrap());
                assertThat(c.path("exactly.once.support").asText()).as("%s: %s exactly once", where, name).isEqualTo("required");
            } else {
                assertThat(c.path("topics").asText()).as("%s: %s consumes the source reactor's event bus", where, name)
                    .isEqualTo(source.config().eventBusTopic());
                assertThat(source.bootstrap()).as("%s: %s reads the event bus through Connect's own cluster", where, name)
                    .isEqualTo(connectBootstrap);
                assertThat(c.path("target.bootstrap.servers").asText()).as("%s: %s writes to the target reactor's cluster", where, name)
                    .isEqualTo(target.bootstrap());
                assertThat(c.path("consumer.override.isolation.level").asText()).as("%s: %s reads committed operations only", where, name)
                    .isEqualTo("read_committed");
            }
            for (String converter : List.of("key.converter", "value.converter")) {
                assertThat(c.path(converter).asText()).as("%s: %s %s passes bytes through", where, name, converter)
                    .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
            }
        }
        assertThat(directions).as("%s: ping-pong, both directions", where).containsExactlyInAnyOrder("a->b", "b->a");
    }

    // ---------------------------------------------------------------- observability

    @Test
    void shouldOnlyChartMetricsTheCodeExportsAndDocumentEachOfThem() throws IOException {
        Map<String, String> declared = IdleReactorScrape.families();
        Set<String> reactorFamilies = new TreeSet<>();
        for (String metric : ReactorMetrics.METRICS.keySet()) {
            reactorFamilies.add(ReactorMeters.kafkaFamily(ReactorMetrics.GROUP, metric));
        }
        assertThat(reactorFamilies).as("the reactor's sensors").hasSize(ReactorMetrics.METRICS.size());
        Set<String> restoration = new TreeSet<>();
        declared.keySet().stream().filter(f -> f.startsWith("reactor_restore_")).forEach(restoration::add);
        assertThat(restoration).as("one family per restoration meter").hasSize(StoreRestorationListener.METRICS.size());
        assertThat(declared).as("the scrape declares JVM, process and Kafka client families; counters as counters")
            .containsEntry("jvm_memory_used_bytes", "gauge")
            .containsEntry("process_cpu_usage", "gauge")
            .containsEntry("kafka_stream_thread_process_total", "counter")
            .containsEntry("kafka_producer_record_send_total", "counter")
            .containsEntry("reactor_restore_records_restored_total", "counter");

        Set<String> syncMetrics = new TreeSet<>();
        Matcher names = Pattern.compile("(?:name|gauge)\\(\"([a-z0-9-]+)\"")
            .matcher(read(CONNECTOR_SOURCES + "dev/docreactor/sync/connect/SyncMetrics.java"));
        while (names.find()) {
            syncMetrics.add(names.group(1));
        }
        assertThat(syncMetrics).as("the connector's metrics").contains("replication-latency-ms-p99");

        JsonNode dashboard = JSON.readTree(root.resolve("deploy/grafana/reactor-dashboard.json").toFile());
        Set<String> exported = new TreeSet<>(reactorFamilies);
        exported.addAll(declared.keySet());
        syncMetrics.forEach(m -> exported.add("docreactor_sync_" + m.replace('-', '_')));
        // Families of other exporters: Kafka Exporter (topic offsets, consumer-group lag) and Connect's JMX exporter.
        Pattern otherExporters = Pattern.compile("kafka_(topic_partition|consumergroup|connect)_[a-z_]+");
        Set<String> charted = new TreeSet<>();
        Matcher used = Pattern.compile("\\b((?:kafka|jvm|process|system|reactor|docreactor_sync)_[a-z0-9_]+)\\b")
            .matcher(dashboard.findValues("expr").toString());
        while (used.find()) {
            String family = used.group(1).replaceAll("_(sum|count|bucket)$", "");
            if (!otherExporters.matcher(family).matches()) {
                charted.add(family);
            }
        }
        assertThat(charted).as("the dashboard charts the code's metrics").isNotEmpty();
        assertThat(exported).as("every metric the dashboard charts is exported").containsAll(charted);
        for (String panel : List.of("jobs_total", "failed_jobs_total", "kafka_topic_partition_current_offset", "dlq",
            "replication_latency_ms_p99", "docreactor_sync_lag", "scheduler_interval_ms", "operations_reapplied_total",
            "rebase_depth_max", "reactor_restore_records_remaining", "jvm_memory_used_bytes", "http-producer")) {
            assertThat(dashboard.toString()).as("the dashboard charts %s", panel).contains(panel);
        }
        String connectRules = read("deploy/k8s/base/connect-metrics.yaml");
        assertThat(connectRules).as("JMX exporter rule naming docreactor_sync_*")
            .contains("kafka.connect<type=plugins, connector=(.+), task=(.+), remote=(.+)><>").contains("name: docreactor_sync_$4");
        assertThat(connectRules).as("the connector's cumulative metrics are exported as counters")
            .containsPattern("pattern: '[^']*remote=\\(\\.\\+\\)><>\\(\\[a-z-\\]\\+-total\\)'\\s+name: docreactor_sync_\\$4\\s+type: COUNTER");

        String operations = read("docs/OPERATIONS.md");
        Set<String> documented = new TreeSet<>(reactorFamilies);
        documented.addAll(restoration);
        for (String family : documented) {
            assertThat(operations).as("docs/OPERATIONS.md documents %s", family).contains("`" + family + "`");
        }
        for (String metric : syncMetrics) {
            assertThat(operations).as("docs/OPERATIONS.md documents %s", metric).contains("`" + metric + "`");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A deployed reactor: its id, its cluster and its configuration. */
    record Reactor(String id, String bootstrap, ReactorConfig config) {
    }

    /** The plugin archive the sync connector's assembly descriptor produces. */
    private static String pluginArchiveName() throws IOException {
        Matcher id = Pattern.compile("<id>([^<]+)</id>").matcher(read("sync-connector/src/assembly/plugin.xml"));
        assertThat(id.find()).as("assembly id of sync-connector/src/assembly/plugin.xml").isTrue();
        assertThat(read("sync-connector/src/assembly/plugin.xml")).as("the plugin archive is a zip").contains("<format>zip</format>");
        return "sync-connector-" + id.group(1) + ".zip";
    }

    /**
     * Renders a kustomization the way {@code kubectl kustomize} does for the features used here
     * (resources, namespace, images); any other feature fails the test so this stays faithful.
     */
    private static List<JsonNode> kustomize(Path dir) throws IOException {
        JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        Set<String> supported = Set.of("apiVersion", "kind", "resources", "namespace", "images");
        for (Iterator<String> fields = k.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertThat(supported).as("%s uses kustomize feature '%s'; teach DeploymentManifestsTest.kustomize it", dir, field).contains(field);
        }
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            assertThat(path).as("%s: resource %s", dir, resource.asText()).exists();
            docs.addAll(Files.isDirectory(path) ? kustomize(path) : readAll(path));
        }
        if (k.has("namespace")) {
            docs.forEach(d -> ((ObjectNode) d.path("metadata")).put("namespace", k.path("namespace").asText()));
        }
        for (JsonNode image : k.path("images")) {
            for (JsonNode doc : docs) {
                for (JsonNode container : doc.at("/spec/template/spec/containers")) {
                    String current = container.path("image").asText();
                    if (current.equals(image.path("name").asText()) || current.startsWith(image.path("name").asText() + ":")) {
                        ((ObjectNode) container).put("image", image.path("newName").asText(image.path("name").asText()) + ":"
                            + image.path("newTag").asText(current.contains(":") ? current.substring(current.indexOf(':') + 1) : "latest"));
                    }
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> readAll(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static Map<String, JsonNode> ofKind(List<JsonNode> docs, String kind) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        docs.stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(d -> result.put(d.at("/metadata/name").asText(), d));
        return result;
    }

    private static String label(JsonNode resource, String label) {
        return resource.at("/metadata/labels").path(label).asText(null);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static Set<Integer> plainListenerPorts(JsonNode kafka) {
        Set<Integer> ports = new HashSet<>();
        kafka.at("/spec/kafka/listeners").forEach(l -> {
            if (!l.path("tls").asBoolean()) {
                ports.add(l.path("port").asInt());
            }
        });
        return ports;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Container ports a compose service publishes (short "host:container" or long {target: ...} syntax). */
    private static Set<Integer> publishedTargets(JsonNode service) {
        Set<Integer> targets = new HashSet<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                targets.add(port.path("target").asInt());
            } else {
                String[] parts = port.asText().replaceAll("/.*", "").split(":");
                targets.add(Integer.parseInt(parts[parts.length - 1]));
            }
        }
        return targets;
    }

    /** Mount target by source for a compose service's volumes (short or long syntax). */
    private static Map<String, String> volumes(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isObject()) {
                mounts.put(volume.path("source").asText(), volume.path("target").asText());
            } else {
                String[] parts = volume.asText().split(":");
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    private static Set<String> volumeTargets(JsonNode service) {
        return new HashSet<>(volumes(service).values());
    }

    private static Map<String, String> namedVolumeMounts(JsonNode service, Set<String> namedVolumes) {
        Map<String, String> mounts = new LinkedHashMap<>(volumes(service));
        mounts.keySet().retainAll(namedVolumes);
        return mounts;
    }

    private static Set<String> dependsOn(JsonNode service) {
        JsonNode deps = service.path("depends_on");
        Set<String> names = new TreeSet<>();
        if (deps.isArray()) {
            deps.forEach(d -> names.add(d.asText()));
        } else {
            deps.fields().forEachRemaining(e -> {
                assertThat(e.getValue().path("condition").asText("service_healthy")).as("depends_on %s waits for health", e.getKey())
                    .isEqualTo("service_healthy");
                names.add(e.getKey());
            });
        }
        return names;
    }

    private static String read(String relative) throws IOException {
        Path file = root.resolve(relative);
        assertThat(file).as("file %s", relative).exists();
        return Files.readString(file);
    }
}
