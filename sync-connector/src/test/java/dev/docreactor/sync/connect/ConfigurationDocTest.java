package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * CONFIGURATION.md and the README's sync connector configuration section are generated from the
 * ConfigDef; this test fails when either is stale. Regenerate both with
 * {@code mvn -pl sync-connector test -Dtest=ConfigurationDocTest -Dsync.docs.update=true}.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("CONFIGURATION.md");
    private static final Path README = Path.of("..", "README.md");
    private static final String START = "<!-- sync-config-reference:start -->\n";
    private static final String END = "<!-- sync-config-reference:end -->";
    private static final String REGENERATE = "regenerate with mvn -pl sync-connector test -Dtest=ConfigurationDocTest -Dsync.docs.update=true";

    @Test
    void shouldKeepTheConfigurationReferenceUpToDate() throws Exception {
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("sync.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
            .as("sync-connector/CONFIGURATION.md is stale: " + REGENERATE)
            .isEqualTo(generated);
        assertThat(generated).as("every key documented").contains(SyncConnectorConfig.CONFIG_DEF.names().stream()
            .map(k -> "`" + k + "`").toList());
    }

    @Test
    void shouldKeepTheReadmeSectionUpToDate() throws Exception {
        String section = readmeSection(ConfigDocs.markdown());
        String readme = Files.readString(README);
        assertThat(readme).as("README has the sync configuration markers").contains(START).contains(END);
        String current = readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END));
        if (Boolean.getBoolean("sync.docs.update")) {
            Files.writeString(README, readme.replace(START + current + END, START + section + END));
            current = section;
        }
        assertThat(current).as("README's sync connector configuration section is stale: " + REGENERATE).isEqualTo(section);
    }

    /** The generated reference from its first section on, headings nested under the README's section. */
    static String readmeSection(String generated) {
        String body = generated.substring(generated.indexOf("\n## ") + 1);
        return body.replace("## ", "#### ");
    }
}
