package dev.docreactor.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.CommittedRecords;
import dev.docreactor.bench.load.Http;
import dev.docreactor.bench.load.Jobs;
import dev.docreactor.bench.load.RateLimitedWriter;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.contract.Scopes;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 7: two reactors, each on its own cluster, write the same 10 documents concurrently at a
 * fixed rate each while the sync connector exchanges their operations both ways; measured: operations applied per
 * second (both reactors, local + remote), the rebase depth distribution (the {@code skip} of every
 * rebase entry on both event buses), the time from the end of the writes until both reactors show
 * the same state with every operation in effect, and the write amplification up to then (re-applied
 * copies and event-bus records per operation written, {@link ConflictCounts}). Baseline, same run: the
 * same load on disjoint documents (10 per reactor), so no write ever conflicts.
 */
public final class ConflictScenario implements Scenario {

    private static final int DOCUMENTS = 10;
    private static final String SAME = "same 10 documents";
    private static final String DISJOINT = "disjoint documents";
    private static final String PER_WRITTEN = "per written op";
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(10);
    /** The reactor's counter of operations re-applied in memory after an insertion (Prometheus name). */
    private static final String REAPPLIED_METRIC = "kafka_stream_reactor_operations_reapplied_total";
    private static final String SPARED_METRIC = "kafka_stream_reactor_operations_spared_total";
    private final RecordFormat<Operation> operations = AvroSerdes.operation().format();

    @Override
    public int id() {
        return 7;
    }

    @Override
    public String title() {
        return "Conflict load (two reactors, same 10 documents)";
    }

    /**
     * Figures of one run.
     *
     * @param offered patch operations the writers sent (both reactors)
     * @param counts what both event buses received from the run's start until convergence
     */
    record Run(double appliedPerSec, double convergedSeconds, long offered, double achievedA, double achievedB,
               long rebases, long reapplied, Histogram depth, ConflictCounts counts, double reappliedInMemory,
               double spared, long bookkeepingRecords) {

        /** Records on both reactors' bookkeeping changelogs (the merge's {@code merge} and {@code ids} stores) per operation written. */
        double bookkeepingPerWritten() {
            return (double) bookkeepingRecords / counts.written();
        }

        /** Operations re-applied in memory (both reactors' counters) per operation written. */
        double reappliedInMemoryPerWritten() {
            return reappliedInMemory / counts.written();
        }

        /** Operations after a late one that were not re-applied (an operation before them overwrote it) per operation written. */
        double sparedPerWritten() {
            return spared / counts.written();
        }
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        try (Cluster a = Cluster.start("A", context.work("conflict/kafka-a"));
             Cluster b = Cluster.start("B", context.work("conflict/kafka-b"))) {
            Run disjoint = runOnce(context, a, b, "dis", false);
            Progress.log("7: disjoint documents: %.0f ops/s applied, converged %.2f s after the writes", disjoint.appliedPerSec(),
                disjoint.convergedSeconds());
            Run conflict = runOnce(context, a, b, "con", true);
            Progress.log("7: same documents: %.0f ops/s applied, converged %.2f s after the writes, %d rebases",
                conflict.appliedPerSec(), conflict.convergedSeconds(), conflict.rebases());
            figures(mode, conflict, disjoint).forEach(result::add);
            result.detail("rebaseDepth", depthSummary(conflict.depth()));
            result.detail("rebaseDepthBuckets", buckets(conflict.depth()));
            result.detail("offeredPerReactorOpsPerSec", mode.conflictRatePerReactor());
            result.detail("achievedOpsPerSecA", Math.round(conflict.achievedA()));
            result.detail("achievedOpsPerSecB", Math.round(conflict.achievedB()));
            result.detail("operationsWritten", conflict.offered());
            Map<String, Object> counted = new LinkedHashMap<>();
            counted.put("sameDocuments", conflict.counts().summary());
            counted.put("disjointDocuments", disjoint.counts().summary());
            result.detail("countedUntilConverged", counted);
            result.note(String.format(Locale.ROOT, "Two reactors on two clusters, %d one-action PATCH jobs/s offered to each for %d s "
                    + "(the same JSON member, random document among %d); applied/s = operations in effect appended at both "
                    + "reactors (each operation counts once per reactor) / time from the first write until converged.",
                mode.conflictRatePerReactor(), mode.conflictSeconds(), DOCUMENTS));
            result.note("Operations are exchanged by the sync connector, both ways (ping-pong): on each cluster a dedicated-mode "
                + "connector in its own JVM pulls the other reactor's event bus into the local queue, with its defaults "
                + "(echoes become SYNC_ACK jobs, re-applied copies are skipped).");
            result.note("Counted: written = operations the clients wrote at both reactors (creations + patches); re-applied "
                + "per written op = entries marked re-applied on A's and B's event bus / written (since Operation v2 a late "
                + "operation is written once, with behind = the operations after it, so this is 0); re-applied in memory = "
                + "the reactors' kafka_stream_reactor_operations_reapplied_total counters at convergence / written: CPU work, "
                + "not records (held to the same target, at most 1); spared = kafka_stream_reactor_operations_spared_total / "
                + "written: operations after a late one that were not re-applied because the next one in effect overwrote "
                + "the same member; bookkeeping changelog records = records on both reactors' reactor-<id>-merge-changelog "
                + "(stream heads, effective entries; Streams' record cache folds repeated writes of a key within a "
                + "commit) and reactor-<id>-ids-changelog (the id index, one record per operation a reactor took in) / written; "
                + "event-bus records per "
                + "written op = records on A's and B's event bus / (2 x written), i.e. per event bus, each of which holds every "
                + "written operation once at best; both read with a read_committed consumer from each bus's start up to its "
                + "read_committed end offsets taken when convergence was seen (end offsets alone would count transaction "
                + "markers). Converged = both reactors show every document at the revision of the operations written, with "
                + "equal hashes; its time runs from the end of the writes (both writers flushed), its ratio is against the "
                + "disjoint run; the 5 s target applies in full mode only.");
        }
    }

