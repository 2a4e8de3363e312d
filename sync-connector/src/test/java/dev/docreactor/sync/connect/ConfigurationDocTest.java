package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CONFIGURATION.md is generated from the ConfigDef; this test fails when it is stale. */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("CONFIGURATION.md");

    @Test
    void shouldKeepTheConfigurationReferenceUpToDate() throws Exception {
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("sync.docs.update")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
            .as("sync-connector/CONFIGURATION.md is stale: regenerate it with "
                + "mvn -pl sync-connector test -Dtest=ConfigurationDocTest -Dsync.docs.update=true")
            .isEqualTo(generated);
        assertThat(generated).as("every key documented").contains(SyncConnectorConfig.CONFIG_DEF.names().stream()
            .map(k -> "`" + k + "`").toList());
    }
}
