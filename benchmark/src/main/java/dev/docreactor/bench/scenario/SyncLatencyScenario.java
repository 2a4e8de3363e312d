package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.Mode;
import dev.docreactor.bench.Progress;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.child.CompilerActivity;
import dev.docreactor.bench.load.Cluster;
import dev.docreactor.bench.load.Jobs;
import dev.docreactor.bench.load.Progression;
import dev.docreactor.bench.load.RateLimitedWriter;
import dev.docreactor.bench.load.TopicWatcher;
import dev.docreactor.bench.report.Latency;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import dev.docreactor.bench.sync.SyncConfigs;
import dev.docreactor.contract.TopicNames;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Scenario 3: latency from "action accepted at A" (the time the job is handed to A's queue producer,
 * stored in the action) to "operation applied at B" (seen on B's event bus), p50/p99/p99.9 with
 * HdrHistogram, at fixed offered loads; next to MirrorMaker 2's copy of A's event bus under the same
 * load (accepted at A → the operation's record seen in the copy on B), and to reactor A alone (accepted
 * → on A's event bus) for reference. Reactors, connector and MirrorMaker 2 each run in their own JVM;
 * the clocks are the benchmark process's. The connector path is broken down per operation
 * ({@link LatencyBreakdown}): A's commit, the channel's pull and write, B's queue and B's commit, each
 * from times seen on the topics (the LOAD job's record timestamp and its result's completion time are
 * the connector's and reactor B's clocks, on the same machine).
 */
public final class SyncLatencyScenario implements Scenario {

    private static final int DOCUMENTS = 100;
    /**
     * Load of the unrecorded warm-up before each system's measured loads (JIT, connections, caches); its length is
     * from the mode's {@link Mode#latencyWarmUpSeconds} to its {@link Mode#latencyWarmUpMaxSeconds}, until the JIT
     * compilers settle.
     */
    private static final int WARM_UP_LOAD = 1_000;
    /** Seconds of each further warm-up slice once the least warm-up is over, after which the compilers are looked at. */
    private static final int WARM_UP_SLICE_SECONDS = 5;
    /**
     * The compilers have settled when no JVM of the phase (the benchmark's own, which hosts the brokers, included)
     * spent more than this share of a core compiling during the last slice.
     */
    static final double SETTLED_COMPILER_SHARE = 0.10;
    /** The paths an operation is timed on: to B's event bus, to A's, to MirrorMaker 2's copy. */
    private static final List<String> PATHS = List.of("sync", "local", "mirror");
    /** Operations the batching connector variant waits for after each pull that returned some. */
    static final int BATCHING_TARGET_OPERATIONS = 200;
    private static final RecordFormat<Operation> OPERATIONS = AvroSerdes.operation().format();
    private static final RecordFormat<Job> JOBS = AvroSerdes.job().format();
    private static final RecordFormat<JobResult> RESULTS = AvroSerdes.jobResult().format();
    /** How long the breakdown waits for its watchers once every operation of a load arrived at B. */
    private static final long BREAKDOWN_WAIT_MS = 5_000;

    /** Histograms by action-id prefix (one prefix per system and load), in microseconds. */
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    /** Operations offered per histogram key, and the rate actually offered. */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Double> achieved = new ConcurrentHashMap<>();
    /** Histogram keys whose operations did not all arrive within the wait. */
    private final List<String> incomplete = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Seconds of warm-up each system's phase took, by its label. */
    private final Map<String, Integer> warmUps = new java.util.LinkedHashMap<>();
    /** The connector path's stages per operation: where its latency goes. */
    private final LatencyBreakdown breakdown = new LatencyBreakdown();

    @Override
    public int id() {
        return 3;
    }

    @Override
    public String title() {
        return "Sync latency (connector vs MirrorMaker 2)";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) throws Exception {
        Mode mode = context.mode();
        String aId = "lat-a";
        String bId = "lat-b";
        try (Cluster a = Cluster.start("A", context.work("sync-latency/kafka-a"));
             Cluster b = Cluster.start("B", context.work("sync-latency/kafka-b"))) {
            ChildJvm reactorA = SyncRig.startReactor(context, aId, a);
            ChildJvm reactorB = SyncRig.startReactor(context, bId, b);
            List<TopicWatcher> watchers = new ArrayList<>();
            try (KafkaProducer<String, Job> producer = a.jobProducer()) {
                SyncRig.loadReactor(a, aId, DOCUMENTS, 0, 1);
                Progression appliedAtB = new Progression();
                Progression copied = new Progression();
                Progression onA = new Progression();
                watchers.add(TopicWatcher.start(a.bootstrapServers(), TopicNames.eventBus(aId), r -> record(r, "local", onA)));
                watchers.add(TopicWatcher.start(b.bootstrapServers(), TopicNames.eventBus(bId), r -> record(r, "sync", appliedAtB)));
                watchers.add(TopicWatcher.start(b.bootstrapServers(), SyncConfigs.mirroredTopic("latm", TopicNames.eventBus(aId)),
                    r -> record(r, "mirror", copied)));
                watchers.add(TopicWatcher.start(b.bootstrapServers(), TopicNames.queue(bId), this::loadJobAtB));
                watchers.add(TopicWatcher.start(b.bootstrapServers(), TopicNames.jobResults(bId), this::jobResultAtB));

                List<ChildJvm> reactors = List.of(reactorA, reactorB);
                connectorPhase(context, result, a, b, aId, bId, producer, appliedAtB, reactors, "lat-c", "c", "sync connector", Map.of(), true);
                if (mode.extras()) {
                    connectorPhase(context, result, a, b, aId, bId, producer, appliedAtB, reactors, "lat-c-batching", "t",
                        "sync connector, scheduler.target.batch.operations=" + BATCHING_TARGET_OPERATIONS,
                        Map.of("remote." + aId + ".scheduler.target.batch.operations", Integer.toString(BATCHING_TARGET_OPERATIONS)),
                        false);
                }

                ChildJvm mm2 = SyncRig.startMirrorMaker(context, "latm", a, aId, b);
                try {
                    awaitCaughtUp(copied, onA, Duration.ofMinutes(5));
                    warmUp(mode, producer, aId, "mw", "mirror", "MirrorMaker 2", List.of(reactorA, reactorB), mm2);
                    for (int load : mode.latencyLoads()) {
                        offer(producer, aId, "m" + load, load, mode.latencySeconds(), "mirror", mm2);
                        result.add(latency("MirrorMaker 2: accepted at A -> copied to B", "m" + load, "mirror", load));
                        result.add(latency("reactor A alone (MirrorMaker 2 phase)", "m" + load, "local", load));
                        Progress.log("3: %d ops/s: MirrorMaker 2 p99 %.1f ms", load, percentile("mirror", "m" + load, 99));
                    }
                    context.recordMemory("3/mirrormaker", mm2.stop());
                } finally {
                    mm2.close();
                }
            } finally {
                SyncRig.closeAll(watchers);
                context.recordMemory("3/reactor", reactorA.stop());
                reactorB.stop();
                reactorA.close();
                reactorB.close();
            }
        }
        result.detail("warmUpSeconds", Map.copyOf(warmUps));
        for (Latency l : result.latencies()) {
            if (l.system().equals("sync connector: accepted at A -> applied at B")) {
                Latency mirror = result.latencies().stream().filter(m -> m.system().startsWith("MirrorMaker")
                    && m.offeredOpsPerSec() == l.offeredOpsPerSec()).findFirst().orElse(null);
                Target target = l.offeredOpsPerSec() == 1000 ? Target.valueAtMost(100, "ms") : null;
                if (mirror != null) {
                    result.add(Row.compared("p99 latency @" + l.offeredOpsPerSec() + " ops/s", "ms", "sync connector", l.p99Ms(),
                        "MirrorMaker 2", mirror.p99Ms(), target));
                } else {
                    result.add(Row.value("p99 latency @" + l.offeredOpsPerSec() + " ops/s", "ms", "sync connector", l.p99Ms(), target));
                }
            }
        }
        if (!incomplete.isEmpty()) {
            result.note("Not every operation arrived within the wait (max(60 s, 4 x the load's duration)) after the load; the "
                + "percentiles cover those that did, so they understate the tail: " + String.join("; ", incomplete));
        }
        result.note("Each system first gets an unrecorded warm-up at " + WARM_UP_LOAD + " ops/s, in its own phase, of at least "
            + mode.latencyWarmUpSeconds() + " s and then until the JIT compilers of the phase's JVMs (the benchmark's, which "
            + "hosts both brokers, the reactors' and the system's) settle below " + Math.round(SETTLED_COMPILER_SHARE * 100)
            + "% of a core each (CPU of their compiler threads from /proc, per " + WARM_UP_SLICE_SECONDS + " s slice), at most "
            + mode.latencyWarmUpMaxSeconds() + " s: just-started JVMs compile for about two minutes, each with a compiler "
            + "thread on the two cores the measured path shares. Warm-up taken, seconds: " + warmUps + ". "
            + "The connector runs with its defaults: each pull long-polls A's event bus and returns as soon as records are "
            + "committed there, with no pause while operations flow. In full mode a second connector row waits after each "
            + "pull for a batch of scheduler.target.batch.operations=" + BATCHING_TARGET_OPERATIONS + " operations at the "
            + "current rate (fewer, larger LOAD jobs), to show what batching costs in latency.");
        result.note(String.format(Locale.ROOT, "Offered loads %s operations/s for %d s each, PATCH jobs of max(1, load/1000) actions "
                + "over %d documents into A's queue; latency = time the operation is seen (on B's event bus / in MirrorMaker 2's copy "
                + "on B / on A's event bus) minus the time its job was handed to the producer. Connector and MirrorMaker 2 run "
                + "one after the other on the same reactors and clusters; both paths include reactor A's processing.",
            mode.latencyLoads(), mode.latencySeconds(), DOCUMENTS));
    }

    /**
     * Waits until MirrorMaker 2 has copied every operation on A's event bus (so its measured loads do not
     * queue behind the earlier phases' backlog), or, failing that, until its copy has stopped growing.
     */
    private static void awaitCaughtUp(Progression copied, Progression onA, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (copied.value() < onA.value() && System.nanoTime() < deadline) {
            long now = copied.value();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 15_000_000_000L) {
                Progress.log("3: MirrorMaker 2 copied %d of %d operations and stopped growing; measuring from here",
                    now, onA.value());
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Runs the offered loads with one connector configuration: warm-up, then each load. */
    private void connectorPhase(BenchContext context, ScenarioResult result, Cluster a, Cluster b, String aId, String bId,
                                KafkaProducer<String, Job> producer, Progression appliedAtB, List<ChildJvm> reactors,
                                String name, String tag, String label,
                                Map<String, String> overrides, boolean recordMemory) throws InterruptedException {
        Mode mode = context.mode();
        // The same sync name in every phase: a restarted connector resumes from its committed offsets.
        Map<String, Object> config = SyncConfigs.connector("lat-c", b.bootstrapServers(), bId, a.bootstrapServers(), aId);
        config.putAll(overrides);
        ChildJvm sync = ChildJvm.start(name, "connector", config, context.logDir(), ChildJvm.DEFAULT_JVM_OPTIONS);
        try {
            sync.awaitReady(Duration.ofMinutes(3));
            SyncRig.await(appliedAtB, DOCUMENTS, Duration.ofMinutes(2), sync);
            warmUp(mode, producer, aId, tag + "w", "sync", label, reactors, sync);
            for (int load : mode.latencyLoads()) {
                breakdown.track(tag + load);
                offer(producer, aId, tag + load, load, mode.latencySeconds(), "sync", sync);
                result.add(latency(label + ": accepted at A -> applied at B", tag + load, "sync", load));
                result.add(latency("reactor A alone (" + label + " phase)", tag + load, "local", load));
                Progress.log("3: %d ops/s: %s p99 %.1f ms", load, label, percentile("sync", tag + load, 99));
                breakdown.awaitComplete(tag + load, count("sync", tag + load), BREAKDOWN_WAIT_MS);
                reportBreakdown(result, label, load, breakdown.summarize(tag + load));
            }
            ChildJvm.MemoryPeaks peaks = sync.stop();
            if (recordMemory) {
                context.recordMemory("3/connector", peaks);
            }
        } finally {
            sync.close();
        }
    }

    /**
     * The unrecorded warm-up of a phase: the mode's least warm-up at {@link #WARM_UP_LOAD} ops/s, then slices of
     * {@link #WARM_UP_SLICE_SECONDS} until the JIT compilers of the benchmark's JVM, the {@code reactors}' and the
     * {@code system}'s settled (each below {@link #SETTLED_COMPILER_SHARE} of a core in the last slice) or the mode's
     * most is reached. Just-started JVMs compile for minutes on two cores, and the measured loads are to meet running
     * systems, not compiling ones. A slice's counts are dropped once it is over: nothing reports them.
     */
    private void warmUp(Mode mode, KafkaProducer<String, Job> producer, String aId, String prefix, String path, String label,
                        List<ChildJvm> reactors, ChildJvm system) throws InterruptedException {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        reactors.forEach(jvm -> pids.add(jvm.pid()));
        pids.add(system.pid());
        CompilerActivity compilers = CompilerActivity.watch(pids);
        offer(producer, aId, prefix, WARM_UP_LOAD, mode.latencyWarmUpSeconds(), path, system);
        forget(prefix);
        int seconds = mode.latencyWarmUpSeconds();
        double busiest = compilers.busiestShare();
        for (int slice = 1; busiest > SETTLED_COMPILER_SHARE && seconds < mode.latencyWarmUpMaxSeconds(); slice++) {
            offer(producer, aId, prefix + slice, WARM_UP_LOAD, WARM_UP_SLICE_SECONDS, path, system);
            forget(prefix + slice);
            seconds += WARM_UP_SLICE_SECONDS;
            busiest = compilers.busiestShare();
        }
        String settled = busiest < 0 ? "compiler activity unknown (no /proc)"
            : String.format(Locale.ROOT, "busiest JIT compiler %.0f%% of a core in the last slice%s", busiest * 100,
                busiest > SETTLED_COMPILER_SHARE ? ", not settled within the most" : "");
        warmUps.put(label, seconds);
        Progress.log("3: %s: warmed up for %d s at %d ops/s (%s)", label, seconds, WARM_UP_LOAD, settled);
    }

    /** Drops what {@link #offer} kept for {@code prefix}; operations of it seen later are not recorded. */
    private void forget(String prefix) {
        for (String p : PATHS) {
            histograms.remove(p + "/" + prefix);
            sent.remove(p + "/" + prefix);
            achieved.remove(p + "/" + prefix);
        }
    }

    private void offer(KafkaProducer<String, Job> producer, String aId, String prefix, int load, int seconds, String path,
                       ChildJvm... watched)
        throws InterruptedException {
        int perJob = Math.max(1, load / 1000);
        Jobs jobs = new Jobs(prefix);
        for (String p : PATHS) {
            histograms.put(p + "/" + prefix, new Histogram(3_600_000_000L, 3));
        }
        RateLimitedWriter writer = new RateLimitedWriter(producer, TopicNames.queue(aId), jobs, i -> "doc-" + (i % DOCUMENTS), "n")
            .start(load, seconds, perJob);
        writer.await();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(60, seconds * 4L)).toNanos();
        while (count(path, prefix) < writer.sent() && System.nanoTime() < deadline) {
            for (ChildJvm component : watched) {
                component.checkAlive();
            }
            Thread.sleep(50);
        }
        sent.put(path + "/" + prefix, writer.sent());
        achieved.put(path + "/" + prefix, writer.achievedRate());
    }

    /**
     * Adds a row per segment of the connector path (p50/p99 of each) and a note saying what the slowest
     * 1 % of the operations spent in each on average: where the p99 goes.
     */
    private static void reportBreakdown(ScenarioResult result, String label, int load, LatencyBreakdown.Summary summary) {
        List<String> parts = new ArrayList<>();
        for (LatencyBreakdown.Segment segment : LatencyBreakdown.Segment.values()) {
            result.add(Latency.of(label + " breakdown: " + segment.label(), load, load, summary.segments().get(segment)));
            Double tail = summary.tailMeanMs().get(segment);
            if (tail != null) {
                parts.add(String.format(Locale.ROOT, "%s %.0f ms", segment.label(), tail));
            }
        }
        Progress.log("3: %d ops/s: %s, slowest 1 %%: %s", load, label, String.join(", ", parts));
        result.note(String.format(Locale.ROOT, "Breakdown of %s at %d ops/s (%d of %d operations seen at every stage, "
                + "accepted -> on B p50/p99 %.0f/%.0f ms; %d segment(s) observed out of order counted as 0): the slowest 1 %% "
                + "spent on average %s.", label, load, summary.complete(), summary.seen(),
            summary.total().getValueAtPercentile(50) / 1000.0, summary.total().getValueAtPercentile(99) / 1000.0,
            summary.outOfOrder(), parts.isEmpty() ? "(no operation seen at every stage)" : String.join(", ", parts)));
    }

    /** A LOAD job on B's queue: when the connector stamped it and when it became visible, for the breakdown. */
    private void loadJobAtB(ConsumerRecord<String, byte[]> record) {
        long now = System.currentTimeMillis();
        if (record.value() == null) {
            return;
        }
        Job job = JOBS.decode(record.value());
        if (job.getKind() != JobKind.LOAD) {
            return;
        }
        List<String> actionIds = new ArrayList<>(job.getOperations().size());
        for (Operation op : job.getOperations()) {
            if (!op.getReapplied()) {
                actionIds.add(op.getAction().getId());
            }
        }
        breakdown.loadJob(job.getJobId(), actionIds, record.timestamp(), now);
    }

    /** A job result of B: when B's executor applied the job, for the breakdown. */
    private void jobResultAtB(ConsumerRecord<String, byte[]> record) {
        if (record.value() != null) {
            JobResult jobResult = RESULTS.decode(record.value());
            breakdown.jobResult(jobResult.getJobId(), jobResult.getCompletedUtcMs());
        }
    }

    private void record(ConsumerRecord<String, byte[]> record, String path, Progression progression) {
        if (record.value() == null) {
            return;
        }
        Operation op = OPERATIONS.decode(record.value());
        if (op.getReapplied()) {
            return;
        }
        if (progression != null) {
            progression.add(1);
        }
        String actionId = op.getAction().getId();
        int dash = actionId.lastIndexOf('-');
        if (dash <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!path.equals("mirror")) {
            breakdown.stage(actionId, LatencyBreakdown.Stage.ACCEPTED, op.getAction().getTimestampUtcMs());
            breakdown.stage(actionId, path.equals("local") ? LatencyBreakdown.Stage.ON_A : LatencyBreakdown.Stage.ON_B, now);
        }
        Histogram h = histograms.get(path + "/" + actionId.substring(0, dash));
        if (h != null) {
            long micros = Math.max(0, (now - op.getAction().getTimestampUtcMs()) * 1000);
            synchronized (h) {
                h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
            }
        }
    }

    private long count(String path, String prefix) {
        Histogram h = histograms.get(path + "/" + prefix);
        synchronized (h) {
            return h.getTotalCount();
        }
    }

    private double percentile(String path, String prefix, double p) {
        Histogram h = histograms.get(path + "/" + prefix);
        synchronized (h) {
            return h.getValueAtPercentile(p) / 1000.0;
        }
    }

    private Latency latency(String system, String prefix, String path, int load) {
        String key = path + "/" + prefix;
        Histogram h = histograms.get(key);
        String offeredKey = sent.keySet().stream().filter(k -> k.endsWith("/" + prefix)).findFirst().orElse(key);
        long offered = sent.getOrDefault(offeredKey, 0L);
        synchronized (h) {
            if (h.getTotalCount() < offered) {
                incomplete.add(system + " @" + load + " ops/s: " + h.getTotalCount() + " of " + offered);
            }
            return Latency.of(system, load, achieved.getOrDefault(offeredKey, (double) load), h.copy());
        }
    }
}
