package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.Progression;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.sync.SyncConfigs;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the sync scenarios (2, 3, 4) share: starting the connector and MirrorMaker 2, and counting their progress. */
final class SyncRig {

    private static final RecordFormat<Job> JOBS = AvroSerdes.job().format();
    private static final RecordFormat<Operation> OPERATIONS = AvroSerdes.operation().format();

    private SyncRig() {
    }

    /** Starts the sync connector (dedicated mode, pull on the target cluster) in its own JVM and waits until it runs. */
    static ChildJvm startConnector(BenchContext context, String name, Cluster target, String targetId, Cluster source,
                                   String sourceId) {
        Map<String, Object> config = SyncConfigs.connector(name, target.bootstrapServers(), targetId, source.bootstrapServers(), sourceId);
        ChildJvm connector = ChildJvm.start(name, "connector", config, context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
        connector.awaitReady(Duration.ofMinutes(3));
        return connector;
    }

    /** Starts MirrorMaker 2 copying {@code sourceId}'s event bus to the target in its own JVM and waits until it runs. */
    static ChildJvm startMirrorMaker(BenchContext context, String alias, Cluster source, String sourceId, Cluster target) {
        Map<String, Object> config = SyncConfigs.mirrorMaker(alias, source.bootstrapServers(), "target", target.bootstrapServers(),
            TopicNames.eventBus(sourceId));
        ChildJvm mm2 = ChildJvm.start(alias, "mirrormaker", config, context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
        mm2.awaitReady(Duration.ofMinutes(3));
        return mm2;
    }

    /** Counts the operations in LOAD jobs arriving on a queue topic: what the connector moved. */
    static TopicWatcher countMoved(Cluster cluster, String queue, Progression moved) {
        return TopicWatcher.start(cluster.bootstrapServers(), queue, record -> {
            if (record.value() != null) {
                Job job = JOBS.decode(record.value());
                if (job.getKind() == JobKind.LOAD) {
                    moved.add(job.getOperations().size());
                }
            }
        });
    }

    /** Counts operations from {@code originId} appended (not re-applied) to a reactor's event bus: what it applied. */
    static TopicWatcher countApplied(Cluster cluster, String reactorId, String originId, Progression applied) {
        return TopicWatcher.start(cluster.bootstrapServers(), TopicNames.eventBus(reactorId), record -> {
            if (record.value() != null) {
                Operation op = OPERATIONS.decode(record.value());
                if (originId.equals(op.getOrigin()) && !op.getReapplied()) {
                    applied.add(1);
                }
            }
        });
    }

    /** Counts records arriving on a topic: what MirrorMaker 2 copied. */
    static TopicWatcher countRecords(Cluster cluster, String topic, Progression copied) {
        return TopicWatcher.start(cluster.bootstrapServers(), topic, record -> copied.add(1));
    }

    /** Starts reactor {@code id} on {@code cluster}, waits until it runs and returns it. */
    static ChildJvm startReactor(BenchContext context, String id, Cluster cluster) {
        cluster.createTopic(TopicNames.queue(id), Components.PARTITIONS);
        ChildJvm reactor = Components.startReactor(context, id, Components.reactorConfig(id, cluster.bootstrapServers(),
            context.work("sync/" + id)));
        reactor.awaitReady(Duration.ofMinutes(2));
        return reactor;
    }

    /** Loads {@code operations} over {@code documents} into reactor {@code id} (running) and waits for every result. */
    static void loadReactor(Cluster cluster, String id, int documents, int operations, int perJob) {
        try (TopicWatcher results = TopicWatcher.start(cluster.bootstrapServers(), TopicNames.jobResults(id), r -> { })) {
            int jobs = dev.docreactor.bench.load.Loads.batched(cluster, TopicNames.queue(id), id, documents, operations, perJob);
            results.awaitCount(jobs, Duration.ofMinutes(60));
        }
    }

    /**
     * Waits until {@code progress} reaches {@code n}, failing at once if one of {@code components} reports a
     * failed task or dies.
     */
    static void await(dev.docreactor.bench.load.Progression progress, long n, Duration timeout, ChildJvm... components)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.value() < n) {
            for (ChildJvm component : components) {
                component.checkAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reached " + progress.value() + " of " + n + " within " + timeout);
            }
            try {
                progress.awaitAtLeast(n, Duration.ofMillis(500));
            } catch (IllegalStateException notYet) {
                // look at the components again
            }
        }
    }

    /** Closes watchers quietly. */
    static void closeAll(List<TopicWatcher> watchers) {
        watchers.forEach(TopicWatcher::close);
    }
}
