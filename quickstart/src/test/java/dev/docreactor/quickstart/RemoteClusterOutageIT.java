package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.embedded.KafkaCluster;
import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.embedded.RequiresEmbeddedKafka;
import dev.docreactor.reactor.Reactor;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.merge.LogReplay;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.EmbeddedConnectWorker;
import dev.docreactor.sync.connect.FailedTaskRestarter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's "done when", with real reactors: reactor {@code a} on cluster 0 with the quickstart's Connect
 * worker (pull b → a, push a → b, dedicated mode with its failed-task restarter), reactor {@code b} on
 * cluster 1. One writer per reactor sends small actions over HTTP to the same few documents throughout.
 * After a warm-up cluster 1 stops for {@code -Doutage.seconds} (default 60, the minute), then starts
 * again at the same address with its data; the writers go on a little and stop. Nobody touches the
 * connectors. Then both reactors hold the same state and the same operations, every acknowledged write's
 * operation exactly once (no id twice in a stream's effective list, no id appended twice other than as a
 * rebase's re-applied copy), the connectors' tasks are RUNNING and were never restarted, and reactor
 * {@code a}'s replication lag from {@code b} rose during the outage and fell after it.
 *
 * <p>Writes to {@code b} fail or time out while its cluster is down: only 2xx answers count as
 * acknowledged; a write without a definite answer may be applied, at most once; a 4xx-refused one never.
 * Wall time is about the outage plus a minute.
 */
@RequiresEmbeddedKafka("stops reactor b's cluster and starts it again at the same address with its data")
class RemoteClusterOutageIT {

    private static final Logger log = LoggerFactory.getLogger(RemoteClusterOutageIT.class);

    /** The outage's length, {@code -Doutage.seconds=N}; the issue asks for a minute. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 60));
    private static final List<String> DOCUMENTS = List.of("outage-1", "outage-2", "outage-3");
    /**
     * Threads writing to each reactor, and each one's pause between the end of one write and the start of the
     * next: a {@code ?wait=true} write takes about 150 ms here, so about 10 writes/s per reactor, and a
     * reactor's concurrent writers of one document share jobs (docs/API.md).
     */
    private static final int THREADS_PER_REACTOR = 2;
    private static final Duration WRITE_DELAY = Duration.ofMillis(40);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long HEALTHY_LAG_MS = 3_000;
    private static final long STALLED_LAG_MS = 5_000;
    private static final String MANAGED_PREFIX = "sync-";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(2);

    @TempDir
    static Path dir;
    private static final List<AutoCloseable> started = new ArrayList<>();
    private static Reactor reactorA;
    private static Reactor reactorB;
    private static EmbeddedConnectWorker connect;
    private static FailedTaskRestarter restarter;
    private static Set<String> connectors;

    @BeforeAll
    static void start() {
        reactorA = track(new Reactor(reactorConfig("a", KAFKA.cluster(0)), new DocumentModelRegistry()).start());
        reactorB = track(new Reactor(reactorConfig("b", KAFKA.cluster(1)), new DocumentModelRegistry()).start());
        Map<String, String> sync = new HashMap<>();
        sync.put("bootstrap.servers", KAFKA.cluster(0).bootstrapServers());
        sync.put(DedicatedConfig.LOCAL_REACTOR_ID, "a");
        sync.put("listeners", "http://localhost:0");
        sync.put("config.storage.replication.factor", "1");
        sync.put("offset.storage.replication.factor", "1");
        sync.put("status.storage.replication.factor", "1");
        sync.put(DedicatedConfig.REMOTES, "b");
        sync.put("remote.b.reactor.id", "b");
        sync.put("remote.b.bootstrap.servers", KAFKA.cluster(1).bootstrapServers());
        sync.put("remote.b.mode", "pull,push");
        sync.put("remote.b.tasks.max", "1");
        sync.put("remote.b.pull.scheduler.max.interval.ms", "500");
        DedicatedConfig dedicated = DedicatedConfig.parse(sync);
        connect = track(EmbeddedConnectWorker.start(dedicated.workerProps()));
        // As SyncConnectorMain runs it: a failed task would be restarted (and counted), so a failure under
        // the outage shows as a restart here instead of as a sync that never converges.
        restarter = track(new FailedTaskRestarter(connect, MANAGED_PREFIX, dedicated.restartBackoff(), dedicated.restartBackoffMax()));
        connect.apply(dedicated.connectors(), MANAGED_PREFIX);
        restarter.start(Duration.ofSeconds(1), dedicated.workerProps().get("group.id"));
        connectors = dedicated.connectors().keySet();
        await().atMost(Duration.ofSeconds(90)).until(() -> connectors.stream().allMatch(connect::isRunning));
    }

    @AfterAll
    static void stop() {
        Quickstart.closeInReverse(started);
    }

    @Test
    void shouldHoldEveryAcknowledgedOperationExactlyOnceOnBothReactorsAfterTheRemoteClusterWasDownAMinute() throws Exception {
        ReactorClient a = new ReactorClient(reactorA.httpPort());
        ReactorClient b = new ReactorClient(reactorB.httpPort());
        for (String document : DOCUMENTS) {
            assertThat(a.post("/documents?wait=true", "{\"type\":\"json\",\"id\":\"" + document + "\"}").status())
                .as("creating %s on a", document).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (String document : DOCUMENTS) {
                assertThat(b.get("/documents/" + document).status()).as("%s synchronized to b", document).isEqualTo(200);
            }
            assertThat(lagMs(a, "b")).as("a's lag from b before the test").isLessThan(HEALTHY_LAG_MS);
        });

        OutageWriter writerA = new OutageWriter("a", reactorA.httpPort(), DOCUMENTS, REQUEST_TIMEOUT);
        OutageWriter writerB = new OutageWriter("b", reactorB.httpPort(), DOCUMENTS, REQUEST_TIMEOUT);
        AtomicLong maxLagDuringOutage = new AtomicLong(-1);
        AtomicLong outageStartedMs = new AtomicLong(Long.MAX_VALUE);
        AtomicLong outageEndedMs = new AtomicLong(Long.MAX_VALUE);
        Map<String, String> notRunningSeen = new ConcurrentHashMap<>();
        AtomicLong acknowledgedByABeforeOutage = new AtomicLong();
        AtomicLong acknowledgedByADuringOutage = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2 * THREADS_PER_REACTOR + 2);
        try {
            for (int i = 0; i < THREADS_PER_REACTOR; i++) {
                load.scheduleWithFixedDelay(writerA::writeOnce, i * 10L, WRITE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                load.scheduleWithFixedDelay(writerB::writeOnce, i * 10L, WRITE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
            load.scheduleWithFixedDelay(() -> sampleLag(a, outageStartedMs, outageEndedMs, maxLagDuringOutage),
                0, 500, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(() -> sampleStatus(notRunningSeen), 0, 500, TimeUnit.MILLISECONDS);

            await("warm-up").atMost(Duration.ofSeconds(30)).until(() -> writerA.acknowledged().size() >= 50
                && writerB.acknowledged().size() >= 50);
            log.info("Warm-up done: {}; {}. Stopping cluster 1 for {} s", writerA, writerB, OUTAGE.toSeconds());

            acknowledgedByABeforeOutage.set(writerA.acknowledged().size());
            KAFKA.embedded(1).close();
            outageStartedMs.set(System.currentTimeMillis());
            await("the stall shows in a's lag from b").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> lagMs(a, "b") > STALLED_LAG_MS);
            long stallShownAfterMs = System.currentTimeMillis() - outageStartedMs.get();
            await("the outage's end").atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> System.currentTimeMillis() - outageStartedMs.get() >= OUTAGE.toMillis());
            long acknowledgedByBDuringOutage = writerB.acknowledged().size();
            acknowledgedByADuringOutage.set(writerA.acknowledged().size() - acknowledgedByABeforeOutage.get());
            KAFKA.embedded(1).start();
            outageEndedMs.set(System.currentTimeMillis());
            log.info("Cluster 1 back after {} ms (stall shown after {} ms): {}; {}", outageEndedMs.get() - outageStartedMs.get(),
                stallShownAfterMs, writerA, writerB);

            await("b acknowledges a write again").atMost(Duration.ofSeconds(60))
                .until(() -> writerB.acknowledged().size() > acknowledgedByBDuringOutage);
            log.info("b acknowledged a write again {} ms after cluster 1 returned", writerB.lastAcknowledgedAtMs() - outageEndedMs.get());
            await("b accepts writes again").atMost(Duration.ofSeconds(60))
                .until(() -> writerB.acknowledged().size() >= acknowledgedByBDuringOutage + 50);
            log.info("Stopping the writers {} ms after cluster 1 returned: {}; {}", System.currentTimeMillis() - outageEndedMs.get(),
                writerA, writerB);
            assertThat(stallShownAfterMs).as("the stall shows in the lag within seconds").isLessThan(STALLED_LAG_MS + 10_000);
        } finally {
            load.shutdown();
            assertThat(load.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)).as("writers stopped").isTrue();
        }
        long writersStoppedMs = System.currentTimeMillis();

        Set<String> acknowledged = new HashSet<>(writerA.acknowledged());
        acknowledged.addAll(writerB.acknowledged());
        Map<String, String> ambiguous = new HashMap<>(writerA.ambiguous());
        ambiguous.putAll(writerB.ambiguous());
        Map<String, String> refused = new HashMap<>(writerA.refused());
        refused.putAll(writerB.refused());
        Set<String> presentAtTheEnd = ConcurrentHashMap.newKeySet();
        await("convergence").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .untilAsserted(() -> {
                presentAtTheEnd.clear();
                Set<String> present = new HashSet<>();
                for (String document : DOCUMENTS) {
                    OperationLog onA = OperationLog.read(a, document);
                    OperationLog onB = OperationLog.read(b, document);
                    assertThat(onA.duplicates()).as("%s on a: operations appended twice or in effect twice", document).isEmpty();
                    assertThat(onB.duplicates()).as("%s on b: operations appended twice or in effect twice", document).isEmpty();
                    assertThat(onB.effective()).as("%s: b's operations in effect, in order, are a's", document)
                        .containsExactlyElementsOf(onA.effective());
                    assertThat(b.get("/documents/" + document).body().at("/hash/global").asText())
                        .as("%s: same state hash on both reactors", document)
                        .isEqualTo(a.get("/documents/" + document).body().at("/hash/global").asText());
                    assertThat(onA.errors()).as("%s: no operation failed", document).isEmpty();
                    present.addAll(onA.effective());
                }
                assertThat(present).as("every acknowledged operation is on both reactors").containsAll(acknowledged);
                presentAtTheEnd.addAll(present);
                Set<String> unacknowledged = new HashSet<>(present);
                unacknowledged.removeAll(acknowledged);
                assertThat(ambiguous.keySet()).as("operations present but never acknowledged were unanswered writes")
                    .containsAll(unacknowledged);
                assertThat(lagMs(a, "b")).as("a's lag from b fell").isLessThan(HEALTHY_LAG_MS);
                assertThat(lagMs(b, "a")).as("b's lag from a fell").isLessThan(HEALTHY_LAG_MS);
            });
        long convergedAfterMs = System.currentTimeMillis() - writersStoppedMs;
        log.info("Converged {} ms after the writers stopped: {} acknowledged, {} ambiguous of which {} applied, {} refused; "
            + "{} of a's writes acknowledged during the outage; max lag during the outage {} ms; restarts {}; rebases a {}, b {}",
            convergedAfterMs,
            acknowledged.size(), ambiguous.size(), ambiguous.keySet().stream().filter(presentAtTheEnd::contains).count(),
            refused.size(), acknowledgedByADuringOutage.get(), maxLagDuringOutage.get(), restarter.restarts(),
            (long) metric(reactorA, "kafka_stream_reactor_rebases_total", "").orElse(-1),
            (long) metric(reactorB, "kafka_stream_reactor_rebases_total", "").orElse(-1));

        assertThat(refused).as("no write was refused (the documents exist on both reactors)").isEmpty();
        assertThat(writerA.unexpectedAnswers()).as("each of a's answers holds its own operation").isEmpty();
        assertThat(writerB.unexpectedAnswers()).as("each of b's answers holds its own operation").isEmpty();
        assertThat(acknowledgedByADuringOutage.get()).as("a kept accepting writes through the outage")
            .isGreaterThan(OUTAGE.toSeconds() * 2);
        assertThat(maxLagDuringOutage.get()).as("a's lag from b rose with the outage")
            .isGreaterThan(OUTAGE.toMillis() - 10_000);
        assertThat(restarter.restarts()).as("no connector or task was restarted").isZero();
        assertThat(notRunningSeen).as("connectors and tasks never left RUNNING").isEmpty();
        for (String name : connectors) {
            assertThat(connect.isRunning(name)).as("%s and its tasks RUNNING at the end", name).isTrue();
        }
        assertThat(replicationLagMetricOfA()).as("a's replication-lag gauge for b fell").isLessThan(HEALTHY_LAG_MS);
    }

    /** Reactor {@code of}'s replication lag from the other reactor, from {@code GET /sync/{remote}}. */
    private static long lagMs(ReactorClient of, String remote) {
        JsonNode replication = of.get("/sync/" + remote).body();
        return replication.path("lagMs").asLong(Long.MAX_VALUE);
    }

    private static void sampleLag(ReactorClient a, AtomicLong outageStartedMs, AtomicLong outageEndedMs, AtomicLong max) {
        try {
            long now = System.currentTimeMillis();
            if (now >= outageStartedMs.get() && now <= outageEndedMs.get()) {
                max.accumulateAndGet(lagMs(a, "b"), Math::max);
            }
        } catch (RuntimeException e) {
            log.debug("Lag sample failed: {}", e.toString());
        }
    }

    private static void sampleStatus(Map<String, String> notRunningSeen) {
        for (String name : connectors) {
            try {
                ConnectorStateInfo status = connect.status(name);
                if (!"RUNNING".equals(status.connector().state())) {
                    notRunningSeen.putIfAbsent(name, status.connector().state() + " " + status.connector().trace());
                }
                for (ConnectorStateInfo.TaskState task : status.tasks()) {
                    if (!"RUNNING".equals(task.state())) {
                        notRunningSeen.putIfAbsent(name + "/" + task.id(), task.state() + " " + task.trace());
                    }
                }
            } catch (RuntimeException e) {
                log.debug("Status sample of {} failed: {}", name, e.toString());
            }
        }
    }

    /** Reactor a's {@code kafka_stream_reactor_replication_lag_ms} gauge for remote b, from {@code GET /metrics}. */
    private static double replicationLagMetricOfA() throws Exception {
        return metric(reactorA, "kafka_stream_reactor_replication_lag_ms{", "remote=\"b\"").orElse(Double.MAX_VALUE);
    }

    /** The sum of the samples of a meter in a reactor's {@code GET /metrics} whose line starts and contains as given. */
    private static OptionalDouble metric(Reactor reactor, String start, String contains) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + reactor.httpPort() + "/metrics")).timeout(REQUEST_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        double[] samples = metrics.body().lines().filter(l -> l.startsWith(start) && l.contains(contains))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        return samples.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Arrays.stream(samples).sum());
    }

    private static ReactorConfig reactorConfig(String id, KafkaCluster cluster) {
        return new ReactorConfig(TestReactors.props(id, cluster, dir, 3));
    }

    private static <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    /**
     * One document's {@code global} stream as {@code GET /documents/{id}/operations} pages it, replayed with
     * {@link LogReplay} (which also checks that indices run 0, 1, 2, … and each skip and behind fits): the operation ids
     * in effect, in canonical order; ids appended more than once other than as a rebase's re-applied copy, or
     * in effect more than once; and operations kept with an error.
     */
    record OperationLog(List<String> effective, Map<String, Integer> duplicates, List<String> errors) {

        private static final int PAGE = 1000;

        static OperationLog read(ReactorClient reactor, String document) {
            LogReplay replay = new LogReplay();
            Map<String, Integer> appended = new LinkedHashMap<>();
            List<String> errors = new ArrayList<>();
            int read;
            do {
                ReactorClient.Response page = reactor.get("/documents/" + document + "/operations?scope=global&limit=" + PAGE
                    + "&from=" + replay.nextIndex());
                if (page.status() != 200) {
                    throw new IllegalStateException("operations of " + document + ": " + page.status() + " " + page.body());
                }
                JsonNode operations = page.body().path("operations");
                for (JsonNode op : operations) {
                    replay.apply(operation(document, op));
                    if (!op.path("reapplied").asBoolean(false)) {
                        appended.merge(op.path("id").asText(), 1, Integer::sum);
                    }
                    if (op.has("error")) {
                        errors.add(op.path("id").asText() + ": " + op.get("error").asText());
                    }
                }
                read = operations.size();
            } while (read == PAGE);
            List<String> effective = replay.effectiveIds();
            Map<String, Integer> duplicates = new LinkedHashMap<>();
            appended.forEach((id, count) -> {
                if (count > 1) {
                    duplicates.put(id, count);
                }
            });
            Map<String, Integer> inEffect = new HashMap<>();
            effective.forEach(id -> inEffect.merge(id, 1, Integer::sum));
            inEffect.forEach((id, count) -> {
                if (count > 1) {
                    duplicates.put(id + " (in effect)", count);
                }
            });
            return new OperationLog(effective, duplicates, errors);
        }

        /** The fields of an operation's JSON that the replay reads (docs/API.md's operations answer). */
        private static Operation operation(String document, JsonNode op) {
            return Operation.newBuilder().setId(op.path("id").asText()).setDocumentId(document).setDocumentType("json")
                .setScope("global").setIndex(op.path("index").asLong()).setSkip(op.path("skip").asInt()).setBehind(op.path("behind").asInt())
                .setTimestampUtcMs(op.path("timestampUtcMs").asLong()).setClock(op.path("clock").asLong())
                .setHash(op.path("hash").asText()).setOrigin(op.path("origin").asText())
                .setError(op.has("error") ? op.get("error").asText() : null).setReapplied(op.path("reapplied").asBoolean(false))
                .setAction(Action.newBuilder().setId(op.at("/action/id").asText()).setType(op.at("/action/type").asText()).build())
                .build();
        }
    }
}
