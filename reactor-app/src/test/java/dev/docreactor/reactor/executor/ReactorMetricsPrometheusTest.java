package dev.docreactor.reactor.executor;

import static dev.docreactor.reactor.executor.ReactorDriver.action;
import static dev.docreactor.reactor.executor.ReactorDriver.create;
import static dev.docreactor.reactor.executor.ReactorDriver.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.metrics.ReactorMeters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor's sensors as {@code GET /metrics} shows them: each under the family
 * {@link ReactorMeters#kafkaFamily} names (the one the dashboard and docs/OPERATIONS.md use), the
 * cumulative ones as Prometheus counters, the rest as gauges. The sensors come from a real topology
 * run; a mock producer carries them into the registry the way Kafka Streams' binder does.
 */
class ReactorMetricsPrometheusTest {

    private ReactorDriver reactor;
    private ReactorMeters meters;

    @BeforeEach
    void setUp() {
        reactor = new ReactorDriver("r1", 1_700_000_000_000L);
        meters = new ReactorMeters();
    }

    @AfterEach
    void tearDown() {
        meters.close();
        reactor.close();
    }

    @Test
    void shouldExportEverySensorUnderItsDocumentedFamilyWithCountersAsCounters() {
        reactor.submit(create("doc-1", "json"));
        reactor.submit(execute("doc-1", null, action("PATCH", "global", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]")));
        reactor.submit(execute("doc-1", null, action("NOPE", "global", "{}")));
        MockProducer<String, String> carrier = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        reactor.driver.metrics().forEach(carrier::setMockMetrics);
        meters.bindKafkaProducer(carrier);

        String scrape = meters.scrape();

        for (String metric : ReactorMetrics.METRICS.keySet()) {
            String family = ReactorMeters.kafkaFamily(ReactorMetrics.GROUP, metric);
            String type = metric.endsWith("-total") ? "counter" : "gauge";
            assertThat(scrape).as("%s is exported as the %s %s", metric, type, family)
                .contains("# TYPE " + family + " " + type + "\n");
        }
        assertThat(value(scrape, ReactorMeters.kafkaFamily(ReactorMetrics.GROUP, "jobs-total")))
            .as("three jobs taken, counted as a counter's sample").isEqualTo(3.0);
        assertThat(value(scrape, ReactorMeters.kafkaFamily(ReactorMetrics.GROUP, "failed-jobs-total")))
            .as("one failed job").isEqualTo(1.0);
        assertThat(scrape).as("Kafka Streams' own cumulative metrics are counters too")
            .contains("# TYPE kafka_stream_topic_records_consumed_total counter\n");
    }

    private static double value(String scrape, String family) {
        Matcher sample = Pattern.compile("(?m)^" + family + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(sample.find()).as("a sample of %s in%n%s", family, scrape).isTrue();
        return Double.parseDouble(sample.group(1));
    }
}
