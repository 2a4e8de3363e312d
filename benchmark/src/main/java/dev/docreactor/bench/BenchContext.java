package dev.docreactor.bench;

import dev.docreactor.bench.child.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What scenarios share in one run: the sizes, where brokers and state stores live, where component logs
 * go, and the memory peaks components reached (scenario 6 reports those of scenarios 1 and 3).
 */
public final class BenchContext {

    private final Mode mode;
    private final Path workDir;
    private final Path logDir;
    private final Map<String, List<ChildJvm.MemoryPeaks>> memory = new LinkedHashMap<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();

    /**
     * @param mode the sizes
     * @param workDir scratch directory (broker data, state stores), deleted after the run
     * @param logDir where component logs are kept
     */
    public BenchContext(Mode mode, Path workDir, Path logDir) {
        this.mode = mode;
        this.workDir = workDir;
        this.logDir = logDir;
    }

    public Mode mode() {
        return mode;
    }

    /** A scratch directory for {@code name}. */
    public Path work(String name) {
        return workDir.resolve(name);
    }

    public Path logDir() {
        return logDir;
    }

    /** Records a component's memory peaks under a key such as {@code 1/reactor}. */
    public synchronized void recordMemory(String key, ChildJvm.MemoryPeaks peaks) {
        memory.computeIfAbsent(key, k -> new ArrayList<>()).add(peaks);
    }

    /** Shares a figure with later scenarios, e.g. {@code 2/connectorOpsPerSec}. */
    public synchronized void putFigure(String key, double value) {
        figures.put(key, value);
    }

    /** A figure an earlier scenario shared, or null. */
    public synchronized Double figure(String key) {
        return figures.get(key);
    }

    /** The recorded peaks by key. */
    public synchronized Map<String, List<ChildJvm.MemoryPeaks>> memory() {
        return memory;
    }
}
