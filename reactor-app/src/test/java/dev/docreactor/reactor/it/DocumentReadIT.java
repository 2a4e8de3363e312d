package dev.docreactor.reactor.it;

import static dev.docreactor.reactor.it.ReactorFixture.get;
import static dev.docreactor.reactor.it.ReactorFixture.post;
import static dev.docreactor.reactor.it.ReactorFixture.stateHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.it.ReactorFixture.Response;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.HybridLogicalClock;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /documents/{id}} answers states the view records do not hold: rebuilt from the nearest checkpoint
 * and the operations after it, each one with the hash it reports, also while the document is being written.
 */
class DocumentReadIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.single();

    /** The checkpoint interval the reactor uses (not configurable). */
    private static final int INTERVAL = DocumentMerger.DEFAULT_CHECKPOINT_INTERVAL;

    private static final String REACTOR_ID = "reads";
    private static final String REMOTE = "elsewhere";

    private static Reactor reactor;

    @BeforeAll
    static void startReactor() throws Exception {
        reactor = ReactorFixture.start(KAFKA.bootstrapServers(), REACTOR_ID, Files.createTempDirectory("reads-state"), Map.of());
    }

    @AfterAll
    static void stopReactor() {
        if (reactor != null) {
            reactor.close();
        }
    }

    @Test
    void shouldAnswerTheStateAndHashOfADocumentWithMoreOperationsThanTheCheckpointInterval() {
        create("long");
        int operations = 3 * INTERVAL + 7;
        ObjectNode expected = ReactorFixture.MAPPER.createObjectNode();
        List<String> patches = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            // Odd operations replace the member the one before added: a replay from the wrong place shows.
            String member = "m" + (i - i % 2);
            int value = i % 2 == 0 ? i : -i;
            patches.add(addPatch(member, value));
            expected.put(member, value);
            if (patches.size() == 25 || i == operations - 1) {
                Response applied = post(reactor, "/documents/long/actions?wait=true", "{\"actions\":[" + String.join(",", patches) + "]}");
                assertThat(applied.status()).as("patches up to %d: %s", i, applied.body()).isEqualTo(200);
                patches.clear();
            }
        }

        for (String query : List.of("", "?stale=true")) {
            Response doc = get(reactor, "/documents/long" + query);
            assertThat(doc.status()).as("GET /documents/long%s: %s", query, doc.body()).isEqualTo(200);
            assertThat(doc.body().at("/revision/global").asLong()).as("%s: one revision per operation", query).isEqualTo(operations);
            assertThat(doc.body().at("/state/global")).as("%s: the state after %d operations", query, operations).isEqualTo(expected);
            assertThat(doc.body().at("/hash/global").asText()).as("%s: the hash of that state", query).isEqualTo(stateHash(expected));
        }
    }

    /**
     * Local writers append to the document while a remote reactor's operations, older than all of theirs, are
     * loaded one by one: each is inserted before the local operations and they are re-applied (the heads,
     * checkpoints and effective entries a reader reads change under it).
     */
    @Test
    void shouldAnswerEveryReadWithAStateThatHasTheHashItReportsWhileWritesAndInsertionsGoOn() throws Exception {
        create("busy");
        long creationClock = get(reactor, "/documents/busy/operations?scope=document&limit=1").body().at("/operations/0/clock").asLong();
        assertThat(creationClock).as("the creation's clock").isPositive();
        int writers = 4;
        int writesEach = INTERVAL / 2 + 5;
        int remoteLoads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Future<?>> writes = new ArrayList<>();
        List<Future<List<Long>>> reads = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        // A member with some bulk, so that rebuilding the state takes a while.
                        String patch = "[{\"op\":\"add\",\"path\":\"/w" + writer + "-" + i + "\",\"value\":\"" + "x".repeat(200) + "\"}]";
                        Response applied = post(reactor, "/documents/busy/actions?wait=true",
                            "{\"actions\":[{\"type\":\"PATCH\",\"input\":" + patch + "}]}");
                        if (applied.status() != 200) {
                            problems.add("write " + writer + "-" + i + ": " + applied.status() + " " + applied.body());
                        }
                    }
                }));
            }
            writes.add(pool.submit(() -> {
                for (int k = 0; k < remoteLoads; k++) {
                    loadRemoteOperation("busy", creationClock + 1 + k, "/remote-" + k);
                }
                return null;
            }));
            for (int r = 0; r < 3; r++) {
                reads.add(pool.submit(() -> readWhile(writing, problems)));
            }
            for (Future<?> write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("readers stop once the writes are done").isTrue();
        List<Long> revisionsSeen = new ArrayList<>();
        for (Future<List<Long>> read : reads) {
            revisionsSeen.addAll(read.get());
        }
        assertThat(problems).as("every write applied, every read whole (200 or 503), with the hash of its state").isEmpty();
        assertThat(revisionsSeen.stream().distinct().count()).as("distinct revisions among the %d whole reads",
            revisionsSeen.size()).isGreaterThan(2);

        Response last = get(reactor, "/documents/busy");
        assertThat(last.body().at("/revision/global").asLong()).as("every write and load applied once")
            .isEqualTo((long) writers * writesEach + remoteLoads);
        assertThat(last.body().at("/state/global").size()).as("one member per write and load").isEqualTo(writers * writesEach + remoteLoads);
        assertThat(get(reactor, "/documents/busy/operations?scope=global&limit=1000").body().findValues("behind").stream()
            .filter(behind -> behind.asInt() > 0).count()).as("remote operations inserted before local ones while the readers read")
            .isPositive();
        assertThat(last.body().at("/hash/global").asText()).as("the final hash").isEqualTo(stateHash(last.body().at("/state/global")));
    }

    /**
     * Reads the document until the writes end; records every answer that is neither a whole view (200, its
     * state with its hash, revisions never going back) nor a "retry shortly" (503). Returns the revisions seen.
     */
    private static List<Long> readWhile(AtomicBoolean writing, ConcurrentLinkedQueue<String> problems) {
        List<Long> revisions = new ArrayList<>();
        long previous = 0;
        while (writing.get()) {
            Response doc = get(reactor, "/documents/busy");
            if (doc.status() == 503) {
                continue;
            }
            if (doc.status() != 200) {
                problems.add("read: " + doc.status() + " " + doc.body());
                continue;
            }
            JsonNode state = doc.body().at("/state/global");
            String hash = doc.body().at("/hash/global").asText();
            long revision = doc.body().at("/revision/global").asLong();
            if (!stateHash(state).equals(hash)) {
                problems.add("read at revision " + revision + ": reported hash " + hash + ", its state hashes to " + stateHash(state));
            }
            if (revision < previous) {
                problems.add("read at revision " + revision + " after one at " + previous);
            }
            if (state.size() != revision) {
                problems.add("read at revision " + revision + " with " + state.size() + " members (one per operation)");
            }
            previous = revision;
            revisions.add(revision);
        }
        return revisions;
    }

    /** Loads one operation of another reactor with {@code clock}, as its sync connector would, and waits for the job. */
    private static void loadRemoteOperation(String documentId, long clock, String member) throws Exception {
        String actionId = "a-" + UUID.randomUUID();
        Operation remote = Operation.newBuilder().setId(REMOTE + ":" + actionId).setDocumentId(documentId).setDocumentType("json")
            .setScope("global").setBranch("main").setIndex(0).setSkip(0).setTimestampUtcMs(HybridLogicalClock.physicalMillis(clock))
            .setClock(clock).setHash("").setOrigin(REMOTE)
            .setAction(Action.newBuilder().setId(actionId).setType("PATCH").setScope("global")
                .setInput("[{\"op\":\"add\",\"path\":\"" + member + "\",\"value\":true}]").build())
            .build();
        Job load = Job.newBuilder().setJobId(UUID.randomUUID().toString()).setKind(JobKind.LOAD).setDocumentId(documentId)
            .setOperations(List.of(remote)).setSource(REMOTE).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.queue(REACTOR_ID), documentId, AvroSerdes.job().format().encode(load))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get(reactor, "/jobs/" + load.getJobId()).status() == 200);
    }

    private static void create(String id) {
        Response created = post(reactor, "/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + id + "\"}");
        assertThat(created.status()).as("create %s: %s", id, created.body()).isEqualTo(201);
    }

    private static String addPatch(String member, int value) {
        return "{\"type\":\"PATCH\",\"input\":[{\"op\":\"add\",\"path\":\"/" + member + "\",\"value\":" + value + "}]}";
    }
}