    /** The scenario's rows: its figures with the disjoint baseline and the targets. */
    static List<Row> figures(Mode mode, Run conflict, Run disjoint) {
        List<Row> rows = new ArrayList<>();
        rows.add(Row.compared("operations applied/s (both reactors, local + remote)", "ops/s", SAME,
            conflict.appliedPerSec(), DISJOINT, disjoint.appliedPerSec(), null));
        rows.add(Row.compared("time until converged after writes stop", "s", SAME,
            conflict.convergedSeconds(), DISJOINT, disjoint.convergedSeconds(), Target.ratioAtMost(1.5)));
        rows.add(Row.value("insertions (entries with behind > 0 or skip > 0)", "count", SAME, conflict.rebases(), null));
        rows.add(Row.value("re-applied copies on the event buses", "count", SAME, conflict.reapplied(), null));
        rows.add(Row.compared("re-applied operations per written operation (copies on the event buses)", PER_WRITTEN, SAME,
            conflict.counts().reappliedPerWritten(), DISJOINT, disjoint.counts().reappliedPerWritten(),
            Target.valueAtMost(1, PER_WRITTEN)));
        rows.add(Row.compared("operations re-applied in memory per written operation", PER_WRITTEN, SAME,
            conflict.reappliedInMemoryPerWritten(), DISJOINT, disjoint.reappliedInMemoryPerWritten(),
            Target.valueAtMost(1, PER_WRITTEN)));
        rows.add(Row.compared("operations spared re-applying (an add of the same member overwrote the late one) per written operation",
            PER_WRITTEN, SAME, conflict.sparedPerWritten(), DISJOINT, disjoint.sparedPerWritten(), null));
        rows.add(Row.compared("bookkeeping changelog records per written operation (both reactors)", PER_WRITTEN, SAME,
            conflict.bookkeepingPerWritten(), DISJOINT, disjoint.bookkeepingPerWritten(), null));
        rows.add(Row.compared("event-bus records per written operation, per event bus", PER_WRITTEN, SAME,
            conflict.counts().recordsPerWrittenPerBus(), DISJOINT, disjoint.counts().recordsPerWrittenPerBus(),
            Target.valueAtMost(1.2, PER_WRITTEN)));
        if (Mode.FULL.name().equals(mode.name())) {
            rows.add(Row.value("time from the last write until converged (full mode)", "s", SAME, conflict.convergedSeconds(),
                Target.valueAtMost(5, "s")));
        }
        return rows;
    }

