package dev.docreactor.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration reference in docs/CONFIGURATION.md is the one generated from the ConfigDef; config parsing rules. */
class ConfigurationReferenceTest {

    private static final String START = "<!-- reactor-config-reference:start -->\n";
    private static final String END = "<!-- reactor-config-reference:end -->";

    private static final Path REFERENCE = Path.of("..", "docs", "CONFIGURATION.md");

    @Test
    void shouldHaveCurrentConfigurationReferenceInTheDocs() throws IOException {
        String doc = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        assertThat(doc).as("docs/CONFIGURATION.md has the reference markers").contains(START).contains(END);
        String section = doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END));
        assertThat(section.strip())
            .as("docs/CONFIGURATION.md's reactor configuration reference is stale: regenerate it with "
                + "`java -jar reactor-app/target/reactor-app.jar config-reference` between the markers")
            .isEqualTo(ReactorConfig.markdownReference().strip());
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("the README links the reference instead of holding a second copy")
            .doesNotContain(START.strip()).contains("docs/CONFIGURATION.md");
    }

    @Test
    void shouldReadEnvironmentVariablesOverFileAndPassStreamsSettingsThrough() {
        java.util.Properties file = new java.util.Properties();
        file.put("http.port", "9000");
        file.put("streams.num.stream.threads", "3");
        ReactorConfig config = ReactorConfig.fromFileAndEnv(file, Map.of("REACTOR_HTTP_PORT", "9100", "REACTOR_REACTOR_ID", "b", "PATH", "/bin"));
        assertThat(config.httpPort()).as("environment wins").isEqualTo(9100);
        assertThat(config.reactorId()).as("reactor id from the environment").isEqualTo("b");
        assertThat(config.queueTopic()).as("derived queue topic").isEqualTo("b.queue");
        assertThat(config.eventBusTopic()).as("derived event bus").isEqualTo("reactor-b-operations-changelog");
        assertThat(config.streamsOverrides()).as("streams pass-through").containsEntry("num.stream.threads", "3");
    }

    @Test
    void shouldRejectInvalidConfigurationSayingWhatToChange() {
        assertThatThrownBy(() -> new ReactorConfig(Map.of("reactor.id", "has space")))
            .as("invalid reactor id").isInstanceOf(ConfigException.class).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> new ReactorConfig(Map.of("streams.application.id", "x")))
            .as("application id override").isInstanceOf(ConfigException.class).hasMessageContaining("remove streams.application.id");
        assertThatThrownBy(() -> new ReactorConfig(Map.of("http.advertised.address", "no-port")))
            .as("advertised address").isInstanceOf(ConfigException.class).hasMessageContaining("host:port");
    }

    @Test
    void shouldRefuseAtLeastOnceSayingWhy() {
        assertThatThrownBy(() -> new ReactorConfig(Map.of(ReactorConfig.PROCESSING_GUARANTEE, "at_least_once")))
            .as("processing.guarantee=at_least_once").isInstanceOf(ConfigException.class)
            .hasMessageContaining("exactly_once_v2").hasMessageContaining("ahead of its bookkeeping");
        assertThatThrownBy(() -> new ReactorConfig(Map.of("streams.processing.guarantee", "at_least_once")))
            .as("the same through the streams. pass-through").isInstanceOf(ConfigException.class)
            .hasMessageContaining("remove streams.processing.guarantee=at_least_once");
    }

    @Test
    void shouldBuildLimitsFromConfiguration() {
        ReactorConfig config = new ReactorConfig(Map.of(ReactorConfig.MAX_STATE_BYTES, "2048", ReactorConfig.MAX_JSON_DEPTH, "7",
            ReactorConfig.MAX_ACTIONS_PER_JOB, "3"));
        assertThat(config.limits().maxStateBytes()).as("state limit").isEqualTo(2048);
        assertThat(config.limits().maxDepth()).as("depth limit").isEqualTo(7);
        assertThat(config.mergeSettings().limits().maxActionsPerJob()).as("the merge gets the same limits").isEqualTo(3);
        assertThatThrownBy(() -> new ReactorConfig(Map.of(ReactorConfig.MAX_JSON_DEPTH, "5000")))
            .as("a depth above what parsers read back").isInstanceOf(ConfigException.class);
    }
}
