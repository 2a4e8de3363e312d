package dev.docreactor.bench.report;

import java.util.ArrayList;
import java.util.List;

/** The results as a plain-text table for the console, one block per scenario. */
public final class ConsoleTable {

    private static final String[] HEADER = {"#", "metric", "subject", "value", "baseline", "value", "ratio", "target", "met / note"};

    private ConsoleTable() {
    }

    /** The table text. */
    public static String render(BenchmarkResults results) {
        List<String[]> lines = new ArrayList<>();
        for (ScenarioResult s : results.scenarios()) {
            if (s.status() != ScenarioResult.Status.OK && s.rows().isEmpty()) {
                lines.add(new String[] {Integer.toString(s.id()), s.title(), s.status().name(), "", "", "", "", "",
                    shorten(s.reason(), 60)});
                continue;
            }
            if (s.status() == ScenarioResult.Status.FAILED) {
                lines.add(new String[] {Integer.toString(s.id()), s.title(), "FAILED", "", "", "", "", "", shorten(s.reason(), 60)});
            }
            for (Row row : s.rows()) {
                Boolean met = row.targetMet();
                lines.add(new String[] {Integer.toString(s.id()), row.metric() + (row.unit().isEmpty() ? "" : " [" + row.unit() + "]"),
                    row.subjectLabel(), Format.number(row.subject()),
                    row.baselineLabel() == null ? "" : row.baselineLabel(),
                    row.baselineLabel() == null ? "" : Format.number(row.baseline()),
                    row.baselineLabel() == null ? "" : Format.ratio(row.ratio()),
                    row.target() == null ? "" : row.target().description(),
                    met == null ? "" : met ? "yes" : "NO"});
            }
            for (Latency l : s.latencies()) {
                lines.add(new String[] {Integer.toString(s.id()), "latency @" + l.offeredOpsPerSec() + " ops/s p50/p99/p99.9 [ms]",
                    l.system(), Format.number(l.p50Ms()) + " / " + Format.number(l.p99Ms()) + " / " + Format.number(l.p999Ms()),
                    "", "", "", "", ""});
            }
        }
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Benchmark (").append(results.mode()).append(" mode), ").append(results.startedUtc()).append(", ")
            .append(results.machine().getOrDefault("summary", "")).append('\n');
        appendLine(out, HEADER, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append("-".repeat(widths[i])).append(i + 1 < widths.length ? "-+-" : "");
        }
        out.append(rule).append('\n');
        for (String[] line : lines) {
            appendLine(out, line, widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(pad(cells[i], widths[i])).append(i + 1 < cells.length ? " | " : "");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