    private Run runOnce(BenchContext context, Cluster a, Cluster b, String tag, boolean shared) throws Exception {
        Mode mode = context.mode();
        String idA = tag + "-a";
        String idB = tag + "-b";
        String busA = TopicNames.eventBus(idA);
        String busB = TopicNames.eventBus(idB);
        a.createTopic(TopicNames.queue(idA), Components.PARTITIONS);
        b.createTopic(TopicNames.queue(idB), Components.PARTITIONS);
        Histogram depth = new Histogram(3);
        AtomicLong rebases = new AtomicLong();
        AtomicLong reapplied = new AtomicLong();
        AtomicLong applied = new AtomicLong();
        ChildJvm reactorA = Components.startReactor(context, "conflict-" + idA,
            Components.reactorConfig(idA, a.bootstrapServers(), context.work("conflict/" + idA)));
        ChildJvm reactorB = Components.startReactor(context, "conflict-" + idB,
            Components.reactorConfig(idB, b.bootstrapServers(), context.work("conflict/" + idB)));
        List<ChildJvm> connectors = new ArrayList<>();
        try (TopicWatcher watchA = TopicWatcher.start(a.bootstrapServers(), busA, r -> observe(r, depth, rebases, reapplied, applied));
             TopicWatcher watchB = TopicWatcher.start(b.bootstrapServers(), busB, r -> observe(r, depth, rebases, reapplied, applied));
             KafkaProducer<String, Job> producerA = a.jobProducer();
             KafkaProducer<String, Job> producerB = b.jobProducer()) {
            int portA = ChildJvm.httpPort(reactorA.awaitReady(Duration.ofMinutes(2)));
            int portB = ChildJvm.httpPort(reactorB.awaitReady(Duration.ofMinutes(2)));
            // Ping-pong: on each cluster a connector pulls the other reactor's event bus into the local queue.
            connectors.add(SyncRig.startConnector(context, "conflict-" + tag + "-sync-b", b, idB, a, idA));
            connectors.add(SyncRig.startConnector(context, "conflict-" + tag + "-sync-a", a, idA, b, idB));
            Jobs jobsA = new Jobs(idA);
            Jobs jobsB = new Jobs(idB);
            List<String> docsA = new ArrayList<>();
            List<String> docsB = new ArrayList<>();
            for (int d = 0; d < DOCUMENTS; d++) {
                docsA.add(shared ? "s-" + d : "a-" + d);
                docsB.add(shared ? "s-" + d : "b-" + d);
            }
            for (String doc : docsA) {
                Job create = jobsA.create(doc);
                producerA.send(new ProducerRecord<>(TopicNames.queue(idA), doc, create));
            }
            if (!shared) {
                for (String doc : docsB) {
                    Job create = jobsB.create(doc);
                    producerB.send(new ProducerRecord<>(TopicNames.queue(idB), doc, create));
                }
            }
            producerA.flush();
            producerB.flush();
            List<String> all = new ArrayList<>(docsA);
            docsB.stream().filter(d -> !all.contains(d)).forEach(all::add);
            for (String doc : all) {
                Http.awaitOk(portA, "/documents/" + doc, Duration.ofMinutes(2));
                Http.awaitOk(portB, "/documents/" + doc, Duration.ofMinutes(2));
            }
            long created = shared ? docsA.size() : docsA.size() + docsB.size();
            try (CommittedRecords countA = CommittedRecords.open(a.bootstrapServers(), busA);
                 CommittedRecords countB = CommittedRecords.open(b.bootstrapServers(), busB);
                 // The merge's bookkeeping: heads and effective pages (merge store), the id index (ids store).
                 CommittedRecords headsA = CommittedRecords.open(a.bootstrapServers(), TopicNames.changelog(idA, StoreNames.MERGE));
                 CommittedRecords headsB = CommittedRecords.open(b.bootstrapServers(), TopicNames.changelog(idB, StoreNames.MERGE));
                 CommittedRecords idsA = CommittedRecords.open(a.bootstrapServers(), TopicNames.changelog(idA, StoreNames.IDS));
                 CommittedRecords idsB = CommittedRecords.open(b.bootstrapServers(), TopicNames.changelog(idB, StoreNames.IDS))) {
                long appliedBefore = applied.get();
                Random randomA = new Random(1);
                Random randomB = new Random(2);
                int rate = mode.conflictRatePerReactor();
                long start = System.nanoTime();
                RateLimitedWriter writerA = new RateLimitedWriter(producerA, TopicNames.queue(idA), jobsA,
                    i -> docsA.get(randomA.nextInt(DOCUMENTS)), "x").start(rate, mode.conflictSeconds());
                RateLimitedWriter writerB = new RateLimitedWriter(producerB, TopicNames.queue(idB), jobsB,
                    i -> docsB.get(randomB.nextInt(DOCUMENTS)), "x").start(rate, mode.conflictSeconds());
                writerA.await();
                writerB.await();
                long stopped = System.nanoTime();
                Map<String, Long> expected = new LinkedHashMap<>();
                for (String doc : all) {
                    long n = count(writerA, doc) + count(writerB, doc);
                    expected.put(doc, n);
                }
                awaitConverged(portA, portB, expected, Duration.ofMinutes(10), connectors);
                long converged = System.nanoTime();
                Map<TopicPartition, Long> endA = countA.endOffsets();
                Map<TopicPartition, Long> endB = countB.endOffsets();
                double seconds = (converged - start) / 1e9;
                double appliedPerSec = (applied.get() - appliedBefore) / seconds;
                long rebaseCount = rebases.get();
                long reappliedCount = reapplied.get();
                long offered = writerA.sent() + writerB.sent();
                ConflictCounts counts = new ConflictCounts(created + offered, tally(countA, endA), tally(countB, endB));
                double inMemory = Http.metricSum(portA, REAPPLIED_METRIC) + Http.metricSum(portB, REAPPLIED_METRIC);
                double spared = Http.metricSum(portA, SPARED_METRIC) + Http.metricSum(portB, SPARED_METRIC);
                long bookkeeping = 0;
                for (CommittedRecords changelog : List.of(headsA, headsB, idsA, idsB)) {
                    bookkeeping += changelog.readUpTo(changelog.endOffsets(), COUNT_TIMEOUT, r -> { });
                }
                return new Run(appliedPerSec, (converged - stopped) / 1e9, offered, writerA.achievedRate(),
                    writerB.achievedRate(), rebaseCount, reappliedCount, depth, counts, inMemory, spared,
                    bookkeeping);
            }
        } finally {
            connectors.forEach(c -> {
                c.stop();
                c.close();
            });
            reactorA.stop();
            reactorB.stop();
            reactorA.close();
            reactorB.close();
        }
    }

