package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DedicatedConfigTest {

    private static Map<String, String> pingPong() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "a:9092");
        props.put("local.reactor.id", "a");
        props.put("listeners", "http://localhost:9999");
        props.put("security.protocol", "SSL");
        props.put("remotes", "b");
        props.put("remote.b.bootstrap.servers", "b:9092");
        props.put("remote.b.mode", "pull,push");
        props.put("remote.b.client.security.protocol", "SASL_SSL");
        props.put("remote.b.filter.scopes", "document,global");
        props.put("remote.b.pull.scheduler.max.interval.ms", "1000");
        props.put("remote.b.tasks.max", "3");
        return props;
    }

    @Test
    void shouldMapAPingPongRemoteToAPullAndAPushConnector() {
        DedicatedConfig config = DedicatedConfig.parse(pingPong());
        assertThat(config.connectors()).as("two connectors").containsOnlyKeys("sync-b-pull", "sync-b-push");
        Map<String, String> pull = config.connectors().get("sync-b-pull");
        assertThat(pull).as("pull: remote is the source, local is the target")
            .containsEntry("connector.class", SyncSourceConnector.class.getName())
            .containsEntry("source.reactor.id", "b").containsEntry("source.bootstrap.servers", "b:9092")
            .containsEntry("source.security.protocol", "SASL_SSL")
            .containsEntry("target.reactor.id", "a").containsEntry("target.bootstrap.servers", "a:9092")
            .containsEntry("target.security.protocol", "SSL")
            .containsEntry("exactly.once.support", "required")
            .containsEntry("filter.scopes", "document,global").containsEntry("scheduler.max.interval.ms", "1000")
            .containsEntry("tasks.max", "3");
        Map<String, String> push = config.connectors().get("sync-b-push");
        assertThat(push).as("push: local is the source, remote is the target")
            .containsEntry("connector.class", SyncSinkConnector.class.getName())
            .containsEntry("topics", "reactor-a-operations-changelog")
            .containsEntry("consumer.override.isolation.level", "read_committed")
            .containsEntry("target.reactor.id", "b").containsEntry("target.bootstrap.servers", "b:9092")
            .containsEntry("target.security.protocol", "SASL_SSL")
            .containsEntry("filter.scopes", "document,global").doesNotContainKey("scheduler.max.interval.ms");
        assertThat(new SyncConnectorConfig(pull).validate(SyncMode.PULL)).as("pull config valid").isEmpty();
        assertThat(new SyncConnectorConfig(push).validate(SyncMode.PUSH)).as("push config valid").isEmpty();
        assertThat(config.workerProps()).as("worker settings")
            .containsEntry("bootstrap.servers", "a:9092").containsEntry("listeners", "http://localhost:9999")
            .containsEntry("exactly.once.source.support", "enabled").containsEntry("group.id", "sync-a")
            .doesNotContainKeys("remotes", "local.reactor.id", "remote.b.mode");
    }

    @Test
    void shouldGiveTheWorkerSecurityToConnectsOwnProducerConsumerAndAdminClients() {
        Map<String, String> props = pingPong();
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "${env:SYNC_JAAS}");
        props.put("consumer.sasl.mechanism", "PLAIN");

        Map<String, String> worker = DedicatedConfig.parse(props).workerProps();

        for (String client : new String[] {"producer.", "consumer.", "admin."}) {
            assertThat(worker).as("%s clients get the worker's security", client)
                .containsEntry(client + "security.protocol", "SSL").containsEntry(client + "sasl.jaas.config", "${env:SYNC_JAAS}");
        }
        assertThat(worker).as("an explicit client setting wins").containsEntry("consumer.sasl.mechanism", "PLAIN")
            .containsEntry("producer.sasl.mechanism", "SCRAM-SHA-512");
        assertThat(worker).as("secrets can be references resolved by the env and file providers")
            .containsEntry("config.providers", "file,env");
    }

    @Test
    void shouldRejectUnknownModesAndMissingRemotes() {
        Map<String, String> props = pingPong();
        props.put("remote.b.mode", "sideways");
        assertThatThrownBy(() -> DedicatedConfig.parse(props)).as("mode").isInstanceOf(ConfigException.class)
            .hasMessageContaining("use pull, push or pull,push");
        props.put("remote.b.mode", "pull");
        props.remove("remote.b.bootstrap.servers");
        assertThatThrownBy(() -> DedicatedConfig.parse(props)).as("remote cluster").isInstanceOf(ConfigException.class)
            .hasMessageContaining("remote.b.bootstrap.servers");
    }

    @Test
    void shouldRefuseUnknownKeysNamingTheKeyMeant() {
        Map<String, String> worker = pingPong();
        worker.put("listener", "http://localhost:1");
        assertThatThrownBy(() -> DedicatedConfig.parse(worker)).as("a misspelled worker setting").isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown key 'listener': did you mean 'listeners'?");
        Map<String, String> own = pingPong();
        own.put("local.reactor.ids", "a");
        assertThatThrownBy(() -> DedicatedConfig.parse(own)).as("a misspelled dedicated-mode key").isInstanceOf(ConfigException.class)
            .hasMessageContaining("did you mean 'local.reactor.id'?");
        Map<String, String> connector = pingPong();
        connector.put("remote.b.pull.scheduler.max.intervall.ms", "5");
        assertThatThrownBy(() -> DedicatedConfig.parse(connector)).as("a misspelled connector setting of one direction")
            .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'remote.b.pull.scheduler.max.interval.ms'?");
        Map<String, String> client = pingPong();
        client.put("remote.b.client.security.protocl", "SSL");
        assertThatThrownBy(() -> DedicatedConfig.parse(client)).as("a misspelled remote client setting")
            .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'remote.b.client.security.protocol'?");
        Map<String, String> remote = pingPong();
        remote.put("remote.c.bootstrap.servers", "c:9092");
        assertThatThrownBy(() -> DedicatedConfig.parse(remote)).as("a remote missing from remotes")
            .isInstanceOf(ConfigException.class).hasMessageContaining("is about remote 'c', which remotes does not list (b)");
    }

    @Test
    void shouldAcceptEveryKindOfKeyTheModeSupports() {
        Map<String, String> props = pingPong();
        props.put("consumer.max.poll.records", "100");
        props.put("config.providers.vault.class", "com.example.Vault");
        props.put("sync.restart.backoff.ms", "1000");
        props.put("remote.b.pull.transforms", "fail");
        props.put("remote.b.pull.transforms.fail.type", "com.example.Fail");
        props.put("remote.b.push.consumer.override.max.poll.records", "10");
        props.put("remote.b.target.ssl.truststore.type", "PEM");
        assertThat(DedicatedConfig.parse(props).connectors()).as("every supported kind of key is accepted").hasSize(2);
    }

    @Test
    void shouldParseTheShippedExampleConfigurations() throws Exception {
        try (var files = Files.list(Path.of("config"))) {
            var examples = files.filter(f -> f.toString().endsWith(".properties")).toList();
            assertThat(examples).as("examples shipped").isNotEmpty();
            for (Path example : examples) {
                DedicatedConfig config = DedicatedConfig.load(example);
                assertThat(config.connectors()).as("%s has connectors", example).isNotEmpty();
                config.connectors().forEach((name, props) -> assertThat(new SyncConnectorConfig(props)
                    .validate(name.endsWith("-pull") ? SyncMode.PULL : SyncMode.PUSH)).as("%s in %s", name, example)
                    .isEmpty());
            }
        }
    }

    @Test
    void shouldReadTheRestartBackoffWithoutPassingItToTheWorker() {
        Map<String, String> props = pingPong();
        assertThat(DedicatedConfig.parse(props).restartBackoff()).as("default first wait")
            .isEqualTo(java.time.Duration.ofSeconds(5));
        props.put("sync.restart.backoff.ms", "200");
        props.put("sync.restart.backoff.max.ms", "2000");
        DedicatedConfig config = DedicatedConfig.parse(props);
        assertThat(config.restartBackoff()).as("first wait").isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(config.restartBackoffMax()).as("longest wait").isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(config.workerProps()).as("not Connect worker settings")
            .doesNotContainKeys("sync.restart.backoff.ms", "sync.restart.backoff.max.ms");
        props.put("sync.restart.backoff.max.ms", "100");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DedicatedConfig.parse(props))
            .as("a maximum below the first wait").hasMessageContaining("sync.restart.backoff.max.ms must be at least");
    }
}
