package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.Http;
import dev.docreactor.bench.load.Loads;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.contract.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 5: a reactor holding N operations is restarted (a new JVM) twice: with its state directory
 * kept, and with it deleted so Kafka Streams restores every store from its changelog. The time counted
 * runs from spawning the process until {@code GET /health} answers 200 and a document query answers.
 * Baseline: the bare processor holding the same operations, restarted the same two ways, until its
 * store answers a query.
 */
public final class RecoveryScenario implements Scenario {

    @Override
    public int id() {
        return 5;
    }

    @Override
    public String title() {
        return "Recovery (restart with state kept / deleted)";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        try (Cluster cluster = Cluster.start("A", context.work("recovery/kafka"))) {
            String reactorId = "rec-reactor";
            Path reactorState = context.work("recovery/" + reactorId);
            cluster.createTopic(TopicNames.queue(reactorId), Components.PARTITIONS);
            int jobs = load(cluster, TopicNames.queue(reactorId), reactorId, mode);
            double loadSeconds;
            try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), TopicNames.jobResults(reactorId), r -> { })) {
                ChildJvm reactor = Components.startReactor(context, reactorId + "-load",
                    Components.reactorConfig(reactorId, cluster.bootstrapServers(), reactorState));
                try {
                    reactor.awaitReady(Duration.ofMinutes(2));
                    long t0 = System.nanoTime();
                    results.awaitCount(jobs, Duration.ofMinutes(60));
                    loadSeconds = (System.nanoTime() - t0) / 1e9;
                    reactor.stop();
                } finally {
                    reactor.close();
                }
            }
            Progress.log("5: reactor stored %d operations in %.1f s (%.0f ops/s in jobs of %d actions)", mode.recoveryOps(),
                loadSeconds, mode.recoveryOps() / loadSeconds, mode.actionsPerJob());

            String bareId = "rec-bare";
            Path bareState = context.work("recovery/" + bareId);
            cluster.createTopic(TopicNames.queue(bareId), Components.PARTITIONS);
            cluster.createTopic(bareId + ".results", Components.PARTITIONS);
            int bareJobs = load(cluster, TopicNames.queue(bareId), bareId, mode);
            Map<String, Object> bareConfig = Components.bareConfig(bareId, cluster.bootstrapServers(), bareState,
                TopicNames.queue(bareId), bareId + ".results");
            try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), bareId + ".results", r -> { })) {
                ChildJvm bare = Components.startBare(context, bareId + "-load", bareConfig);
                try {
                    bare.awaitReady(Duration.ofMinutes(2));
                    results.awaitCount(bareJobs, Duration.ofMinutes(60));
                    bare.stop();
                } finally {
                    bare.close();
                }
            }

            Map<String, Object> reactorConfig = Components.reactorConfig(reactorId, cluster.bootstrapServers(), reactorState);
            String probe = "/documents/doc-" + (mode.recoveryDocuments() - 1);
            // An immediate restart: the stopped instance is still a group member until its session times out.
            double reactorImmediate = mode.extras() ? restartReactor(context, reactorId + "-immediate", reactorConfig, probe) : -1;
            String reactorGroup = TopicNames.applicationId(reactorId);
            double sessionWait = cluster.awaitGroupEmpty(reactorGroup, Duration.ofMinutes(2));
            cluster.awaitGroupEmpty(bareId, Duration.ofMinutes(2));
            double reactorKept = restartReactor(context, reactorId + "-kept", reactorConfig, probe);
            cluster.awaitGroupEmpty(bareId, Duration.ofMinutes(2));
            double bareKept = restartBare(context, bareId + "-kept", bareConfig);
            deleteRecursively(reactorState);
            deleteRecursively(bareState);
            cluster.awaitGroupEmpty(bareId, Duration.ofMinutes(2));
            double bareRestored = restartBare(context, bareId + "-restored", bareConfig);
            cluster.awaitGroupEmpty(reactorGroup, Duration.ofMinutes(2));
            double reactorRestored = restartReactor(context, reactorId + "-restored", reactorConfig, probe);
            Progress.log("5: kept: reactor %.1f s, bare %.1f s; deleted: reactor %.1f s, bare %.1f s", reactorKept, bareKept,
                reactorRestored, bareRestored);

            result.add(Row.compared("restart, state kept: until healthy and a query answers", "s", "reactor", reactorKept,
                "bare Streams processor", bareKept, Target.valueAtMost(30, "s")));
            result.add(Row.compared("restart, state deleted (restore from changelog)", "s", "reactor", reactorRestored,
                "bare Streams processor", bareRestored, Target.valueAtMost(60, "s")));
            if (mode.extras()) {
                result.add(Row.value("restart right after a clean stop, state kept (old member still in the group)", "s", "reactor",
                    reactorImmediate, null));
            }
            result.detail("operationsStored", mode.recoveryOps());
            result.detail("secondsUntilStoppedMemberLeftGroup", Math.round(sessionWait * 10) / 10.0);
            result.detail("documents", mode.recoveryDocuments());
            result.detail("reactorLoadOpsPerSec", Math.round(mode.recoveryOps() / loadSeconds));
            result.detail("reactorChangelogRecords", changelogRecords(cluster, TopicNames.internalTopicPrefix(reactorId)));
            result.detail("bareChangelogRecords", changelogRecords(cluster, bareId + "-"));
            result.note(String.format(Locale.ROOT, "%d operations over %d documents, loaded as EXECUTE jobs of %d PATCH actions; "
                    + "time from spawning the JVM (%s) until GET /health is 200 and GET %s is 200 (the bare processor: "
                    + "until its state store answers a query). Ratios above 1 mean the reactor takes longer.",
                mode.recoveryOps(), mode.recoveryDocuments(), mode.actionsPerJob(), String.join(" ", ChildJvm.DEFAULT_JVM_OPTIONS), probe));
            result.note("Before each timed restart the benchmark waits until the application's consumer group is empty: "
                + "Kafka Streams does not leave its group on close, so a restart right after a stop first waits for the old "
                + "member's session to time out (session.timeout.ms, 45 s by default); that case is the separate "
                + "'right after a clean stop' row (full mode only). Closing with CloseOptions leaveGroup would remove that wait.");
            result.note("Changelog records to restore (all stores): see details; the reactor keeps, per operation, "
                + "the log entry (event bus) and its merge bookkeeping, and per job the view and the job result.");
        }
    }

    private static double restartReactor(BenchContext context, String name, Map<String, Object> config, String probe) {
        ChildJvm reactor = Components.startReactor(context, name, config);
        try {
            int port = ChildJvm.httpPort(reactor.awaitReady(Duration.ofMinutes(2)));
            Http.awaitOk(port, "/health", Duration.ofMinutes(20));
            Http.awaitOk(port, probe, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - reactor.startedNanos()) / 1e9;
            context.recordMemory("5/reactor", reactor.stop());
            return seconds;
        } finally {
            reactor.close();
        }
    }

    private static double restartBare(BenchContext context, String name, Map<String, Object> config) {
        ChildJvm bare = Components.startBare(context, name, config);
        try {
            bare.awaitReady(Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - bare.startedNanos()) / 1e9;
            bare.stop();
            return seconds;
        } finally {
            bare.close();
        }
    }

    static int load(Cluster cluster, String topic, String prefix, Mode mode) {
        return Loads.batched(cluster, topic, prefix, mode.recoveryDocuments(), mode.recoveryOps(), mode.actionsPerJob());
    }

    /** Records in the changelog topics whose names start with {@code prefix}. */
    static Map<String, Long> changelogRecords(Cluster cluster, String prefix) throws Exception {
        return endOffsets(cluster, t -> t.startsWith(prefix) && TopicNames.isChangelog(t));
    }

    /**
     * The sum of the end offsets of each topic matching {@code filter}: records written, plus one
     * transaction marker per partition and transaction.
     */
    static Map<String, Long> endOffsets(Cluster cluster, java.util.function.Predicate<String> filter) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> topics = cluster.admin().listTopics().names().get().stream().filter(filter).sorted().toList();
        for (var description : cluster.admin().describeTopics(topics).allTopicNames().get().values()) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : cluster.admin().listOffsets(latest).all().get().values()) {
                total += info.offset();
            }
            counts.put(description.name(), total);
        }
        return counts;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