    /** Counts what an event bus received up to {@code end} (its end offsets when convergence was seen). */
    private EventBusTally tally(CommittedRecords bus, Map<TopicPartition, Long> end) {
        EventBusTally tally = new EventBusTally();
        bus.readUpTo(end, COUNT_TIMEOUT, record -> {
            if (record.value() == null) {
                tally.addTombstone();
            } else {
                Operation op = operations.decode(record.value());
                tally.addOperation(op.getScope(), op.getReapplied());
            }
        });
        return tally;
    }

    private static long count(RateLimitedWriter writer, String doc) {
        AtomicLong n = writer.perDocument().get(doc);
        return n == null ? 0 : n.get();
    }

    private void observe(ConsumerRecord<String, byte[]> record, Histogram depth, AtomicLong rebases, AtomicLong reapplied,
                         AtomicLong applied) {
        if (record.value() == null) {
            return;
        }
        Operation op = operations.decode(record.value());
        if (!Scopes.GLOBAL.equals(op.getScope())) {
            return;
        }
        int insertedBefore = Math.max(op.getSkip(), op.getBehind());
        if (insertedBefore > 0) {
            rebases.incrementAndGet();
            synchronized (depth) {
                depth.recordValue(insertedBefore);
            }
        }
        if (op.getReapplied()) {
            reapplied.incrementAndGet();
        } else {
            applied.incrementAndGet();
        }
    }

    /** Waits until both reactors show, for every document, the same global hash and every operation in effect. */
    private static void awaitConverged(int portA, int portB, Map<String, Long> expected, Duration timeout,
                                       List<ChildJvm> connectors) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (Map.Entry<String, Long> doc : expected.entrySet()) {
                JsonNode x = Http.json(portA, "/documents/" + doc.getKey());
                JsonNode y = x == null ? null : Http.json(portB, "/documents/" + doc.getKey());
                if (x == null || y == null || x.path("revision").path(Scopes.GLOBAL).asLong(-1) != doc.getValue()
                    || y.path("revision").path(Scopes.GLOBAL).asLong(-1) != doc.getValue()
                    || !x.path("hash").path(Scopes.GLOBAL).asText().equals(y.path("hash").path(Scopes.GLOBAL).asText())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            for (ChildJvm connector : connectors) {
                connector.checkAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reactors did not converge within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static Map<String, Object> depthSummary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            m.put("p50", h.getValueAtPercentile(50));
            m.put("p90", h.getValueAtPercentile(90));
            m.put("p99", h.getValueAtPercentile(99));
            m.put("max", h.getMaxValue());
            m.put("mean", Math.round(h.getMean() * 10) / 10.0);
        }
        return m;
    }

    /** Counts per power-of-two bucket of depth: 1, 2-3, 4-7, ... */
    static Map<String, Long> buckets(Histogram h) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (long low = 1; low <= Math.max(1, h.getMaxValue()); low *= 2) {
            long high = low * 2 - 1;
            long n = h.getCountBetweenValues(low, high);
            buckets.put(low == high ? Long.toString(low) : low + "-" + high, n);
        }
        return buckets;
    }
}
