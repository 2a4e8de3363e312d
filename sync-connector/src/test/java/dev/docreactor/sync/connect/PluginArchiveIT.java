package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka Connect plugin archive as an operator receives it ({@code target/sync-connector-plugin.zip},
 * built by {@code src/assembly/plugin.xml} in the package phase, so this runs in the verify phase): a
 * Confluent Hub style component archive with a manifest, the licence, sample configurations, the build's
 * version, and no logging configuration or Kafka jars of its own.
 */
class PluginArchiveIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPOSITORY = Path.of("..");

    private static String version;
    private static String root;
    private static Map<String, byte[]> entries;

    @BeforeAll
    static void readArchive() throws IOException {
        version = System.getProperty("project.version");
        String archive = System.getProperty("plugin.archive");
        assertThat(version).as("failsafe passes project.version (sync-connector/pom.xml)").isNotBlank();
        assertThat(archive).as("failsafe passes plugin.archive (sync-connector/pom.xml)").isNotBlank();
        assertThat(Path.of(archive)).as("the plugin archive built in the package phase").isRegularFile();
        root = "docreactor-sync-connector-" + version + "/";
        entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        assertThat(entries.keySet()).as("every entry under the archive's one base directory <owner>-<name>-<version>/")
            .allMatch(name -> name.startsWith(root));
    }

    @Test
    void shouldDescribeItselfInAComponentManifest() throws IOException {
        JsonNode manifest = JSON.readTree(entry("manifest.json"));
        assertThat(manifest.path("name").asText()).as("manifest name").isEqualTo("sync-connector");
        assertThat(manifest.path("owner").path("username").asText()).as("manifest owner.username").isEqualTo("docreactor");
        assertThat(manifest.path("version").asText()).as("manifest version = the pom's").isEqualTo(version);
        for (String field : List.of("title", "description")) {
            assertThat(manifest.path(field).asText()).as("manifest %s", field).isNotBlank();
        }
        assertThat(manifest.path("support").path("summary").asText()).as("manifest support.summary").isNotBlank();
        assertThat(texts(manifest.path("component_types"))).as("manifest component_types: one source, one sink connector")
            .containsExactlyInAnyOrder("source", "sink");
        assertThat(manifest.path("features").path("kafka_connect_api").asBoolean()).as("manifest features.kafka_connect_api").isTrue();
        assertThat(manifest.path("license")).as("manifest license: one entry").hasSize(1);
        assertThat(manifest.path("license").path(0).path("name").asText()).as("manifest licence").contains("Apache License").contains("2.0");
        assertThat(manifest.toString()).as("no unfiltered Maven property left in the manifest").doesNotContain("${");
    }

    @Test
    void shouldCarryTheLicenceAndNotice() throws IOException {
        assertThat(new String(entry("doc/LICENSE"), StandardCharsets.UTF_8))
            .as("doc/LICENSE is the repository's LICENSE").isEqualTo(Files.readString(REPOSITORY.resolve("LICENSE")));
        String notice = new String(entry("doc/NOTICE"), StandardCharsets.UTF_8);
        for (String jar : libraries()) {
            if (!jar.startsWith("sync-connector-") && !jar.startsWith("schemas-")) {
                String artifact = jar.replaceAll("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
                assertThat(notice).as("doc/NOTICE names the bundled library %s (from %s)", artifact, jar).contains("  " + artifact + " ");
            }
        }
        assertThat(entries).as("the configuration reference").containsKey(root + "doc/CONFIGURATION.md");
    }

    @Test
    void shouldShipTheSampleConnectorConfigurations() throws IOException {
        List<String> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("deploy/connect/connectors"))) {
            for (Path file : files.sorted().toList()) {
                String name = "etc/" + file.getFileName();
                samples.add(name);
                assertThat(entry(name)).as("%s is deploy/connect/connectors/%s", name, file.getFileName()).isEqualTo(Files.readAllBytes(file));
                String connectorClass = JSON.readTree(entry(name)).path("connector.class").asText();
                assertThat(serviceEntries()).as("%s: connector.class %s is a connector the plugin registers", name, connectorClass)
                    .contains(connectorClass);
            }
        }
        assertThat(samples).as("sample configurations under etc/").isNotEmpty();
        assertThat(entries.keySet().stream().filter(n -> n.startsWith(root + "etc/")).map(n -> n.substring(root.length())))
            .as("etc/ holds exactly the sample connector configurations").containsExactlyInAnyOrderElementsOf(samples);
    }

    @Test
    void shouldReportTheBuildsVersionFromItsJar() throws IOException {
        byte[] jar = entry("lib/sync-connector-" + version + ".jar");
        Map<String, byte[]> classes = jarEntries(jar);
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(classes.get("dev/docreactor/sync/connect/" + Version.RESOURCE)));
        assertThat(properties.getProperty("version")).as("version.properties in the plugin jar = the pom's version").isEqualTo(version);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Implementation-Version"))
                .as("Implementation-Version of the plugin jar's manifest").isEqualTo(version);
        }
    }

    @Test
    void shouldLeaveLoggingAndKafkaToTheWorker() throws IOException {
        for (String jar : libraries()) {
            assertThat(jar).as("no Kafka, SLF4J or log4j jar in the plugin (the worker provides them)")
                .doesNotStartWith("kafka").doesNotStartWith("connect-").doesNotStartWith("slf4j").doesNotStartWith("log4j");
            Map<String, byte[]> content = jarEntries(entry("lib/" + jar));
            assertThat(content.keySet()).as("lib/%s carries no logging configuration", jar)
                .noneMatch(name -> name.matches("log4j2?(-test)?\\.(xml|properties|json|yaml|yml)|logback(-test)?\\.xml"));
        }
        assertThat(entries.keySet()).as("no logging configuration anywhere in the archive")
            .noneMatch(name -> name.contains("log4j") || name.contains("logback"));
    }

    private static byte[] entry(String relative) {
        byte[] bytes = entries.get(root + relative);
        assertThat(bytes).as("the archive holds %s%s", root, relative).isNotNull();
        return bytes;
    }

    private static List<String> libraries() {
        List<String> jars = entries.keySet().stream().filter(n -> n.startsWith(root + "lib/") && n.endsWith(".jar"))
            .map(n -> n.substring((root + "lib/").length())).toList();
        assertThat(jars).as("lib/ holds the connector's jar").contains("sync-connector-" + version + ".jar");
        return jars;
    }

    private static List<String> serviceEntries() throws IOException {
        Map<String, byte[]> jar = jarEntries(entry("lib/sync-connector-" + version + ".jar"));
        List<String> classes = new ArrayList<>();
        for (String service : List.of("org.apache.kafka.connect.source.SourceConnector", "org.apache.kafka.connect.sink.SinkConnector")) {
            byte[] bytes = jar.get("META-INF/services/" + service);
            assertThat(bytes).as("the plugin jar registers its %s", service).isNotNull();
            new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(classes::add);
        }
        return classes;
    }

    private static Map<String, byte[]> jarEntries(byte[] jar) throws IOException {
        Map<String, byte[]> content = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    content.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return content;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
