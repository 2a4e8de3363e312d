package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static dev.docreactor.sync.connect.ClusterFixtures.operationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import dev.docreactor.sync.connect.ClusterFixtures.EventBusWriter;
import dev.docreactor.sync.connect.ClusterFixtures.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shaded jar's dedicated mode, as a user runs it: a separate JVM syncing two clusters ping-pong. */
class DedicatedModeIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);

    @Test
    void shouldRunPingPongFromTheExecutableJar() throws Exception {
        Path jar = Path.of("target", "sync-connector.jar");
        assertThat(jar).as("the shaded jar is built in the package phase").exists();
        createReactorTopics(KAFKA, 0, "ja", 1);
        createReactorTopics(KAFKA, 1, "jb", 1);
        Path config = Files.createTempFile("sync-dedicated", ".properties");
        Files.writeString(config, String.join("\n",
            "bootstrap.servers = " + KAFKA.cluster(0).bootstrapServers(),
            "local.reactor.id = ja",
            "listeners = http://localhost:0",
            "remotes = jb",
            "remote.jb.bootstrap.servers = " + KAFKA.cluster(1).bootstrapServers(),
            "remote.jb.mode = pull,push",
            "remote.jb.pull.scheduler.max.interval.ms = 300", ""));
        Path log = Path.of("target", "dedicated-mode-it.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-jar", jar.toString(), "run", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (EventBusWriter busA = new EventBusWriter(KAFKA.cluster(0).bootstrapServers(), "ja", 1);
             EventBusWriter busB = new EventBusWriter(KAFKA.cluster(1).bootstrapServers(), "jb", 1);
             TopicReader queueA = new TopicReader(KAFKA.cluster(0).bootstrapServers(), "ja.queue");
             TopicReader queueB = new TopicReader(KAFKA.cluster(1).bootstrapServers(), "jb.queue")) {
            Operation fromA = Ops.op("ja", "doc", 0);
            Operation fromB = Ops.op("jb", "doc", 1);
            busA.write(List.of(fromA));
            busB.write(List.of(fromB));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(process.isAlive()).as("dedicated mode runs (see %s)", log).isTrue();
                assertThat(operationIds(queueB.jobs(), JobKind.LOAD)).as("pushed to B").containsExactly(fromA.getId());
                assertThat(operationIds(queueA.jobs(), JobKind.LOAD)).as("pulled into A").containsExactly(fromB.getId());
            });
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
            Files.deleteIfExists(config);
        }
    }
}
