package dev.docreactor.bench.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A component running in its own JVM ({@link ChildMain}) on the benchmark's classpath: started with a
 * properties file, stopped with {@code stop} on its standard input. Its peak RSS is read from
 * {@code /proc/<pid>/status} (VmHWM), its peak heap from its own report.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(c -> c.process.destroyForcibly()), "kill-children"));
    }

    /** JVM options of every component: the same for the subject and its baseline. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC");

    /** The system property whose JVM options every component gets in addition ({@link #extraJvmOptions()}). */
    public static final String EXTRA_JVM_OPTIONS = "bench.jvm.options";

    private static volatile boolean profile;

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintWriter stdin;
    private volatile String failure;
    private long rssPeakBytes;

    private ChildJvm(String name, Process process, long startedNanos, Path log) throws IOException {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdin = new PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer w = logWriter) {
                String line;
                while ((line = out.readLine()) != null) {
                    w.write(line + "\n");
                    w.flush();
                    if (line.startsWith("TASK_FAILED")) {
                        failure = line;
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                lines.add("EOF " + e.getMessage());
            }
            lines.add("EOF");
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        RUNNING.add(this);
    }

    /**
     * Starts a component.
     *
     * @param name a name for logs, e.g. {@code reactor-r1}
     * @param role the {@link ChildMain} role
     * @param config the component's settings
     * @param workDir where the properties file and the logs go
     * @param jvmOptions JVM options, e.g. {@link #DEFAULT_JVM_OPTIONS}
     */
    public static ChildJvm start(String name, String role, Map<String, ?> config, Path workDir, List<String> jvmOptions) {
        try {
            Files.createDirectories(workDir);
            Path propsFile = workDir.resolve(name + ".properties");
            Properties props = new Properties();
            config.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "benchmark component " + name);
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(extraJvmOptions());
            if (profile) {
                command.add("-XX:StartFlightRecording=filename=" + workDir.resolve(name + ".jfr").toAbsolutePath()
                    + ",settings=profile,dumponexit=true");
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ChildMain.class.getName());
            command.add(role);
            command.add(propsFile.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(workDir.resolve(name + ".stderr.log").toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            return new ChildJvm(name, process, started, workDir.resolve(name + ".stdout.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * JVM options added to every component's for an experiment: the system property {@value #EXTRA_JVM_OPTIONS} of the
     * benchmark, split at spaces (for example {@code -Dbench.jvm.options=-XX:TieredStopAtLevel=1}). Subject and
     * baseline get the same ones.
     */
    static List<String> extraJvmOptions() {
        String extra = System.getProperty(EXTRA_JVM_OPTIONS, "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    /**
     * Records a Java Flight Recorder profile of every component started from now on, into
     * {@code <logs>/<name>.jfr} (read it with {@code jfr print} or JDK Mission Control).
     */
    public static void enableProfiling() {
        profile = true;
    }

    /** The component's name. */
    public String name() {
        return name;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** When the process was spawned, {@link System#nanoTime()}. */
    public long startedNanos() {
        return startedNanos;
    }

    /** Waits for the {@code READY} line and returns it. */
    public String awaitReady(Duration timeout) {
        return awaitLine("READY", timeout);
    }

    /** The HTTP port a reactor announced in its {@code READY} line. */
    public static int httpPort(String readyLine) {
        for (String part : readyLine.split(" ")) {
            if (part.startsWith("http=")) {
                return Integer.parseInt(part.substring(5));
            }
        }
        throw new IllegalStateException("no http= in " + readyLine);
    }

    private String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + " did not print " + prefix + " within " + timeout
                        + "; see its logs");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("EOF")) {
                    throw new IllegalStateException(name + " exited before printing " + prefix
                        + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")") + "; see its stderr log");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A {@code TASK_FAILED ...} line the component printed, or null: its work stopped. */
    public String failure() {
        return failure;
    }

    /** Throws when the component reported a failed task or its process died. */
    public void checkAlive() {
        if (failure != null) {
            throw new IllegalStateException(name + ": " + failure.substring("TASK_FAILED ".length()));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited (code " + process.exitValue() + "); see its stderr log");
        }
    }

    /** The peak resident set size so far (VmHWM), in bytes; 0 where /proc is not available. */
    public long rssPeakBytes() {
        rssPeakBytes = Math.max(rssPeakBytes, ProcStatus.peakRssBytes(process.pid()));
        return rssPeakBytes;
    }

    /** Stops the component cleanly and returns its memory peaks. */
    public MemoryPeaks stop() {
        long rss = rssPeakBytes();
        stdin.println("stop");
        MemoryPeaks peaks;
        try {
            String stats = awaitLine("STATS", Duration.ofSeconds(90));
            peaks = MemoryPeaks.parse(rss, stats);
        } catch (IllegalStateException e) {
            peaks = new MemoryPeaks(rss, -1, -1);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
        return peaks;
    }

    /** Kills the process without a clean shutdown. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(this);
    }

    /**
     * Memory peaks of a component.
     *
     * @param rssBytes peak resident set size (VmHWM)
     * @param heapUsedBytes peak heap in use (sampled every 50 ms), -1 if unknown
     * @param heapCommittedBytes peak heap committed, -1 if unknown
     */
    public record MemoryPeaks(long rssBytes, long heapUsedBytes, long heapCommittedBytes) {
        static MemoryPeaks parse(long rss, String statsLine) {
            long used = -1;
            long committed = -1;
            for (String part : statsLine.split(" ")) {
                if (part.startsWith("heapPeakBytes=")) {
                    used = Long.parseLong(part.substring("heapPeakBytes=".length()));
                } else if (part.startsWith("heapCommittedPeakBytes=")) {
                    committed = Long.parseLong(part.substring("heapCommittedPeakBytes=".length()));
                }
            }
            return new MemoryPeaks(rss, used, committed);
        }
    }
}
