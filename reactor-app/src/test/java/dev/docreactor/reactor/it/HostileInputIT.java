package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.it.ReactorFixture.Response;
import dev.docreactor.reactor.merge.HybridLogicalClock;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and oversized input, over HTTP and straight onto the queue topic, against one reactor whose
 * queue has a single partition (so every document shares the partition of the hostile job): each input
 * gets a 4xx or a FAILED result and a dead letter, {@code /health} stays 200, and a neighbour document is
 * created and changed within seconds after each.
 */
class HostileInputIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    private static final AtomicInteger NEIGHBOURS = new AtomicInteger();
    private static final AtomicInteger HEALTH_CHECKS = new AtomicInteger();
    /** Every /health answer other than 200 seen while the hostile inputs ran. */
    private static final List<String> UNHEALTHY = new CopyOnWriteArrayList<>();
    private static Reactor reactor;
    private static ScheduledExecutorService healthWatch;

    @BeforeAll
    static void startReactor() throws Exception {
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), "hostile", Files.createTempDirectory("hostile-state"),
            Map.of("reactor.topic.partitions", "1"));
        healthWatch = Executors.newSingleThreadScheduledExecutor();
        healthWatch.scheduleWithFixedDelay(() -> {
            HEALTH_CHECKS.incrementAndGet();
            try {
                recordUnlessHealthy();
            } catch (Throwable e) {
                // A pooled keep-alive connection the server closed as idle just then fails at the transport,
                // not at /health: ask once more. Recorded rather than thrown: a throw would end the schedule.
                try {
                    recordUnlessHealthy();
                } catch (Throwable again) {
                    UNHEALTHY.add(Instant.now() + ": " + again);
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    private static void recordUnlessHealthy() {
        int status = get(reactor, "/health").status();
        if (status != 200) {
            UNHEALTHY.add(Instant.now() + ": " + status);
        }
    }

    @AfterAll
    static void stopReactor() throws InterruptedException {
        if (healthWatch != null) {
            healthWatch.shutdownNow();
            healthWatch.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(UNHEALTHY).as("/health answered 200 every 200 ms throughout the hostile inputs").isEmpty();
        assertThat(HEALTH_CHECKS.get()).as("the health watch ran").isGreaterThan(10);
        if (reactor != null) {
            reactor.close();
        }
    }

    /** After every hostile input: healthy, and a document on the same partition is served within seconds. */
    @AfterEach
    void neighbourIsServed() {
        assertThat(get(reactor, "/health").status()).as("/health after the hostile input").isEqualTo(200);
        String id = "neighbour-" + NEIGHBOURS.incrementAndGet();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response created = post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}");
            assertThat(created.status()).as("neighbour created: %s", created.body()).isEqualTo(201);
        });
        Response changed = post(reactor, "/documents/" + id + "/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/ok\",\"value\":true}]}]}");
        assertThat(changed.status()).as("neighbour changed: %s", changed.body()).isEqualTo(200);
        assertThat(get(reactor, "/documents/" + id).body().at("/state/global/ok").asBoolean())
            .as("neighbour state").isTrue();
    }

    @Test
    void shouldRejectAPatchThatGrowsTheDocumentExponentially() {
        createJson("bomb");
        StringBuilder patch = new StringBuilder("[{\"op\":\"add\",\"path\":\"/seed\",\"value\":\"" + "x".repeat(1000) + "\"}");
        for (int i = 0; i < 60; i++) {
            patch.append(",{\"op\":\"copy\",\"from\":\"\",\"path\":\"/c").append(i).append("\"}");
        }
        patch.append(']');
        Response answer = post(reactor, "/documents/bomb/actions?wait=true", "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + patch + "}]}");
        assertFailed(answer, "reactor.max.action.growth.bytes");
        assertDeadLetter("reactor.max.action.growth.bytes");
    }

    @Test
    void shouldRejectGrowthPastTheStateLimit() {
        createJson("grower");
        String chunk = "y".repeat(200 * 1024);
        Response first = post(reactor, "/documents/grower/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/p0\",\"value\":\"" + chunk + "\"}]}]}");
        assertThat(first.status()).as("200 KB fits the default 256 KiB state: %s", first.body()).isEqualTo(200);
        Response second = post(reactor, "/documents/grower/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/p1\",\"value\":\"" + chunk + "\"}]}]}");
        assertFailed(second, "reactor.max.state.bytes");
        assertDeadLetter("reactor.max.state.bytes");
        assertThat(get(reactor, "/documents/grower").body().at("/revision/global").asLong())
            .as("the rejected action changed nothing").isEqualTo(1L);
    }

    @Test
    void shouldRejectDeepNestingOverHttp() {
        createJson("deep-http");
        Response tooDeepForParsers = post(reactor, "/documents/deep-http/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/d\",\"value\":" + nested(1800) + "}]}]}");
        assertThat(tooDeepForParsers.status()).as("1,800 levels: %s", tooDeepForParsers.body()).isBetween(400, 499);
        assertThat(tooDeepForParsers.body().path("error").asText()).as("error message").isNotBlank();

        Response deeperThanTheLimit = post(reactor, "/documents/deep-http/actions?wait=true",
            "{\"actions\":[{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/d\",\"value\":" + nested(150) + "}]}]}");
        assertThat(deeperThanTheLimit.status()).as("150 levels: %s", deeperThanTheLimit.body()).isBetween(400, 499);
        assertThat(deeperThanTheLimit.body().path("error").asText()).as("names the limit").contains("reactor.max.json.depth");
    }

    @Test
    void shouldFailDeepNestingFromTheQueue() throws Exception {
        createJson("deep-queue");
        Job job = execute("deep-queue", patch("[{\"op\":\"add\",\"path\":\"/d\",\"value\":" + nested(1800) + "}]"));
        send(job.getDocumentId(), AvroSerdes.job().format().encode(job));
        assertJobFailed(job.getJobId(), "not a JSON value");
    }

    @Test
    void shouldFailAJobWithTooManyActions() throws Exception {
        createJson("many");
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            actions.add(patch("[{\"op\":\"add\",\"path\":\"/n\",\"value\":" + i + "}]"));
        }
        Job job = execute("many", actions.toArray(Action[]::new));
        send(job.getDocumentId(), AvroSerdes.job().format().encode(job));
        assertJobFailed(job.getJobId(), "reactor.max.actions.per.job");
    }

    @Test
    void shouldDeadLetterAnAvroBodyDeclaringATwoGigabyteString() throws Exception {
        Job sample = execute("avro-bomb", patch("[]"));
        byte[] valid = AvroSerdes.job().format().encode(sample);
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        forged.write(valid, 0, 10);
        // The first field, jobId, a string whose declared length is 2,000,000,000.
        // Avro writes a length as a zig-zag varint: the encoder spells the forged one.
        org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(forged, null).writeLong(2_000_000_000L);
        forged.write(new byte[16]);
        send("avro-bomb", forged.toByteArray());
        DeadLetter letter = assertDeadLetter("undecodable job");
        assertThat(letter.getReason()).as("refused on the declared length, not decoded").containsIgnoringCase("length");
    }

    @Test
    void shouldNotAdoptAForgedClockFromTheFarFuture() throws Exception {
        createJson("clocks");
        Operation forged = Operation.newBuilder().setId("evil:f1").setDocumentId("clocks").setDocumentType("json")
            .setScope("global").setBranch("main").setIndex(0).setSkip(0).setTimestampUtcMs(0).setClock(Long.MAX_VALUE)
            .setHash("").setOrigin("evil").setAction(Action.newBuilder().setId("f1").setType("PATCH").setScope("global")
                .setInput("[{\"op\":\"add\",\"path\":\"/evil\",\"value\":1}]").build())
            .setError(null).setReapplied(false).build();
        Operation ahead = Operation.newBuilder(forged).setId("evil:f2").setClock(HybridLogicalClock.pack(System.currentTimeMillis()
            + Duration.ofDays(3650).toMillis(), 0)).setAction(Action.newBuilder(forged.getAction()).setId("f2").build()).build();
        Job load = Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.LOAD).setDocumentId("clocks")
            .setOperations(List.of(forged, ahead)).setSource("evil").build();
        send("clocks", AvroSerdes.job().format().encode(load));
        await().atMost(Duration.ofSeconds(15)).until(() -> get(reactor, "/jobs/" + load.getJobId()).status() == 200);
        assertThat(assertDeadLetter("beyond the largest accepted clock").getJobId()).as("the refused operation is dead-lettered")
            .isEqualTo(load.getJobId());

        Response local = post(reactor, "/documents/clocks/actions?wait=true", "{\"actions\":[" + patchJson("/mine") + "]}");
        assertThat(local.status()).as("a local action after the forged clocks: %s", local.body()).isEqualTo(200);
        JsonNodes ops = new JsonNodes(get(reactor, "/documents/clocks/operations?scope=global&from=0&limit=100").body().get("operations"));
        assertThat(ops.ids()).as("the clock beyond the largest accepted one is refused").doesNotContain("evil:f1");
        long mine = ops.clockOf("hostile:");
        assertThat(HybridLogicalClock.physicalMillis(mine)).as("this reactor's clock was not dragged ten years ahead")
            .isLessThan(System.currentTimeMillis() + Duration.ofDays(2).toMillis());
    }

    @Test
    void shouldRefuseToStartWhenAnExistingTopicWouldRefuseItsLargestRecord() throws Exception {
        KAFKA.createTopic(0, "small.dlq", 1, Map.of("max.message.bytes", "100000"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReactorFixture.start(KAFKA.bootstrapServers(), "small",
                Files.createTempDirectory("small-state"), Map.of("reactor.topic.partitions", "1")))
            .as("a dead-letter topic capped at 100,000 bytes").hasMessageContaining("small.dlq")
            .hasMessageContaining("max.message.bytes").hasMessageContaining("--add-config max.message.bytes=");
    }

    // ---------------------------------------------------------------------------------------------

    private static void createJson(String id) {
        Response created = post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}");
        assertThat(created.status()).as("create %s: %s", id, created.body()).isEqualTo(201);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String patchJson(String path) {
        return "{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":1}]}";
    }

    private static Action patch(String input) {
        return Action.newBuilder().setId(UUID.randomUUID().toString()).setType("PATCH").setScope("global").setInput(input).build();
    }

    private static Job execute(String documentId, Action... actions) {
        return Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.EXECUTE).setDocumentId(documentId)
            .setActions(List.of(actions)).build();
    }

    private static void send(String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("hostile.queue", key, value)).get();
        }
    }

    private static void assertFailed(Response answer, String reason) {
        assertThat(answer.status()).as("rejected: %s", answer.body()).isEqualTo(422);
        assertThat(answer.body().path("status").asText()).as("job status").isEqualTo("FAILED");
        assertThat(answer.body().path("error").asText()).as("the reason names the limit").contains(reason);
    }

    private static void assertJobFailed(String jobId, String reason) {
        await().atMost(Duration.ofSeconds(15)).until(() -> get(reactor, "/jobs/" + jobId).status() == 200);
        Response result = get(reactor, "/jobs/" + jobId);
        assertThat(result.body().path("status").asText()).as("job %s: %s", jobId, result.body()).isEqualTo("FAILED");
        assertThat(result.body().path("error").asText()).as("reason").contains(reason);
        assertDeadLetter(reason);
    }

    private static DeadLetter assertDeadLetter(String reason) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer =
                 new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.deadLetter().deserializer())) {
            consumer.subscribe(List.of("hostile.dlq"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
                return letters.stream().anyMatch(l -> l.getReason().contains(reason));
            });
        }
        return letters.stream().filter(l -> l.getReason().contains(reason)).findFirst().orElseThrow();
    }

    /** The operations of a stream as the HTTP API lists them. */
    private record JsonNodes(com.fasterxml.jackson.databind.JsonNode operations) {
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            operations.forEach(op -> ids.add(op.path("id").asText()));
            return ids;
        }

        long clockOf(String idPrefix) {
            for (com.fasterxml.jackson.databind.JsonNode op : operations) {
                if (op.path("id").asText().startsWith(idPrefix) && !op.path("reapplied").asBoolean(false)) {
                    return op.path("clock").asLong();
                }
            }
            throw new AssertionError("no operation " + idPrefix + "* in " + operations);
        }
    }
}
