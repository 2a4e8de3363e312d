package dev.docreactor.reactor.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders Kafka metrics (Kafka Streams' own and the reactor's sensors) in the Prometheus text format:
 * {@code <group>_<name>{tag="value",...} value}, names lower-cased with non-alphanumerics as '_'.
 */
public final class PrometheusFormat {

    private PrometheusFormat() {
    }

    /** The text exposition of every numeric metric. */
    public static String render(Map<MetricName, ? extends Metric> metrics) {
        Map<String, StringBuilder> families = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            MetricName name = entry.getKey();
            String family = sanitize(name.group() + "_" + name.name());
            StringBuilder lines = families.computeIfAbsent(family, f -> new StringBuilder()
                .append("# HELP ").append(f).append(' ').append(help(name.description())).append('\n')
                .append("# TYPE ").append(f).append(" gauge\n"));
            lines.append(family);
            if (!name.tags().isEmpty()) {
                lines.append('{');
                boolean first = true;
                for (Map.Entry<String, String> tag : new TreeMap<>(name.tags()).entrySet()) {
                    if (!first) {
                        lines.append(',');
                    }
                    lines.append(sanitize(tag.getKey())).append("=\"").append(escape(tag.getValue())).append('"');
                    first = false;
                }
                lines.append('}');
            }
            lines.append(' ').append(format(number.doubleValue())).append('\n');
        }
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    private static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String sanitize(String raw) {
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static String help(String description) {
        return description == null ? "" : description.replace("\\", "\\\\").replace("\n", " ");
    }

    private static String escape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
