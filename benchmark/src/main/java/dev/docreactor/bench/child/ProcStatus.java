package dev.docreactor.bench.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's memory figures from Linux's {@code /proc/<pid>/status}. */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** Peak resident set size (VmHWM) in bytes, or 0 when unavailable. */
    public static long peakRssBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    /** Current resident set size (VmRSS) in bytes, or 0 when unavailable. */
    public static long rssBytes(long pid) {
        return field(pid, "VmRSS:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return parseKb(line.substring(name.length())) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** {@code "   123456 kB"} → 123456. */
    static long parseKb(String value) {
        String digits = value.trim().split("\\s+")[0];
        return Long.parseLong(digits);
    }
}
