package dev.docreactor.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as one self-contained HTML page (inline SVG and CSS, no scripts, nothing fetched): a bar
 * chart of every ratio against its baseline with the targets, a chart of the latency
 * percentiles (log scale), and the full table with the notes.
 */
public final class HtmlReport {

    private static final String OK = "#2e7d32";
    private static final String MISSED = "#c62828";
    private static final String NEUTRAL = "#607d8b";
    private static final String[] SERIES = {"#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f"};

    private HtmlReport() {
    }

    /** The page. */
    public static String render(BenchmarkResults results) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reactor benchmark (")
            .append(esc(results.mode())).append(")</title>\n<style>")
            .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}")
            .append("table{border-collapse:collapse;font-size:13px;margin:8px 0 24px}")
            .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}")
            .append(".met{color:").append(OK).append("}.missed{color:").append(MISSED).append(";font-weight:bold}")
            .append("code{background:#f3f3f3;padding:1px 4px}svg text{font-family:sans-serif}")
            .append("</style></head><body>\n");
        html.append("<h1>Reactor benchmark</h1>\n<p>Mode <b>").append(esc(results.mode())).append("</b>, started ")
            .append(esc(results.startedUtc())).append(", ").append(String.format(Locale.ROOT, "%.0f", results.totalSeconds()))
            .append(" s. Command: <code>").append(esc(results.command())).append("</code></p>\n<p>Machine: ");
        List<String> facts = new ArrayList<>();
        results.machine().forEach((k, v) -> facts.add(esc(k) + " = " + esc(String.valueOf(v))));
        html.append(String.join("; ", facts)).append("</p>\n");
        html.append("<p>Every figure is measured next to a bare-Kafka baseline in the same run on the same brokers; ")
            .append("on a shared, noisy machine the ratio is the figure that holds.</p>\n");
        html.append("<h2>Ratios to the baseline</h2>\n").append(ratioChart(results));
        html.append("<h2>Latency percentiles</h2>\n").append(latencyChart(results));
        html.append("<h2>All figures</h2>\n").append(table(results));
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String ratioChart(BenchmarkResults results) {
        List<String> labels = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (ScenarioResult s : results.scenarios()) {
            for (Row row : s.rows()) {
                if (row.ratio() != null) {
                    labels.add(s.id() + ". " + row.metric() + ": " + row.subjectLabel() + " / " + row.baselineLabel()
                        + (higherIsBetter(row.unit()) ? " (higher is better)" : " (lower is better)"));
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty()) {
            return "<p>No ratios were measured.</p>\n";
        }
        double max = 1.2;
        for (Row row : rows) {
            max = Math.max(max, row.ratio());
            if (row.target() != null && row.target().onRatio()) {
                max = Math.max(max, row.target().threshold());
            }
        }
        double step = tickStep(max);
        max = Math.ceil(max / step) * step;
        int left = 640;
        int plot = 560;
        int barHeight = 22;
        int height = 30 + rows.size() * (barHeight + 8) + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
            left + plot + 80, height));
        for (double tick = 0; tick <= max + 1e-9; tick += step) {
            double x = left + tick / max * plot;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                + "<text x=\"%.1f\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n", x, x, height - 25, x,
                Format.plain(Math.round(tick * 100) / 100.0)));
        }
        double one = left + 1.0 / max * plot;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>"
            + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">baseline = 1.0</text>\n", one, one, height - 25, one, height - 10));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = 26 + i * (barHeight + 8);
            Boolean met = row.target() != null && row.target().onRatio() ? row.targetMet() : null;
            String color = met == null ? NEUTRAL : met ? OK : MISSED;
            double width = Math.max(1, row.ratio() / max * plot);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>\n",
                left - 8, y + 15, esc(shorten(labels.get(i), 100))));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>\n",
                left, y, width, barHeight, color, esc(labels.get(i) + " = " + Format.ratio(row.ratio()))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>\n",
                left + width + 4, y + 15, Format.ratio(row.ratio())));
            if (row.target() != null && row.target().onRatio()) {
                double tx = left + row.target().threshold() / max * plot;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"3\">"
                    + "<title>target %s</title></line>\n", tx, y - 3, tx, y + barHeight + 3, esc(row.target().description())));
            }
        }
        svg.append("</svg>\n");
        return svg + "<p>Green: target met; red: missed; grey: no target. The black tick on a bar is its target.</p>\n";
    }

    /** A tick step giving at most about ten ticks from 0 to {@code max}. */
    static double tickStep(double max) {
        for (double step : new double[] {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}) {
            if (max / step <= 10) {
                return step;
            }
        }
        return Math.pow(10, Math.ceil(Math.log10(max / 10)));
    }

    /** Throughput-like units are better higher; times, latencies and memory lower. */
    static boolean higherIsBetter(String unit) {
        return unit.contains("/s");
    }

    private static String latencyChart(BenchmarkResults results) {
        Map<Integer, List<Latency>> byLoad = new LinkedHashMap<>();
        List<String> systems = new ArrayList<>();
        for (ScenarioResult s : results.scenarios()) {
            for (Latency l : s.latencies()) {
                byLoad.computeIfAbsent(l.offeredOpsPerSec(), k -> new ArrayList<>()).add(l);
                if (!systems.contains(l.system())) {
                    systems.add(l.system());
                }
            }
        }
        if (byLoad.isEmpty()) {
            return "<p>No latencies were measured.</p>\n";
        }
        double maxMs = 1;
        double minMs = 1000;
        for (List<Latency> list : byLoad.values()) {
            for (Latency l : list) {
                maxMs = Math.max(maxMs, l.p999Ms());
                minMs = Math.min(minMs, Math.max(0.1, l.p50Ms()));
            }
        }
        double lo = Math.pow(10, Math.floor(Math.log10(minMs)));
        double hi = Math.pow(10, Math.ceil(Math.log10(maxMs)));
        int plotHeight = 300;
        int top = 20;
        int left = 60;
        int bar = 14;
        int groupWidth = systems.size() * 3 * bar + systems.size() * 8 + 40;
        int width = left + byLoad.size() * groupWidth + 20;
        int legend = 20 * systems.size() + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
            Math.max(width, 700), top + plotHeight + 40 + legend));
        for (double v = lo; v <= hi * 1.0001; v *= 10) {
            double y = top + plotHeight - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s ms</text>\n", left, y, width, y, left - 4, y + 4, Format.number(v)));
        }
        int g = 0;
        for (Map.Entry<Integer, List<Latency>> group : byLoad.entrySet()) {
            int x0 = left + 20 + g * groupWidth;
            for (Latency l : group.getValue()) {
                int si = systems.indexOf(l.system());
                double[] values = {l.p50Ms(), l.p99Ms(), l.p999Ms()};
                String[] names = {"p50", "p99", "p99.9"};
                for (int p = 0; p < 3; p++) {
                    double v = Math.max(lo, values[p]);
                    double h = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotHeight;
                    int x = x0 + si * (3 * bar + 8) + p * bar;
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
                        + "fill-opacity=\"%.2f\"><title>%s @ %d ops/s %s = %s ms</title></rect>\n",
                        x, top + plotHeight - h, bar - 2, h, SERIES[si % SERIES.length], 1.0 - p * 0.3,
                        esc(l.system()), l.offeredOpsPerSec(), names[p], Format.number(values[p])));
                }
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d ops/s offered</text>\n",
                x0, top + plotHeight + 18, group.getKey()));
            g++;
        }
        int ly = top + plotHeight + 40;
        for (int i = 0; i < systems.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", left, ly + i * 20, SERIES[i % SERIES.length],
                left + 18, ly + i * 20 + 11, esc(systems.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">each system: p50, p99, p99.9 (darker to lighter), log scale</text>\n",
            left, ly + systems.size() * 20 + 12));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String table(BenchmarkResults results) {
        StringBuilder t = new StringBuilder();
        for (ScenarioResult s : results.scenarios()) {
            t.append("<h3>").append(s.id()).append(". ").append(esc(s.title())).append(" — ").append(s.status().name())
                .append(String.format(Locale.ROOT, " (%.0f s)", s.seconds())).append("</h3>\n");
            if (s.reason() != null) {
                t.append("<p>").append(esc(s.reason())).append("</p>\n");
            }
            if (!s.rows().isEmpty()) {
                t.append("<table><tr><th>metric</th><th>unit</th><th>subject</th><th>value</th><th>baseline</th><th>value</th>"
                    + "<th>ratio</th><th>target</th><th>met</th></tr>\n");
                for (Row row : s.rows()) {
                    Boolean met = row.targetMet();
                    t.append("<tr><td>").append(esc(row.metric())).append("</td><td>").append(esc(row.unit())).append("</td><td>")
                        .append(esc(row.subjectLabel())).append("</td><td class=\"n\">").append(Format.number(row.subject()))
                        .append("</td><td>").append(row.baselineLabel() == null ? "" : esc(row.baselineLabel()))
                        .append("</td><td class=\"n\">").append(row.baselineLabel() == null ? "" : Format.number(row.baseline()))
                        .append("</td><td class=\"n\">").append(row.baselineLabel() == null ? "" : Format.ratio(row.ratio()))
                        .append("</td><td>").append(row.target() == null ? "" : esc(row.target().description()))
                        .append("</td><td class=\"").append(met == null ? "" : met ? "met" : "missed").append("\">")
                        .append(met == null ? "" : met ? "yes" : "no").append("</td></tr>\n");
                }
                t.append("</table>\n");
            }
            if (!s.latencies().isEmpty()) {
                t.append("<table><tr><th>system</th><th>offered ops/s</th><th>achieved ops/s</th><th>samples</th><th>p50 ms</th>"
                    + "<th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>\n");
                for (Latency l : s.latencies()) {
                    t.append("<tr><td>").append(esc(l.system())).append("</td><td class=\"n\">").append(l.offeredOpsPerSec())
                        .append("</td><td class=\"n\">").append(Format.number(l.achievedOpsPerSec())).append("</td><td class=\"n\">")
                        .append(l.count()).append("</td><td class=\"n\">").append(Format.number(l.p50Ms())).append("</td><td class=\"n\">")
                        .append(Format.number(l.p99Ms())).append("</td><td class=\"n\">").append(Format.number(l.p999Ms()))
                        .append("</td><td class=\"n\">").append(Format.number(l.maxMs())).append("</td></tr>\n");
                }
                t.append("</table>\n");
            }
            if (!s.details().isEmpty()) {
                t.append("<p>Details: <code>").append(esc(s.details().toString())).append("</code></p>\n");
            }
            if (!s.notes().isEmpty()) {
                t.append("<ul>");
                for (String note : s.notes()) {
                    t.append("<li>").append(esc(note)).append("</li>");
                }
                t.append("</ul>\n");
            }
        }
        return t.toString();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
