package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
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
 * Scenario 2: operations/s moved from A's event bus into B's queue by the sync connector alone (no
 * reactor on B), and applied at B end to end (reactor B running), next to MirrorMaker 2 copying the
 * same event-bus topic between the same two clusters. All three start from the same backlog.
 */
public final class SyncThroughputScenario implements Scenario {

    @Override
    public int id() {
        return 2;
    }

    @Override
    public String title() {
        return "Sync throughput (connector vs MirrorMaker 2)";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        int documents = Math.max(10, mode.syncOps() / 1000);
        try (Cluster a = Cluster.start("A", context.work("sync-throughput/kafka-a"));
             Cluster b = Cluster.start("B", context.work("sync-throughput/kafka-b"))) {
            String aId = "st-a";
            ChildJvm reactorA = SyncRig.startReactor(context, aId, a);
            try {
                SyncRig.loadReactor(a, aId, documents, mode.syncOps(), mode.actionsPerJob());
            } finally {
                reactorA.stop();
                reactorA.close();
            }
            long total = documents + (long) (mode.syncOps() / mode.actionsPerJob()) * mode.actionsPerJob();
            Progress.log("2: A's event bus holds %d operations", total);

            // The connector alone: LOAD jobs arriving on B's queue, no reactor consuming it.
            b.createTopic(TopicNames.queue("st-b1"), Components.PARTITIONS);
            Progression moved = new Progression();
            double connector;
            try (TopicWatcher watch = SyncRig.countMoved(b, TopicNames.queue("st-b1"), moved)) {
                ChildJvm sync = SyncRig.startConnector(context, "st-c1", b, "st-b1", a, aId);
                try {
                    SyncRig.await(moved, total, Duration.ofMinutes(30), sync);
                    connector = moved.ratePerSecond();
                    context.recordMemory("2/connector", sync.stop());
                } finally {
                    sync.close();
                }
            }
            Progress.log("2: connector moved %d operations at %.0f ops/s", total, connector);

            Progression copied = new Progression();
            double mirror;
            try (TopicWatcher watch = SyncRig.countRecords(b, SyncConfigs.mirroredTopic("stm", TopicNames.eventBus(aId)), copied)) {
                ChildJvm mm2 = SyncRig.startMirrorMaker(context, "stm", a, aId, b);
                try {
                    SyncRig.await(copied, total, Duration.ofMinutes(30), mm2);
                    mirror = copied.ratePerSecond();
                    context.recordMemory("2/mirrormaker", mm2.stop());
                } finally {
                    mm2.close();
                }
            }
            Progress.log("2: MirrorMaker 2 copied %d records at %.0f records/s", total, mirror);

            Progression applied = new Progression();
            double endToEnd;
            ChildJvm reactorB = SyncRig.startReactor(context, "st-b2", b);
            try (TopicWatcher watch = SyncRig.countApplied(b, "st-b2", aId, applied)) {
                ChildJvm sync = SyncRig.startConnector(context, "st-c2", b, "st-b2", a, aId);
                try {
                    SyncRig.await(applied, total, Duration.ofMinutes(60), sync, reactorB);
                    endToEnd = applied.ratePerSecond();
                    sync.stop();
                } finally {
                    sync.close();
                }
            } finally {
                reactorB.stop();
                reactorB.close();
            }
            Progress.log("2: end to end, B applied %d operations at %.0f ops/s", total, endToEnd);
            context.putFigure("2/connectorOpsPerSec", connector);

            result.add(Row.compared("operations moved/s, A's event bus -> B's queue", "ops/s", "sync connector alone", connector,
                "MirrorMaker 2", mirror, Target.ratioAtLeast(1.0)));
            result.add(Row.compared("operations applied/s at B, end to end", "ops/s", "connector + reactor B", endToEnd,
                "MirrorMaker 2", mirror, Target.ratioAtLeast(0.5)));
            result.detail("operations", total);
            result.note(String.format(Locale.ROOT, "A backlog of %d operations over %d documents on A's event bus (written by reactor A, "
                    + "then stopped); each system starts from the beginning of it. The connector runs in dedicated mode (pull, on B, "
                    + "exactly-once source, its defaults); MirrorMaker 2 in dedicated mode with one task, heartbeats and checkpoints "
                    + "off, copying the topic record for record. Rates span the first to the last record seen on B.",
                total, documents));
        }
    }
}
