package dev.docreactor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static BenchmarkResults sample() {
        BenchmarkResults results = new BenchmarkResults("quick", "java -jar benchmark/target/benchmark.jar --mode quick",
            "2026-11-24T00:00:00Z");
        results.machine().put("summary", "2 cores");
        ScenarioResult throughput = new ScenarioResult(1, "Reactor write throughput");
        throughput.add(Row.compared("EXECUTE operations/s", "ops/s", "reactor", 900, "bare <processor>", 1800,
            Target.ratioAtLeast(0.8)));
        throughput.note("a note");
        results.scenarios().add(throughput);
        ScenarioResult latency = new ScenarioResult(3, "Sync latency");
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 100L);
        }
        latency.add(Latency.of("sync connector", 1000, 990, h));
        latency.add(Row.value("p99 latency", "ms", "sync connector", 99.0, Target.valueAtMost(100, "ms")));
        results.scenarios().add(latency);
        results.scenarios().add(ScenarioResult.withStatus(4, "Catch-up", ScenarioResult.Status.NOT_IMPLEMENTED, "needs X"));
        return results;
    }

    @Test
    void shouldComputeRatioAndTargetFromSubjectAndBaseline() {
        Row row = Row.compared("m", "ops/s", "a", 900, "b", 1800, Target.ratioAtLeast(0.8));
        assertThat(row.ratio()).as("ratio subject / baseline").isEqualTo(0.5);
        assertThat(row.targetMet()).as("0.5 misses ratio >= 0.8").isFalse();
        assertThat(Row.value("m", "s", "a", 29, Target.valueAtMost(30, "s")).targetMet()).as("29 s meets <= 30 s").isTrue();
        assertThat(Row.value("m", "s", "a", 29, null).targetMet()).as("no target, no verdict").isNull();
        assertThat(new Row("m", "s", "a", 1.0, "b", 0.0, null).ratio()).as("no ratio against zero").isNull();
        assertThat(Row.compared("m", "s", "a", 6, "b", 4, Target.ratioAtMost(1.5)).targetMet()).as("1.5x meets ratio <= 1.5")
            .isTrue();
        assertThat(Row.compared("m", "s", "a", 7, "b", 4, Target.ratioAtMost(1.5)).targetMet()).as("1.75x misses ratio <= 1.5")
            .isFalse();
        assertThat(Target.ratioAtMost(1.5).description()).as("upper bound on the ratio").isEqualTo("ratio <= 1.5");
    }

    @Test
    void shouldFormatFiguresWithAboutThreeSignificantDigits() {
        assertThat(Format.number(12345.6)).as("large").isEqualTo("12346");
        assertThat(Format.number(12.345)).as("tens").isEqualTo("12.3");
        assertThat(Format.number(1.2345)).as("units").isEqualTo("1.23");
        assertThat(Format.number(0.81234)).as("fractions").isEqualTo("0.812");
        assertThat(Format.number(null)).as("missing").isEqualTo("-");
        assertThat(Format.ratio(0.8123)).as("ratio").isEqualTo("0.81x");
        assertThat(Format.plain(0.8)).as("threshold").isEqualTo("0.8");
        assertThat(Format.plain(1024.0)).as("threshold").isEqualTo("1024");
    }

    @Test
    void shouldTakeLatencyPercentilesFromMicrosecondHistogramInMilliseconds() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L);
        }
        Latency l = Latency.of("x", 100, 100, h);
        assertThat(l.p50Ms()).as("p50 of 1..1000 ms").isBetween(499.0, 501.0);
        assertThat(l.p99Ms()).as("p99").isBetween(989.0, 991.0);
        assertThat(l.p999Ms()).as("p99.9").isBetween(998.0, 1000.5);
        assertThat(l.count()).as("samples").isEqualTo(1000);
    }

    @Test
    void shouldWriteJsonWithRatiosTargetsAndStatuses() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(sample()));
        assertThat(json.path("mode").asText()).as("mode").isEqualTo("quick");
        JsonNode row = json.path("scenarios").get(0).path("rows").get(0);
        assertThat(row.path("ratio").asDouble()).as("ratio in JSON").isEqualTo(0.5);
        assertThat(row.path("targetMet").asBoolean(true)).as("target verdict in JSON").isFalse();
        assertThat(json.path("scenarios").get(1).path("latencies").get(0).path("p50Ms").asDouble()).as("latency p50").isPositive();
        assertThat(json.path("scenarios").get(2).path("status").asText()).as("unimplemented scenarios say so")
            .isEqualTo("NOT_IMPLEMENTED");
    }

    @Test
    void shouldRenderTableWithEveryScenarioAndVerdict() {
        String table = ConsoleTable.render(sample());
        assertThat(table).as("ratio column").contains("0.50x");
        assertThat(table).as("missed target is shouted").contains("NO");
        assertThat(table).as("unimplemented scenario listed").contains("NOT_IMPLEMENTED").contains("needs X");
        assertThat(table).as("latency percentiles").contains("latency @1000 ops/s");
    }

    @Test
    void shouldRenderSelfContainedHtmlWithEscapedText() {
        String html = HtmlReport.render(sample());
        assertThat(html).as("inline SVG charts").contains("<svg");
        assertThat(html).as("nothing fetched").doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
        assertThat(html).as("labels escaped").contains("bare &lt;processor&gt;").doesNotContain("bare <processor>");
    }

    @Test
    void shouldRenderMarkdownTables() {
        String md = MarkdownReport.render(sample());
        assertThat(md).as("table header").contains("| metric | subject | value | baseline |");
        assertThat(md).as("missed target in bold").contains("**no**");
        assertThat(md).as("status of unimplemented scenario").contains("NOT_IMPLEMENTED");
    }
}
