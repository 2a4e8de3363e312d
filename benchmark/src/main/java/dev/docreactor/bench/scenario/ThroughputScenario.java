package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.JobSender;
import dev.docreactor.bench.load.Jobs;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Format;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.contract.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1: EXECUTE operations/s of one reactor with exactly_once_v2, next to the bare Kafka Streams
 * processor ({@link dev.docreactor.bench.baseline.BareProcessorApp}) on the same broker. Each run
 * preloads its input topic with the same jobs (document creations, then one-action PATCH jobs spread
 * over the documents), starts the application in its own JVM and times the results as a
 * read_committed consumer sees them; subject and baseline alternate, and the median of the rounds counts.
 */
public final class ThroughputScenario implements Scenario {

    @Override
    public int id() {
        return 1;
    }

    @Override
    public String title() {
        return "Reactor write throughput (exactly_once_v2)";
    }

    /** One timed run. */
    record Run(double opsPerSec, double seconds, ChildJvm.MemoryPeaks memory) {
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        try (Cluster cluster = Cluster.start("A", context.work("throughput/kafka"))) {
            List<Double> reactorRates = new ArrayList<>();
            List<Double> bareRates = new ArrayList<>();
            for (int round = 1; round <= mode.rounds(); round++) {
                boolean bareFirst = round % 2 == 1;
                for (int i = 0; i < 2; i++) {
                    boolean bare = (i == 0) == bareFirst;
                    Run run = bare ? runBare(context, cluster, round) : runReactor(context, cluster, round);
                    (bare ? bareRates : reactorRates).add(run.opsPerSec());
                    context.recordMemory(bare ? "1/bare" : "1/reactor", run.memory());
                    Progress.log("1: round %d %s: %.0f ops/s (%.1f s)", round, bare ? "bare processor" : "reactor",
                        run.opsPerSec(), run.seconds());
                }
            }
            double reactor = Components.median(reactorRates.stream().mapToDouble(Double::doubleValue).toArray());
            double bare = Components.median(bareRates.stream().mapToDouble(Double::doubleValue).toArray());
            result.add(Row.compared("EXECUTE operations/s", "ops/s", "reactor", reactor, "bare Streams processor", bare,
                Target.ratioAtLeast(0.8)));
            result.detail("reactorOpsPerSecByRound", reactorRates);
            result.detail("bareOpsPerSecByRound", bareRates);
            result.note(String.format(java.util.Locale.ROOT, "%d one-action EXECUTE jobs over %d documents (after %d creations), "
                    + "preloaded on a %d-partition input topic; one stream thread, exactly_once_v2, commit.interval.ms=100 for both "
                    + "(the reactor caches its view and bookkeeping stores, its own setting; the baseline's stores are uncached, "
                    + "so every put is logged); each in its own JVM (%s); median of %d round(s), "
                    + "subject and baseline alternating.", mode.throughputOps(), mode.throughputDocuments(), mode.throughputDocuments(),
                Components.PARTITIONS, String.join(" ", ChildJvm.DEFAULT_JVM_OPTIONS), mode.rounds()));
            result.note("Baseline per action: one get (document state), two puts (operation, new state; both stores logged), "
                + "one forward (job result) per job. The reactor additionally runs the reducer and the merge bookkeeping, "
                + "keeps the document view and the job-results store.");
            Map<String, Long> reactorWrites = RecoveryScenario.endOffsets(cluster,
                t -> t.startsWith(TopicNames.internalTopicPrefix("tp-reactor-r1")) || t.equals(TopicNames.jobResults("tp-reactor-r1")));
            Map<String, Long> bareWrites = RecoveryScenario.endOffsets(cluster,
                t -> t.startsWith("tp-bare-r1-") || t.equals("tp-bare-r1.results"));
            int jobs = mode.throughputOps() + mode.throughputDocuments();
            result.detail("reactorRecordsWrittenPerJob", perJob(reactorWrites, jobs));
            result.detail("bareRecordsWrittenPerJob", perJob(bareWrites, jobs));
            result.note("Records each application wrote per job in round 1, by topic (end offsets, so including transaction "
                + "markers): see details reactorRecordsWrittenPerJob / bareRecordsWrittenPerJob.");
            if (reactor / bare < 0.8) {
                result.note("Target missed: see docs/BENCHMARKS.md (profile) for where the time goes. Ratio "
                    + Format.ratio(reactor / bare) + ".");
            }
        }
    }

    private static Map<String, Double> perJob(Map<String, Long> endOffsets, int jobs) {
        Map<String, Double> perJob = new java.util.LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : endOffsets.entrySet()) {
            double v = Math.round(e.getValue() * 100.0 / jobs) / 100.0;
            perJob.put(e.getKey(), v);
            total += e.getValue();
        }
        perJob.put("total", Math.round(total * 100.0 / jobs) / 100.0);
        return perJob;
    }

    private Run runReactor(BenchContext context, Cluster cluster, int round) {
        String id = "tp-reactor-r" + round;
        String queue = TopicNames.queue(id);
        cluster.createTopic(queue, Components.PARTITIONS);
        int total = preload(cluster, queue, id, context.mode());
        try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), TopicNames.jobResults(id), r -> { })) {
            ChildJvm reactor = Components.startReactor(context, id,
                Components.reactorConfig(id, cluster.bootstrapServers(), context.work("throughput/" + id)));
            try {
                reactor.awaitReady(Duration.ofMinutes(2));
                return timed(results, total, reactor);
            } finally {
                reactor.close();
            }
        }
    }

    private Run runBare(BenchContext context, Cluster cluster, int round) {
        String id = "tp-bare-r" + round;
        String input = TopicNames.queue(id);
        String output = id + ".results";
        cluster.createTopic(input, Components.PARTITIONS);
        cluster.createTopic(output, Components.PARTITIONS);
        int total = preload(cluster, input, id, context.mode());
        try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), output, r -> { })) {
            ChildJvm bare = Components.startBare(context, id,
                Components.bareConfig(id, cluster.bootstrapServers(), context.work("throughput/" + id), input, output));
            try {
                bare.awaitReady(Duration.ofMinutes(2));
                return timed(results, total, bare);
            } finally {
                bare.close();
            }
        }
    }

    private static Run timed(TopicWatcher results, int total, ChildJvm component) {
        results.awaitCount(total, Duration.ofMinutes(30));
        long firstBatch = results.firstBatch();
        double seconds = (results.lastNanos() - results.firstNanos()) / 1e9;
        double rate = (total - firstBatch) / Math.max(seconds, 1e-3);
        ChildJvm.MemoryPeaks memory = component.stop();
        return new Run(rate, seconds, memory);
    }

    /** Writes the creations and the PATCH jobs; returns how many jobs there are. */
    static int preload(Cluster cluster, String topic, String prefix, Mode mode) {
        Jobs jobs = new Jobs(prefix);
        int documents = mode.throughputDocuments();
        try (JobSender sender = new JobSender(cluster, topic)) {
            for (int d = 0; d < documents; d++) {
                sender.send(jobs.create("doc-" + d));
            }
            for (int i = 0; i < mode.throughputOps(); i++) {
                sender.send(jobs.patches("doc-" + (i % documents), "n", 1));
            }
        }
        return documents + mode.throughputOps();
    }
}
