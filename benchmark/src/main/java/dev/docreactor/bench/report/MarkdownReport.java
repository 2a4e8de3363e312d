package dev.docreactor.bench.report;

/** The results as Markdown tables, ready to paste into docs/BENCHMARKS.md. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** The Markdown text. */
    public static String render(BenchmarkResults results) {
        StringBuilder md = new StringBuilder();
        md.append("Mode `").append(results.mode()).append("`, started ").append(results.startedUtc())
            .append(String.format(java.util.Locale.ROOT, ", %.0f s in total.", results.totalSeconds())).append("\n\n");
        md.append("Command: `").append(results.command()).append("`\n\n");
        results.machine().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n');
        for (ScenarioResult s : results.scenarios()) {
            md.append("### ").append(s.id()).append(". ").append(s.title()).append(" — ").append(s.status().name()).append("\n\n");
            if (s.reason() != null) {
                md.append(s.reason()).append("\n\n");
            }
            if (!s.rows().isEmpty()) {
                md.append("| metric | subject | value | baseline | value | ratio | target | met |\n|---|---|---:|---|---:|---:|---|---|\n");
                for (Row row : s.rows()) {
                    Boolean met = row.targetMet();
                    md.append("| ").append(row.metric()).append(row.unit().isEmpty() ? "" : " [" + row.unit() + "]")
                        .append(" | ").append(row.subjectLabel()).append(" | ").append(Format.number(row.subject()))
                        .append(" | ").append(row.baselineLabel() == null ? "" : row.baselineLabel())
                        .append(" | ").append(row.baselineLabel() == null ? "" : Format.number(row.baseline()))
                        .append(" | ").append(row.baselineLabel() == null ? "" : Format.ratio(row.ratio()))
                        .append(" | ").append(row.target() == null ? "" : row.target().description())
                        .append(" | ").append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
                }
                md.append('\n');
            }
            if (!s.latencies().isEmpty()) {
                md.append("| system | offered ops/s | achieved ops/s | samples | p50 ms | p99 ms | p99.9 ms | max ms |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Latency l : s.latencies()) {
                    md.append("| ").append(l.system()).append(" | ").append(l.offeredOpsPerSec()).append(" | ")
                        .append(Format.number(l.achievedOpsPerSec())).append(" | ").append(l.count()).append(" | ")
                        .append(Format.number(l.p50Ms())).append(" | ").append(Format.number(l.p99Ms())).append(" | ")
                        .append(Format.number(l.p999Ms())).append(" | ").append(Format.number(l.maxMs())).append(" |\n");
                }
                md.append('\n');
            }
            if (!s.details().isEmpty()) {
                md.append("Details: `").append(s.details()).append("`\n\n");
            }
            for (String note : s.notes()) {
                md.append("- ").append(note).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }
}
