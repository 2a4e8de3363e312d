package dev.docreactor.bench.scenario;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Where the time of "accepted at A → applied at B" goes, per operation, from what can be observed outside
 * the systems: the stages are the times an operation is seen (or stamped) on the way, the segments the
 * differences between consecutive stages. Operations are told apart by action id; only the runs
 * {@link #track}ed are kept, and {@link #summarize} hands a run's figures back and forgets it.
 * Thread-safe: each watcher thread reports its stage.
 */
final class LatencyBreakdown {

    /** The observable stages of one operation, in the order they happen. */
    enum Stage {
        /** The job was handed to A's queue producer (the action's timestamp). */
        ACCEPTED,
        /** Seen on A's event bus by a read_committed reader: A committed it. */
        ON_A,
        /** The timestamp of its LOAD job record on B's queue: the connector stamps it when it converts a pull. */
        PULLED,
        /** Its LOAD job seen on B's queue by a read_committed reader: the connector's transaction committed. */
        ON_B_QUEUE,
        /** The completion time in the LOAD job's result: B's executor applied it. */
        APPLIED_AT_B,
        /** Seen on B's event bus by a read_committed reader: B committed it. */
        ON_B
    }

    /** A segment: the time from its stage to the next. */
    enum Segment {
        A_COMMIT("A's commit (accepted -> on A's event bus)", Stage.ACCEPTED, Stage.ON_A),
        CHANNEL_PULL("channel: pull (on A's event bus -> LOAD job stamped)", Stage.ON_A, Stage.PULLED),
        CHANNEL_WRITE("channel: write (stamped -> on B's queue)", Stage.PULLED, Stage.ON_B_QUEUE),
        B_QUEUE("B's queue (on B's queue -> applied by B)", Stage.ON_B_QUEUE, Stage.APPLIED_AT_B),
        B_COMMIT("B's commit (applied by B -> on B's event bus)", Stage.APPLIED_AT_B, Stage.ON_B);

        private final String label;
        private final Stage from;
        private final Stage to;

        Segment(String label, Stage from, Stage to) {
            this.label = label;
            this.from = from;
            this.to = to;
        }

        /** What the segment covers. */
        String label() {
            return label;
        }
    }

    /**
     * A run's figures.
     *
     * @param segments per segment, its durations in microseconds (negative ones, from clocks read on
     *                 different threads, as 0)
     * @param total accepted → on B of the operations every stage was seen for, in microseconds
     * @param complete operations every stage was seen for
     * @param seen operations of the run seen at all
     * @param tailMeanMs per segment, its mean in ms over the operations whose total is at least the total's p99
     * @param outOfOrder segment durations that were negative (counted as 0)
     */
    record Summary(Map<Segment, Histogram> segments, Histogram total, long complete, long seen,
                   Map<Segment, Double> tailMeanMs, long outOfOrder) {
    }

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    /** Per tracked run prefix, per action id, the stage times in epoch ms (0: not seen). */
    private final Map<String, Map<String, long[]>> runs = new HashMap<>();
    /** Per tracked run prefix, how many of its operations every stage was seen for. */
    private final Map<String, Long> completeCounts = new HashMap<>();
    /** Action ids of LOAD jobs seen on B's queue whose result was not seen yet. */
    private final Map<String, List<String>> pendingJobs = new HashMap<>();
    /** Completion times of LOAD jobs whose result was seen before the job itself. */
    private final Map<String, Long> earlyResults = new HashMap<>();

    /** Keeps the stages of operations whose action id is {@code prefix-<n>}. */
    synchronized void track(String prefix) {
        runs.put(prefix, new HashMap<>());
        completeCounts.put(prefix, 0L);
    }

    /**
     * Waits until every stage was seen for {@code operations} operations of the run {@code prefix}, at
     * most {@code timeoutMs}: the watchers of the stages follow their topics independently.
     *
     * @return whether they were
     */
    synchronized boolean awaitComplete(String prefix, long operations, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (completeCounts.getOrDefault(prefix, 0L) < operations) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The operation of {@code actionId} reached {@code stage} at {@code epochMs}; ignored unless its run is tracked. */
    synchronized void stage(String actionId, Stage stage, long epochMs) {
        long[] stamps = stamps(actionId);
        if (stamps != null && stamps[stage.ordinal()] == 0) {
            stamps[stage.ordinal()] = Math.max(1, epochMs);
            if (isComplete(stamps)) {
                completeCounts.merge(actionId.substring(0, actionId.lastIndexOf('-')), 1L, Long::sum);
                notifyAll();
            }
        }
    }

    /**
     * A LOAD job was seen on B's queue at {@code seenMs}, its record stamped {@code stampedMs}, carrying
     * the operations of {@code actionIds}.
     */
    synchronized void loadJob(String jobId, List<String> actionIds, long stampedMs, long seenMs) {
        List<String> tracked = new ArrayList<>(actionIds.size());
        for (String actionId : actionIds) {
            if (stamps(actionId) != null) {
                tracked.add(actionId);
                stage(actionId, Stage.PULLED, stampedMs);
                stage(actionId, Stage.ON_B_QUEUE, seenMs);
            }
        }
        if (tracked.isEmpty()) {
            return;
        }
        Long completed = earlyResults.remove(jobId);
        if (completed != null) {
            tracked.forEach(a -> stage(a, Stage.APPLIED_AT_B, completed));
        } else {
            pendingJobs.put(jobId, tracked);
        }
    }

    /** The result of job {@code jobId} says B applied it at {@code completedMs}. */
    synchronized void jobResult(String jobId, long completedMs) {
        List<String> actionIds = pendingJobs.remove(jobId);
        if (actionIds != null) {
            actionIds.forEach(a -> stage(a, Stage.APPLIED_AT_B, completedMs));
        } else if (!runs.isEmpty()) {
            earlyResults.put(jobId, completedMs);
        }
    }

    /** The figures of the run {@code prefix}; forgets the run. */
    synchronized Summary summarize(String prefix) {
        Map<String, long[]> run = runs.remove(prefix);
        completeCounts.remove(prefix);
        Map<String, long[]> ops = run == null ? Map.of() : run;
        Map<Segment, Histogram> segments = new EnumMap<>(Segment.class);
        for (Segment s : Segment.values()) {
            segments.put(s, new Histogram(HIGHEST_MICROS, 3));
        }
        Histogram total = new Histogram(HIGHEST_MICROS, 3);
        long outOfOrder = 0;
        List<long[]> complete = new ArrayList<>();
        for (long[] stamps : ops.values()) {
            for (Segment s : Segment.values()) {
                long from = stamps[s.from.ordinal()];
                long to = stamps[s.to.ordinal()];
                if (from > 0 && to > 0) {
                    if (to < from) {
                        outOfOrder++;
                    }
                    segments.get(s).recordValue(micros(to - from));
                }
            }
            if (isComplete(stamps)) {
                complete.add(stamps);
                total.recordValue(micros(stamps[Stage.ON_B.ordinal()] - stamps[Stage.ACCEPTED.ordinal()]));
            }
        }
        Map<Segment, Double> tail = new EnumMap<>(Segment.class);
        if (!complete.isEmpty()) {
            long p99Micros = total.getValueAtPercentile(99.0);
            // At or above the p99: the histogram reports the highest value of the p99's bucket.
            List<long[]> slowest = complete.stream()
                .filter(st -> total.highestEquivalentValue(micros(st[Stage.ON_B.ordinal()] - st[Stage.ACCEPTED.ordinal()])) >= p99Micros)
                .toList();
            for (Segment s : Segment.values()) {
                double sum = 0;
                for (long[] st : slowest) {
                    sum += Math.max(0, st[s.to.ordinal()] - st[s.from.ordinal()]);
                }
                tail.put(s, sum / slowest.size());
            }
        }
        pendingJobs.values().removeIf(ids -> ids.stream().anyMatch(a -> a.startsWith(prefix + "-")));
        if (runs.isEmpty()) {
            earlyResults.clear();
        }
        return new Summary(segments, total, complete.size(), ops.size(), tail, outOfOrder);
    }

    private static boolean isComplete(long[] stamps) {
        for (long stamp : stamps) {
            if (stamp == 0) {
                return false;
            }
        }
        return true;
    }

    private static long micros(long ms) {
        return Math.min(Math.max(0, ms) * 1000, HIGHEST_MICROS);
    }

    /** The stage times of {@code actionId}, created on first sight; null unless its run is tracked. */
    private long[] stamps(String actionId) {
        int dash = actionId.lastIndexOf('-');
        if (dash <= 0) {
            return null;
        }
        Map<String, long[]> run = runs.get(actionId.substring(0, dash));
        return run == null ? null : run.computeIfAbsent(actionId, a -> new long[Stage.values().length]);
    }
}
