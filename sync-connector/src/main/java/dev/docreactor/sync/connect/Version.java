package dev.docreactor.sync.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The connector version Kafka Connect shows ({@code GET /connector-plugins}, task status): the project
 * version the build wrote into {@code version.properties} next to this class (resource filtering), so
 * the plugin jar, the dedicated-mode jar and the classes of a test run all report the pom's version.
 */
final class Version {

    static final String RESOURCE = "version.properties";
    static final String VERSION = readVersion();

    private Version() {
    }

    private static String readVersion() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                // Only a build that skipped resource processing gets here; never pretend to be a release.
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of the sync connector", e);
        }
    }
}
