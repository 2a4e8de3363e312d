package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SyncConnectorConfigTest {

    private static Map<String, String> pull() {
        Map<String, String> props = new HashMap<>();
        props.put("source.reactor.id", "b");
        props.put("target.reactor.id", "a");
        props.put("source.bootstrap.servers", "remote:9092");
        return props;
    }

    @Test
    void shouldDeriveTopicsFromReactorIds() {
        SyncConnectorConfig config = new SyncConnectorConfig(pull());
        assertThat(config.sourceTopic()).as("event bus").isEqualTo("reactor-b-operations-changelog");
        assertThat(config.targetQueueTopic()).as("queue").isEqualTo("a.queue");
        assertThat(config.deadLetterTopic()).as("dead letters").isEqualTo("a.dlq");
        assertThat(config.targetConsumerGroup()).as("reactor group").isEqualTo("reactor-a");
        assertThat(config.remoteName(SyncMode.PULL)).as("remote name in pull mode").isEqualTo("b");
        assertThat(config.remoteName(SyncMode.PUSH)).as("remote name in push mode").isEqualTo("a");
        assertThat(config.validate(SyncMode.PULL)).as("valid").isEmpty();
    }

    @Test
    void shouldPassClientSecuritySettingsThroughWithoutOwnKeys() {
        Map<String, String> props = pull();
        props.put("source.security.protocol", "SASL_SSL");
        props.put("source.sasl.mechanism", "SCRAM-SHA-512");
        props.put("target.ssl.truststore.location", "/etc/ts.jks");
        SyncConnectorConfig config = new SyncConnectorConfig(props);
        assertThat(config.sourceClientConfig()).as("source client settings")
            .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("bootstrap.servers", "remote:9092").doesNotContainKeys("reactor.id", "topic");
        assertThat(config.targetClientConfig()).as("target client settings")
            .containsEntry("ssl.truststore.location", "/etc/ts.jks").doesNotContainKeys("reactor.id");
    }

    @Test
    void shouldDeclareClientSecretsAsPasswordsSoTheyAreHiddenButPassedUnchanged() {
        Map<String, String> props = pull();
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cret-pw\";";
        props.put("source.sasl.jaas.config", jaas);
        props.put("target.ssl.truststore.password", "trust-pw-123");
        SyncConnectorConfig config = new SyncConnectorConfig(props);

        for (String key : new String[] {"source.sasl.jaas.config", "target.ssl.keystore.password", "source.ssl.key.password"}) {
            assertThat(SyncConnectorConfig.CONFIG_DEF.configKeys().get(key).type).as("%s is a password", key)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        }
        assertThat(config.values().toString()).as("values as Connect logs them hide secrets")
            .doesNotContain("s3cret-pw").doesNotContain("trust-pw-123");
        assertThat(config.sourceClientConfig()).as("the source client gets the secret unchanged").containsEntry("sasl.jaas.config", jaas);
        assertThat(config.targetClientConfig()).as("the target client too").containsEntry("ssl.truststore.password", "trust-pw-123");
    }

    @Test
    void shouldRejectInvalidCombinationsSayingWhatToChange() {
        Map<String, String> props = pull();
        props.put("target.reactor.id", "b");
        props.put("filter.scopes", "document,global,local");
        props.put("mode", "push");
        props.remove("source.bootstrap.servers");
        props.put("scheduler.min.interval.ms", "1000");
        props.put("scheduler.max.interval.ms", "10");
        Map<String, java.util.List<String>> errors = new SyncConnectorConfig(props).validate(SyncMode.PULL);
        assertThat(errors).as("every problem, keyed").containsOnlyKeys("mode", "target.reactor.id",
            "source.bootstrap.servers", "filter.scopes", "scheduler.max.interval.ms");
        assertThat(errors.get("filter.scopes")).as("what to change").containsExactly(
            "scope local is never synchronized: remove it from filter.scopes");
        assertThat(errors.get("mode").get(0)).as("mode").contains("use SyncSinkConnector");
        assertThat(errors.get("source.bootstrap.servers").get(0)).as("bootstrap").contains("set source.bootstrap.servers");
        assertThatThrownBy(() -> new SyncConnectorConfig(props).ensureValid(SyncMode.PULL))
            .as("start() fails with all messages").isInstanceOf(ConfigException.class).hasMessageContaining("filter.scopes");
    }

    @Test
    void shouldRequireTheRemoteClusterForPush() {
        Map<String, String> props = new HashMap<>();
        props.put("source.reactor.id", "a");
        props.put("target.reactor.id", "b");
        props.put("consumer.override.isolation.level", "read_committed");
        assertThat(new SyncConnectorConfig(props).validate(SyncMode.PUSH)).as("push without target cluster")
            .containsOnlyKeys("target.bootstrap.servers");
    }

    @Test
    void shouldReportErrorsThroughConnectValidation() {
        Map<String, String> props = pull();
        props.put("filter.scopes", "document,local");
        Config result = new SyncSourceConnector().validate(props);
        ConfigValue scopes = result.configValues().stream().filter(v -> v.name().equals("filter.scopes")).findFirst()
            .orElseThrow();
        assertThat(scopes.errorMessages()).as("REST validation shows the message").hasSize(1);

        Map<String, String> push = new HashMap<>();
        push.put("source.reactor.id", "a");
        push.put("target.reactor.id", "b");
        push.put("target.bootstrap.servers", "remote:9092");
        push.put("consumer.override.isolation.level", "read_committed");
        push.put("topics", "wrong");
        ConfigValue topic = new SyncSinkConnector().validate(push).configValues().stream()
            .filter(v -> v.name().equals("source.topic")).findFirst().orElseThrow();
        assertThat(topic.errorMessages()).as("topics must be the event bus")
            .containsExactly("push reads the source event bus through Connect's consumer: set "
                + "topics=reactor-a-operations-changelog (now 'wrong')");
    }

    @Test
    void shouldRefusePushWithoutReadCommittedBecauseItWouldPushAbortedOperations() {
        Map<String, String> push = new HashMap<>();
        push.put("source.reactor.id", "a");
        push.put("target.reactor.id", "b");
        push.put("target.bootstrap.servers", "remote:9092");
        push.put("topics", "reactor-a-operations-changelog");
        ConfigValue unset = new SyncSinkConnector().validate(push).configValues().stream()
            .filter(v -> v.name().equals("consumer.override.isolation.level")).findFirst().orElseThrow();
        assertThat(unset.errorMessages()).as("REST validation (and so POST /connectors) refuses an unset isolation level")
            .singleElement().asString().contains("aborted transactions")
            .contains("set consumer.override.isolation.level=read_committed (now unset)");
        push.put("consumer.override.isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> new SyncSinkConnector().start(push)).as("start() refuses read_uncommitted too")
            .isInstanceOf(ConfigException.class).hasMessageContaining("(now 'read_uncommitted')");
        push.put("consumer.override.isolation.level", "read_committed");
        assertThat(new SyncConnectorConfig(push).validate(SyncMode.PUSH)).as("read_committed push is valid").isEmpty();
        assertThat(new SyncConnectorConfig(pull()).validate(SyncMode.PULL))
            .as("pull reads with its own read_committed consumer: no such setting needed").isEmpty();
    }

    @Test
    void shouldRefuseAScopeFilterWithoutTheLifecycleScopeSayingTheFix() {
        Map<String, String> props = pull();
        props.put("filter.scopes", "global, comments");
        assertThat(new SyncConnectorConfig(props).validate(SyncMode.PULL).get("filter.scopes"))
            .as("creations and deletions would be dropped, the target would keep everything pending")
            .singleElement().asString().contains("lifecycle scope document")
            .endsWith("set filter.scopes=document,global,comments");
        props.put("filter.scopes", "document,global");
        assertThat(new SyncConnectorConfig(props).validate(SyncMode.PULL)).as("with document it is valid").isEmpty();
    }

    @Test
    void shouldRejectMissingReactorIds() {
        assertThatThrownBy(() -> new SyncConnectorConfig(Map.of())).as("required keys")
            .isInstanceOf(ConfigException.class).hasMessageContaining("reactor.id");
    }
}
