package dev.docreactor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Facts about the machine a run was taken on. */
public final class Machine {

    private Machine() {
    }

    /** Cores, memory, CPU model, Java, OS and the load average at the start. */
    public static Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        long memKb = meminfoKb("MemTotal:");
        String cpu = cpuModel();
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        facts.put("summary", String.format(Locale.ROOT, "%d cores, %.0f GiB, %s, load %s", cores, memKb / 1024.0 / 1024.0,
            java, loadAverage()));
        facts.put("cores", cores);
        facts.put("memoryGiB", Math.round(memKb / 1024.0 / 1024.0 * 10) / 10.0);
        facts.put("cpu", cpu);
        facts.put("java", java);
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        facts.put("loadAverageBefore", loadAverage());
        return facts;
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code "0.52 0.61 0.70"}, or {@code "unknown"}. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long meminfoKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().maxMemory() / 1024;
        }
        return 0;
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
