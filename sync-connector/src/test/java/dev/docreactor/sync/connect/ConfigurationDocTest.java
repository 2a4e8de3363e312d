package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONFIGURATION.md is generated from the ConfigDef; this test fails when it is stale. Regenerate it with
 * {@code mvn -pl sync-connector test -Dtest=ConfigurationDocTest -Dsync.docs.update=true}. It is the one
 * copy: the README and docs/CONFIGURATION.md link to it.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("CONFIGURATION.md");
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
    void shouldBeLinkedNotCopied() throws Exception {
        for (Path doc : List.of(Path.of("..", "README.md"), Path.of("..", "docs", "CONFIGURATION.md"))) {
            String text = Files.readString(doc);
            assertThat(text).as("%s holds no copy of the connector reference (it links to sync-connector/CONFIGURATION.md)", doc)
                .doesNotContain("sync-config-reference").doesNotContain("| `" + SyncConnectorConfig.BATCH_MAX_BYTES + "` |");
            assertThat(text).as("%s links to the connector reference", doc).contains("sync-connector/CONFIGURATION.md");
        }
    }
}
