package dev.docreactor.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results as JSON: one object per scenario with its rows (subject, baseline, ratio, target, met). */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** The JSON text of {@code results}. */
    public static String render(BenchmarkResults results) {
        try {
            return MAPPER.writeValueAsString(toMap(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> toMap(BenchmarkResults results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", results.mode());
        root.put("command", results.command());
        root.put("startedUtc", results.startedUtc());
        root.put("totalSeconds", round(results.totalSeconds()));
        root.put("machine", results.machine());
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult scenario : results.scenarios()) {
            scenarios.add(scenario(scenario));
        }
        root.put("scenarios", scenarios);
        return root;
    }

    private static Map<String, Object> scenario(ScenarioResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("title", s.title());
        m.put("status", s.status().name());
        if (s.reason() != null) {
            m.put("reason", s.reason());
        }
        m.put("seconds", round(s.seconds()));
        List<Object> rows = new ArrayList<>();
        for (Row row : s.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("metric", row.metric());
            r.put("unit", row.unit());
            r.put("subject", row.subjectLabel());
            r.put("value", row.subject());
            if (row.baselineLabel() != null) {
                r.put("baseline", row.baselineLabel());
                r.put("baselineValue", row.baseline());
                r.put("ratio", row.ratio());
            }
            if (row.target() != null) {
                r.put("target", row.target().description());
                r.put("targetMet", row.targetMet());
            }
            rows.add(r);
        }
        m.put("rows", rows);
        if (!s.latencies().isEmpty()) {
            m.put("latencies", s.latencies());
        }
        if (!s.details().isEmpty()) {
            m.put("details", s.details());
        }
        m.put("notes", s.notes());
        return m;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
