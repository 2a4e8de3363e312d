package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.topics.TopicManager;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restarts lose nothing committed and apply no job twice; a wiped state directory is restored from changelogs. */
class ReactorRestartIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    @Test
    void shouldKeepDocumentsAcrossRestartAndStateDirectoryWipe() throws Exception {
        Path stateDir = Files.createTempDirectory("restart-state");
        Reactor reactor = ReactorFixture.start(KAFKA.bootstrapServers(), "restart", stateDir, Map.of());
        JsonNode before;
        try {
            assertThat(post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"kept\"}").status()).as("create").isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                assertThat(post(reactor, "/documents/kept/actions?wait=true",
                    "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/k" + i + "\",\"value\":" + i + "}]}]}").status())
                    .as("action %s", i).isEqualTo(200);
            }
            before = get(reactor, "/documents/kept").body();
        } finally {
            reactor.close();
        }

        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), "restart", stateDir, Map.of());
        try {
            assertThat(get(reactor, "/documents/kept").body()).as("document after a restart with the state kept").isEqualTo(before);
            JsonNode next = post(reactor, "/documents/kept/actions?wait=true",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/after\",\"value\":true}]}]}").body();
            assertThat(next.at("/operations/0/index").asLong()).as("indices continue after the restart").isEqualTo(5L);
            before = get(reactor, "/documents/kept").body();
        } finally {
            reactor.close();
        }

        deleteRecursively(stateDir);
        JsonNode beforeWipe = before;
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), "restart", stateDir, Map.of());
        try {
            Reactor restored = reactor;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(restored, "/documents/kept").body()).as("document restored from the changelogs").isEqualTo(beforeWipe));
            String metrics = ReactorFixture.text(reactor, "/metrics");
            java.util.regex.Matcher restoredOps = java.util.regex.Pattern
                .compile("(?m)^reactor_restore_records_restored_total\\{store=\"operations\"} ([0-9.]+)$").matcher(metrics);
            assertThat(restoredOps.find()).as("/metrics counts the operations restored after the wipe:%n%s", metrics).isTrue();
            assertThat(Double.parseDouble(restoredOps.group(1))).as("operations restored: the document's six").isGreaterThanOrEqualTo(6.0);
            assertThat(metrics).as("nothing restoring once the document is served").contains("\nreactor_restore_active 0.0\n");
            JsonNode next = post(reactor, "/documents/kept/actions?wait=true",
                "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/restored\",\"value\":true}]}]}").body();
            assertThat(next.at("/operations/0/index").asLong()).as("indices continue after restoring").isEqualTo(6L);
        } finally {
            reactor.close();
        }
    }

    @Test
    void shouldApplyEveryJobExactlyOnceAcrossKillMinus9() throws Exception {
        String reactorId = "killed";
        Path stateDir = Files.createTempDirectory("kill-state");
        int documents = 20;
        int jobsPerDocument = 150;
        int jobs = documents * jobsPerDocument;
        Process child = startChild(reactorId, stateDir);
        try (KafkaConsumer<String, JobResult> results =
                 new KafkaConsumer<>(consumerProps(), new StringDeserializer(), AvroSerdes.jobResult().deserializer())) {
            await().atMost(Duration.ofSeconds(180)).until(() -> KAFKA.admin(0).listTopics().names().get().contains(reactorId + ".queue"));
            try (KafkaProducer<String, Job> producer = producer()) {
                for (int d = 0; d < documents; d++) {
                    producer.send(new ProducerRecord<>(reactorId + ".queue", "list-" + d, job("list-" + d, "todo-list",
                        action("CREATE_DOCUMENT", "document", "{\"type\":\"todo-list\"}"))));
                }
                for (int i = 0; i < jobsPerDocument; i++) {
                    for (int d = 0; d < documents; d++) {
                        producer.send(new ProducerRecord<>(reactorId + ".queue", "list-" + d, job("list-" + d, null,
                            action("ADD_TODO", "global", "{\"id\":\"t" + i + "\",\"text\":\"item " + i + "\"}"))));
                    }
                }
                producer.flush();
            }
            // Kill the reactor hard while it is working through the queue.
            results.subscribe(List.of(reactorId + ".job-results"));
            Map<String, JobStatus> seen = new HashMap<>();
            await().atMost(Duration.ofSeconds(180)).pollDelay(Duration.ZERO).until(() -> {
                results.poll(Duration.ofMillis(50)).forEach(r -> seen.put(r.key(), r.value().getStatus()));
                return seen.size() >= 50;
            });
            child.destroyForcibly().waitFor();
            assertThat(seen.size()).as("the kill interrupted the work").isLessThan(jobs + documents);
        } finally {
            child.destroyForcibly().waitFor();
        }

        Reactor reactor = ReactorFixture.start(KAFKA.bootstrapServers(), reactorId, stateDir, Map.of());
        try {
            for (int d = 0; d < documents; d++) {
                String path = "/documents/list-" + d;
                await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                    assertThat(get(reactor, path).body().at("/revision/global").asLong())
                        .as("every job of %s applied after the restart", path).isEqualTo(jobsPerDocument));
                assertThat(get(reactor, path).body().at("/state/global/todos"))
                    .as("each ADD_TODO applied once (a second apply would be rejected as a duplicate id)").hasSize(jobsPerDocument);
            }
            // The documents above are read from the state store, which can run ahead of the last commit: wait
            // until the committed event bus holds every job's operation (a duplicate would never match).
            AtomicReference<List<Operation>> committed = new AtomicReference<>(List.of());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                committed.set(readEventBus(reactorId).stream().filter(op -> op.getScope().equals("global")).toList());
                assertThat(committed.get()).as("committed event bus: one entry per job").hasSize(jobs);
            });
            List<Operation> global = committed.get();
            assertThat(global.stream().filter(op -> op.getDocumentId().equals("list-0")).map(Operation::getIndex).sorted().toList())
                .as("indices 0..n-1 of one document, each once")
                .isEqualTo(Stream.iterate(0L, i -> i + 1).limit(jobsPerDocument).toList());
            assertThat(global.stream().filter(op -> op.getError() != null)).as("no operation failed").isEmpty();
        } finally {
            reactor.close();
        }
    }

    @Test
    void shouldRefuseToStartOnIncompatibleExistingTopic() throws Exception {
        KAFKA.createTopic(0, "compacted.queue", 3, Map.of("cleanup.policy", "compact"));
        Path stateDir = Files.createTempDirectory("refuse-state");
        assertThatThrownBy(() -> ReactorFixture.start(KAFKA.bootstrapServers(), "compacted", stateDir, Map.of()))
            .as("a compacted queue would drop jobs of the same document")
            .isInstanceOf(TopicManager.IncompatibleTopicException.class)
            .hasMessageContaining("topic compacted.queue has cleanup.policy=compact but needs delete")
            .hasMessageContaining("kafka-configs");
    }

    private static Process startChild(String reactorId, Path stateDir) throws IOException {
        Path jar = Path.of("target", "reactor-app.jar");
        assertThat(jar).as("the packaged reactor jar (failsafe runs after package)").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-jar", jar.toString(), "run");
        Map<String, String> env = builder.environment();
        env.put("REACTOR_REACTOR_ID", reactorId);
        env.put("REACTOR_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("REACTOR_HTTP_PORT", "0");
        env.put("REACTOR_STATE_DIR", stateDir.toString());
        env.put("REACTOR_REACTOR_TOPIC_PARTITIONS", "3");
        env.put("REACTOR_STREAMS_CONSUMER_SESSION_TIMEOUT_MS", "10000");
        env.put("REACTOR_STREAMS_CONSUMER_HEARTBEAT_INTERVAL_MS", "1000");
        builder.redirectErrorStream(true).redirectOutput(new File(stateDir.toFile(), "child.log"));
        return builder.start();
    }

    /**
     * The committed event bus from its start up to the last stable offset of each partition at the time of the
     * call (a read_committed consumer's end offsets), however long the read takes on a loaded machine.
     */
    private static List<Operation> readEventBus(String reactorId) {
        List<Operation> ops = new ArrayList<>();
        String topic = "reactor-" + reactorId + "-operations-changelog";
        try (KafkaConsumer<String, Operation> consumer =
                 new KafkaConsumer<>(consumerProps(), new StringDeserializer(), AvroSerdes.operation().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ops.add(r.value()));
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return ops;
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static KafkaProducer<String, Job> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), AvroSerdes.job().serializer());
    }

    private static Job job(String documentId, String type, Action action) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.EXECUTE).setDocumentId(documentId)
            .setDocumentType(type).setActions(List.of(action)).build();
    }

    private static Action action(String type, String scope, String input) {
        return Action.newBuilder().setId(UUID.randomUUID().toString()).setType(type).setScope(scope).setInput(input).build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
