package dev.docreactor.reactor.executor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongToDoubleFunction;

/**
 * When the executor asks Kafka Streams to commit ahead of {@code commit.interval.ms}.
 *
 * <p>Under exactly-once a job's operations become visible (on the event bus, to a waiting HTTP caller, to the
 * other reactors) only when the transaction holding it commits, and Kafka Streams commits every
 * {@code commit.interval.ms}. While the executor keeps up with its queue that interval is most of a job's latency,
 * so after a fresh job (one whose queue record waited at most {@code maxWaitMs}) the executor asks for a commit
 * at once, at most once per {@code intervalMs} per stream thread (one commit covers every task of the thread). A
 * job that falls inside that spacing is committed by the next request or by the interval's commit. (A wall-clock
 * punctuation that would ask for it as soon as the spacing is over was measured: scheduled every few
 * milliseconds in each task, it slowed a busy reactor down several times over, so there is none.)
 *
 * <p>A commit costs the reactor and the brokers CPU and requests, so eager commits spend only what is spare:
 * under a backlog jobs are older than {@code maxWaitMs}, and while the stream thread used more than
 * {@code maxThreadLoad} of a core, or the host's CPU is busier than {@code maxCpuLoad} (each sampled at most once a
 * second; the host's is ignored by default), nothing is asked either. Kafka Streams then commits every interval, as it
 * does with eager commits off. The thread's own load is what tells a reactor near its capacity (where commits added
 * per job would make it fall behind, then ask again once caught up) from one with time to spare. The host's load was
 * the only brake before; on a host shared with brokers it stayed above its 0.7 at low loads too, which left jobs on
 * the interval (and on a stream thread blocked in its poll until the next record) exactly where eager commits help most.
 *
 * <p>One instance per task; the spacing is per stream thread (tasks are processed by the thread that owns them).
 * Pure logic over the times and loads it is given, so it can be unit tested.
 */
final class EagerCommits {

    /** Each stream thread's time of its last request: one commit covers every task of the thread. */
    private static final ThreadLocal<long[]> THREADS = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});
    /** Each stream thread's CPU load, shared by its tasks. */
    private static final ThreadLocal<ThreadCpu> THREAD_CPU = ThreadLocal.withInitial(ThreadCpu::new);

    private final long intervalMs;
    private final long maxWaitMs;
    private final double maxCpuLoad;
    private final LongToDoubleFunction cpuLoad;
    private final double maxThreadLoad;
    private final LongToDoubleFunction threadLoad;
    private final long[] lastRequestMs;

    /**
     * @param intervalMs the shortest time between two requests of the calling stream thread; 0 turns them off
     * @param maxWaitMs how long a job may have waited on the queue to count as fresh
     * @param maxCpuLoad the host's CPU load (0 to 1) above which nothing is asked; 1 ignores the load
     * @param maxThreadLoad the share of a core the calling stream thread used, above which nothing is asked; 1 ignores it
     */
    EagerCommits(long intervalMs, long maxWaitMs, double maxCpuLoad, double maxThreadLoad) {
        this(intervalMs, maxWaitMs, maxCpuLoad, HostCpu::load, maxThreadLoad, THREAD_CPU.get()::load, THREADS.get());
    }

    /**
     * @param cpuLoad the host's recent CPU load at a time, 0 to 1 (negative if unknown: then not limiting)
     * @param threadLoad the recent share of a core the thread that runs the task used (shared by its tasks), negative
     *     if unknown: then not limiting
     * @param lastRequestMs the time of the last request of the thread that runs the task (shared by its tasks)
     */
    EagerCommits(long intervalMs, long maxWaitMs, double maxCpuLoad, LongToDoubleFunction cpuLoad, double maxThreadLoad,
                 LongToDoubleFunction threadLoad, long[] lastRequestMs) {
        this.intervalMs = intervalMs;
        this.maxWaitMs = maxWaitMs;
        this.maxCpuLoad = maxCpuLoad;
        this.cpuLoad = cpuLoad;
        this.maxThreadLoad = maxThreadLoad;
        this.threadLoad = threadLoad;
        this.lastRequestMs = lastRequestMs;
    }

    /**
     * After a job whose queue record has timestamp {@code recordTimestampMs} was processed at {@code nowMs}:
     * whether to ask for a commit now.
     */
    boolean afterJob(long recordTimestampMs, long nowMs) {
        if (intervalMs <= 0 || nowMs - recordTimestampMs > maxWaitMs) {
            return false;
        }
        long since = nowMs - lastRequestMs[0];
        // (A clock that stepped back behind the last request does not hold requests back until it catches up.)
        if (since >= 0 && since < intervalMs) {
            return false;
        }
        if (maxThreadLoad < 1 && threadLoad.applyAsDouble(nowMs) > maxThreadLoad) {
            // The thread is near its capacity: the job is left to the interval's commit.
            return false;
        }
        if (maxCpuLoad < 1 && cpuLoad.applyAsDouble(nowMs) > maxCpuLoad) {
            // No spare CPU on the host: the job is left to the interval's commit.
            return false;
        }
        lastRequestMs[0] = nowMs;
        return true;
    }

    /**
     * The share of one core a thread used over about the last second: its CPU time ({@link ThreadMXBean}) sampled at
     * most once a second. One instance per stream thread, used only by it.
     */
    static final class ThreadCpu {
        private static final long SAMPLE_EVERY_MS = 1_000;
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long sampledAtMs = Long.MIN_VALUE;
        private long cpuNanos = -1;
        private double load = -1;

        /** The thread's load as of the last sample, taking a new one if a second passed; negative while unknown. */
        double load(long nowMs) {
            if (sampledAtMs != Long.MIN_VALUE && nowMs >= sampledAtMs && nowMs < sampledAtMs + SAMPLE_EVERY_MS) {
                return load;
            }
            long cpu = currentCpuNanos();
            load = cpu < 0 || cpuNanos < 0 || nowMs <= sampledAtMs ? -1 : (cpu - cpuNanos) / 1e6 / (nowMs - sampledAtMs);
            cpuNanos = cpu;
            sampledAtMs = nowMs;
            return load;
        }

        private static long currentCpuNanos() {
            try {
                return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
            } catch (UnsupportedOperationException e) {
                return -1;
            }
        }
    }

    /** The host's recent CPU load, sampled at most once a second for the whole JVM. */
    static final class HostCpu {
        private static final long SAMPLE_EVERY_MS = 1_000;
        private static final com.sun.management.OperatingSystemMXBean OS = operatingSystem();
        private static long nextSampleMs = Long.MIN_VALUE;
        private static double load = -1;

        private HostCpu() {
        }

        private static com.sun.management.OperatingSystemMXBean operatingSystem() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;
        }

        /** The CPU load of the host (or container) over about the last second, 0 to 1; negative if unknown. */
        static synchronized double load(long nowMs) {
            if (OS == null) {
                return -1;
            }
            if (nowMs >= nextSampleMs || nowMs < nextSampleMs - SAMPLE_EVERY_MS) {
                nextSampleMs = nowMs + SAMPLE_EVERY_MS;
                load = OS.getCpuLoad();
            }
            return load;
        }
    }
}
