package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The connectors report the version of the build, not a constant written into the code. */
class VersionTest {

    @Test
    void shouldReportThePomVersionToConnect() {
        String pomVersion = System.getProperty("project.version");
        assertThat(pomVersion).as("surefire passes the pom's project.version (see sync-connector/pom.xml)").isNotBlank();
        assertThat(Version.VERSION).as("Version.VERSION, read from the filtered version.properties").isEqualTo(pomVersion);
        assertThat(new SyncSourceConnector().version()).as("the source connector's version").isEqualTo(pomVersion);
        assertThat(new SyncSinkConnector().version()).as("the sink connector's version").isEqualTo(pomVersion);
    }
}
