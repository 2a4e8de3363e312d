package dev.docreactor.bench.child;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the JIT compilers of some JVMs are: the CPU time of their compiler threads ({@code C1 CompilerThre...},
 * {@code C2 CompilerThre...}), read from Linux's {@code /proc/<pid>/task/<tid>/stat}. A JVM just started spends its
 * first minutes compiling, and on two shared cores its compiler threads take CPU from everything else on the
 * machine; the benchmark waits for them to settle before it measures latency.
 */
public final class CompilerActivity {

    /** Clock ticks per second of {@code /proc}'s CPU times ({@code USER_HZ}, fixed at 100 by Linux's ABI). */
    static final int TICKS_PER_SECOND = 100;

    private final List<Long> pids;
    private long[] lastTicks;
    private long lastNanos;

    private CompilerActivity(List<Long> pids) {
        this.pids = List.copyOf(pids);
        this.lastTicks = ticks();
        this.lastNanos = System.nanoTime();
    }

    /** Starts watching the JVMs {@code pids}; {@link #busiestShare()} measures from now on. */
    public static CompilerActivity watch(List<Long> pids) {
        return new CompilerActivity(pids);
    }

    /**
     * The largest share of one core that a watched JVM's compiler threads used since the previous call (or since
     * {@link #watch}): 0.25 is a quarter of a core. Negative when it cannot be read ({@code /proc} missing, a JVM gone).
     */
    public double busiestShare() {
        long[] now = ticks();
        long nanos = System.nanoTime();
        double seconds = (nanos - lastNanos) / 1e9;
        double busiest = share(lastTicks, now, seconds);
        lastTicks = now;
        lastNanos = nanos;
        return busiest;
    }

    /** The largest per-JVM share of a core between two readings {@code seconds} apart; negative if one is missing. */
    static double share(long[] before, long[] after, double seconds) {
        if (seconds <= 0) {
            return -1;
        }
        double busiest = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                return -1;
            }
            busiest = Math.max(busiest, (after[i] - before[i]) / (double) TICKS_PER_SECOND / seconds);
        }
        return busiest;
    }

    private long[] ticks() {
        long[] ticks = new long[pids.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = compilerTicks(pids.get(i));
        }
        return ticks;
    }

    /** The CPU ticks (user and system) the compiler threads of process {@code pid} used so far, or -1. */
    static long compilerTicks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    total += compilerTicks(Files.readString(thread.resolve("stat")));
                } catch (IOException e) {
                    // The thread ended between the listing and the read: it uses no CPU any more.
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /**
     * The CPU ticks of a thread from its {@code stat} line if it is a JIT compiler thread, else 0. The thread's name is
     * between the first {@code (} and the last {@code )} (it may hold either); {@code utime} and {@code stime} are the
     * 12th and 13th fields after it.
     */
    static long compilerTicks(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + statLine);
        }
        String name = statLine.substring(open + 1, close);
        if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
            return 0;
        }
        String[] fields = statLine.substring(close + 2).trim().split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
