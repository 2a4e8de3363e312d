package dev.docreactor.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.reactor.model.DocumentModelRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys refuse the start with the key meant; the embedded broker only when asked for. */
class StrictConfigurationTest {

    @TempDir
    Path dir;

    private static Properties file(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void shouldRefuseAMisspelledEnvironmentVariableSuggestingTheVariableMeant() {
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(new Properties(), "reactor.properties",
            Map.of("REACTOR_BOOTSTRAP_SERVER", "kafka:9092", "PATH", "/bin")))
            .as("REACTOR_BOOTSTRAP_SERVER is a typo").isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown key REACTOR_BOOTSTRAP_SERVER (bootstrap.server) in the environment")
            .hasMessageContaining("did you mean REACTOR_BOOTSTRAP_SERVERS (bootstrap.servers)?");
    }

    @Test
    void shouldRefuseAMisspelledFileKeyNamingTheFileAndTheKeyMeant() {
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("http.prot", "8081"), "reactor.properties", Map.of()))
            .as("http.prot in the file").isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown key 'http.prot' in file reactor.properties: did you mean 'http.port'?");
    }

    @Test
    void shouldCheckStreamsPassThroughAgainstKafkasOwnSettings() {
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("streams.num.stream.thread", "2"), "f", Map.of()))
            .as("a misspelled Kafka Streams setting").isInstanceOf(ConfigException.class)
            .hasMessageContaining("did you mean 'streams.num.stream.threads'?");
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("streams.producer.linger.msec", "2"), "f", Map.of()))
            .as("a misspelled producer setting").isInstanceOf(ConfigException.class)
            .hasMessageContaining("did you mean 'streams.producer.linger.ms'?");
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("num.stream.threads", "2"), "f", Map.of()))
            .as("a Streams setting without its prefix").isInstanceOf(ConfigException.class)
            .hasMessageContaining("did you mean 'streams.num.stream.threads'?");
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("streams.zzz.qqq.www.completely.unrelated", "2"), "f", Map.of()))
            .as("nothing close").isInstanceOf(ConfigException.class)
            .hasMessageContaining("not a Kafka Streams or client setting");
    }

    @Test
    void shouldAcceptEveryKindOfPassThroughTheReactorSupports() {
        ReactorConfig config = ReactorConfig.fromFileAndEnv(file(
                "streams.num.stream.threads", "2",
                "streams.consumer.session.timeout.ms", "45000",
                "streams.main.consumer.max.poll.records", "100",
                "streams.producer.linger.ms", "5",
                "streams.admin.request.timeout.ms", "30000",
                "streams.topic.min.insync.replicas", "2",
                "streams.client.tag.zone", "eu-1",
                "streams.security.protocol", "SSL",
                "streams.ssl.keystore.certificate.chain", "pem"),
            "f", Map.of("REACTOR_STREAMS_NUM_STANDBY_REPLICAS", "1", "REACTOR_HTTP_PORT", "9100"));
        assertThat(config.streamsOverrides()).as("every pass-through key reaches Kafka Streams")
            .containsEntry("num.standby.replicas", "1").containsEntry("topic.min.insync.replicas", "2")
            .containsEntry("security.protocol", "SSL").hasSize(10);
    }

    @Test
    void shouldPassAPluggedInSerializersOwnSettingsThrough() {
        ReactorConfig config = ReactorConfig.fromFileAndEnv(file("reactor.value.serde.schema.registry.url", "http://registry:8081"),
            "f", Map.of("REACTOR_REACTOR_VALUE_SERDE_AUTO_REGISTER_SCHEMAS", "false"));
        assertThat(config.originalsWithPrefix("reactor.value.serde.")).as("the serializer's settings are accepted and kept")
            .containsEntry("schema.registry.url", "http://registry:8081").containsEntry("auto.register.schemas", "false");
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("reactor.value.serde.", "x"), "f", Map.of()))
            .as("the bare prefix names no setting").isInstanceOf(ConfigException.class).hasMessageContaining("reactor.value.serde.");
    }

    @Test
    void shouldListEveryUnknownKeyAtOnce() {
        assertThatThrownBy(() -> ReactorConfig.fromFileAndEnv(file("http.prot", "1", "stat.dir", "/x"), "f",
            Map.of("REACTOR_A_PORT", "tcp://10.0.0.1:8080")))
            .as("three unknown keys").isInstanceOf(ConfigException.class)
            .hasMessageContaining("'http.prot'").hasMessageContaining("'stat.dir'")
            .hasMessageContaining("REACTOR_A_PORT (a.port)");
    }

    @Test
    void shouldRefuseUnknownKeysGivenInCodeToo() {
        assertThatThrownBy(() -> new ReactorConfig(Map.of("bootstrap.server", "x:1")))
            .as("programmatic configuration").isInstanceOf(ConfigException.class)
            .hasMessageContaining("did you mean 'bootstrap.servers'?");
    }

    @Test
    void shouldRefuseToStartWithoutAClusterOrTheEmbeddedFlag() {
        ReactorConfig config = new ReactorConfig(Map.of(ReactorConfig.STATE_DIR, dir.resolve("state").toString(),
            ReactorConfig.DATA_DIR, dir.resolve("data").toString()));
        assertThat(config.embeddedKafka()).as("no embedded broker unless asked").isFalse();
        assertThatThrownBy(() -> new Reactor(config, new DocumentModelRegistry()).start())
            .as("no bootstrap.servers, no --embedded-kafka").isInstanceOf(ConfigException.class)
            .hasMessageContaining("No Kafka cluster: set bootstrap.servers (environment variable REACTOR_BOOTSTRAP_SERVERS)")
            .hasMessageContaining("run --embedded-kafka");
        assertThat(dir.resolve("data")).as("nothing was started, no broker data written").doesNotExist();
    }

    @Test
    void shouldStartEmbeddedOnlyWhenAskedAndNeverNextToACluster() {
        ReactorConfig embedded = new ReactorConfig(Map.of(ReactorConfig.EMBEDDED_KAFKA_ENABLED, "true"));
        assertThat(embedded.embeddedKafka()).as("asked for").isTrue();
        embedded.requireKafka();
        new ReactorConfig(Map.of(ReactorConfig.BOOTSTRAP_SERVERS, "kafka:9092")).requireKafka();
        assertThatThrownBy(() -> new ReactorConfig(Map.of(ReactorConfig.EMBEDDED_KAFKA_ENABLED, "true",
            ReactorConfig.BOOTSTRAP_SERVERS, "kafka:9092")))
            .as("both a cluster and the embedded broker").isInstanceOf(ConfigException.class)
            .hasMessageContaining("not both");
    }

    @Test
    void shouldMakeTheContainerImageRequireBootstrapServers() throws Exception {
        Map<String, String> imageEnv = dockerfileEnvironment(Path.of("..", "deploy", "reactor", "Dockerfile"));
        assertThat(imageEnv).as("the image's environment").containsEntry("REACTOR_EMBEDDED_KAFKA_ENABLED", "false")
            .doesNotContainKey("REACTOR_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> ReactorMain.configure(new Properties(), "(none)", false, imageEnv))
            .as("the image without REACTOR_BOOTSTRAP_SERVERS").isInstanceOf(ConfigException.class)
            .hasMessageContaining("No Kafka cluster: set bootstrap.servers (environment variable REACTOR_BOOTSTRAP_SERVERS)");
        assertThatThrownBy(() -> ReactorMain.configure(new Properties(), "(none)", true, imageEnv))
            .as("the image refuses run --embedded-kafka too").isInstanceOf(ConfigException.class)
            .hasMessageContaining("--embedded-kafka is turned off here");
        Map<String, String> withCluster = new java.util.HashMap<>(imageEnv);
        withCluster.put("REACTOR_BOOTSTRAP_SERVERS", "kafka:9092");
        assertThat(ReactorMain.configure(new Properties(), "(none)", false, withCluster).bootstrapServers())
            .as("the image with a cluster").isEqualTo("kafka:9092");
    }

    @Test
    void shouldStartTheEmbeddedBrokerFromTheRunFlagOutsideTheImage() {
        ReactorConfig config = ReactorMain.configure(new Properties(), "(none)", true, Map.of("PATH", "/bin"));
        assertThat(config.embeddedKafka()).as("run --embedded-kafka").isTrue();
    }

    /** The REACTOR_* variables of the Dockerfile's ENV instructions (KEY=VALUE form, continued lines). */
    private static Map<String, String> dockerfileEnvironment(Path dockerfile) throws java.io.IOException {
        String text = java.nio.file.Files.readString(dockerfile).replace("\\\n", " ");
        Map<String, String> env = new java.util.HashMap<>();
        text.lines().filter(line -> line.startsWith("ENV ")).forEach(line -> {
            for (String pair : line.substring(4).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.startsWith("REACTOR_")) {
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        });
        return env;
    }

    @Test
    void shouldTurnTheRunFlagIntoTheEmbeddedSetting() {
        picocli.CommandLine cli = new picocli.CommandLine(new ReactorMain());
        picocli.CommandLine.ParseResult parsed = cli.parseArgs("run", "--embedded-kafka");
        ReactorMain.Run run = (ReactorMain.Run) parsed.subcommand().commandSpec().userObject();
        assertThat(run.embeddedKafka).as("--embedded-kafka is parsed").isTrue();
        assertThat(((ReactorMain.Run) cli.parseArgs("run").subcommand().commandSpec().userObject()).embeddedKafka)
            .as("off by default").isFalse();
    }
}
