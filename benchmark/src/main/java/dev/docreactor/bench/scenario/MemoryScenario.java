package dev.docreactor.bench.scenario;

import dev.docreactor.bench.BenchContext;
import dev.docreactor.bench.child.ChildJvm;
import dev.docreactor.bench.report.Format;
import dev.docreactor.bench.report.Row;
import dev.docreactor.bench.report.ScenarioResult;
import dev.docreactor.bench.report.Target;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: peak RSS and peak heap of the reactor and the connector during scenarios 1 and 3, each in
 * its own JVM (RSS = VmHWM of its process; heap = peak of used heap sampled every 50 ms), next to the
 * baselines' (the bare processor in 1, MirrorMaker 2 in 3).
 */
public final class MemoryScenario implements Scenario {

    @Override
    public int id() {
        return 6;
    }

    @Override
    public String title() {
        return "Memory (peak RSS and heap during 1 and 3)";
    }

    @Override
    public void run(BenchContext context, ScenarioResult result) {
        Map<String, List<ChildJvm.MemoryPeaks>> memory = context.memory();
        if (memory.isEmpty()) {
            throw new IllegalStateException("no memory figures: run scenario 1 and/or 3 in the same run (--scenarios 1,3,6)");
        }
        compare(result, memory, "1/reactor", "reactor during 1", "1/bare", "bare processor during 1", true);
        compare(result, memory, "3/reactor", "reactor A during 3", null, null, true);
        compare(result, memory, "3/connector", "sync connector during 3", "3/mirrormaker", "MirrorMaker 2 during 3", false);
        result.note("Each component runs in its own JVM with " + String.join(" ", ChildJvm.DEFAULT_JVM_OPTIONS)
            + "; RSS is the process's VmHWM (peak resident set, heap + RocksDB + metaspace + threads), heap the peak "
            + "of used heap sampled every 50 ms (includes garbage not yet collected), both the maximum over the runs.");
    }

    private static void compare(ScenarioResult result, Map<String, List<ChildJvm.MemoryPeaks>> memory, String key, String label,
                                String baselineKey, String baselineLabel, boolean reactorTarget) {
        List<ChildJvm.MemoryPeaks> subject = memory.get(key);
        if (subject == null) {
            return;
        }
        List<ChildJvm.MemoryPeaks> baseline = baselineKey == null ? null : memory.get(baselineKey);
        double rss = Format.mib(subject.stream().mapToLong(ChildJvm.MemoryPeaks::rssBytes).max().orElse(0));
        double heap = Format.mib(subject.stream().mapToLong(ChildJvm.MemoryPeaks::heapUsedBytes).max().orElse(0));
        Target rssTarget = reactorTarget ? Target.valueAtMost(1024, "MiB") : null;
        if (baseline == null) {
            result.add(Row.value("peak RSS", "MiB", label, rss, rssTarget));
            result.add(Row.value("peak heap used", "MiB", label, heap, null));
        } else {
            double baseRss = Format.mib(baseline.stream().mapToLong(ChildJvm.MemoryPeaks::rssBytes).max().orElse(0));
            double baseHeap = Format.mib(baseline.stream().mapToLong(ChildJvm.MemoryPeaks::heapUsedBytes).max().orElse(0));
            result.add(Row.compared("peak RSS", "MiB", label, rss, baselineLabel, baseRss, rssTarget));
            result.add(Row.compared("peak heap used", "MiB", label, heap, baselineLabel, baseHeap, null));
        }
    }
}
