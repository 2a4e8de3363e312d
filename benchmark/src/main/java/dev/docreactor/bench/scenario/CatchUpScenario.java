package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.Loads;
import dev.docreactor.bench.load.Progression;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.bench.sync.SyncConfigs;
import dev.docreactor.contract.TopicNames;
import java.time.Duration;
import java.util.Locale;

/**
 * Scenario 4: B's connector is stopped while A takes N operations over D documents; after the restart,
 * the time until it has moved them all into B's queue, and its rate; next to MirrorMaker 2 copying the
 * same backlog from a cold start, and to the connector's own rate in scenario 2.
 */
public final class CatchUpScenario implements Scenario {

    @Override
    public int id() {
        return 4;
    }

    @Override
    public String title() {
        return "Catch-up after a connector stop";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        String aId = "cu-a";
        String bId = "cu-b";
        int documents = mode.catchUpDocuments();
        int operations = mode.catchUpOps() / mode.actionsPerJob() * mode.actionsPerJob();
        try (Cluster a = Cluster.start("A", context.work("catch-up/kafka-a"));
             Cluster b = Cluster.start("B", context.work("catch-up/kafka-b"))) {
            b.createTopic(TopicNames.queue(bId), Components.PARTITIONS);
            Progression moved = new Progression();
            double drainSeconds;
            double connectorRate;
            ChildJvm reactorA = SyncRig.startReactor(context, aId, a);
            try (TopicWatcher watch = SyncRig.countMoved(b, TopicNames.queue(bId), moved)) {
                SyncRig.loadReactor(a, aId, documents, 0, 1);
                ChildJvm sync = SyncRig.startConnector(context, "cu-c", b, bId, a, aId);
                SyncRig.await(moved, documents, Duration.ofMinutes(5), sync);
                sync.stop();
                sync.close();
                Progress.log("4: connector stopped; A takes %d operations", operations);
                try (TopicWatcher results = TopicWatcher.start(a.bootstrapServers(), TopicNames.jobResults(aId), r -> { })) {
                    int jobs = Loads.batched(a, TopicNames.queue(aId), aId + "-2", documents, operations, mode.actionsPerJob(), false);
                    results.awaitCount(documents + jobs, Duration.ofMinutes(60));
                }
                reactorA.stop();
                Progress.log("4: restarting the connector");
                long before = moved.value();
                moved.restartSpan();
                ChildJvm restarted = ChildJvm.start("cu-c-restart", "connector",
                    SyncConfigs.connector("cu-c", b.bootstrapServers(), bId, a.bootstrapServers(), aId), context.logDir(),
                    ChildJvm.DEFAULT_JVM_OPTIONS);
                try {
                    SyncRig.await(moved, before + operations, Duration.ofMinutes(60), restarted);
                    drainSeconds = (moved.lastNanos() - restarted.startedNanos()) / 1e9;
                    connectorRate = moved.ratePerSecond();
                    restarted.stop();
                } finally {
                    restarted.close();
                }
            } finally {
                reactorA.close();
            }
            Progress.log("4: connector drained %d operations in %.1f s after its restart (%.0f ops/s)", operations, drainSeconds,
                connectorRate);

            Progression copied = new Progression();
            double mirrorSeconds;
            double mirrorRate;
            long total = documents + operations;
            try (TopicWatcher watch = SyncRig.countRecords(b, SyncConfigs.mirroredTopic("cum", TopicNames.eventBus(aId)), copied)) {
                ChildJvm mm2 = ChildJvm.start("cum", "mirrormaker", SyncConfigs.mirrorMaker("cum", a.bootstrapServers(), "target",
                    b.bootstrapServers(), TopicNames.eventBus(aId)), context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
                try {
                    SyncRig.await(copied, total, Duration.ofMinutes(60), mm2);
                    mirrorSeconds = (copied.lastNanos() - mm2.startedNanos()) / 1e9;
                    mirrorRate = copied.ratePerSecond();
                    mm2.stop();
                } finally {
                    mm2.close();
                }
            }
            Progress.log("4: MirrorMaker 2 copied %d records in %.1f s from a cold start (%.0f records/s)", total, mirrorSeconds, mirrorRate);

            result.add(Row.compared("time to drain after restart (from process start)", "s", "sync connector", drainSeconds,
                "MirrorMaker 2 (cold start, same backlog)", mirrorSeconds, null));
            result.add(Row.compared("catch-up operations/s", "ops/s", "sync connector", connectorRate,
                "MirrorMaker 2 (cold start, same backlog)", mirrorRate, null));
            Double steady = context.figure("2/connectorOpsPerSec");
            if (steady != null) {
                result.add(Row.compared("catch-up rate vs the connector's rate in 2", "ops/s", "catch-up", connectorRate,
                    "connector in 2", steady, Target.ratioAtLeast(0.8)));
            } else {
                result.note("Scenario 2 did not run in this run, so the target (>= 0.8 of the connector's rate in 2) is not checked.");
            }
            result.note(String.format(Locale.ROOT, "%d operations over %d documents taken by reactor A (jobs of %d actions) while "
                    + "B's connector was stopped; the connector resumes from its committed source offsets. The drain time counts "
                    + "from spawning the connector's JVM to the last operation seen on B's queue; the rate spans the first to the "
                    + "last operation moved after the restart. MirrorMaker 2 copies the whole event bus (%d records) from a cold start.",
                operations, documents, mode.actionsPerJob(), total));
        }
    }
}
