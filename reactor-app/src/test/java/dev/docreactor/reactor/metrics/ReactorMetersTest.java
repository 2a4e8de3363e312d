package dev.docreactor.reactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape of the reactor holds besides Kafka's metrics: the JVM, the process, store restoration. */
class ReactorMetersTest {

    private final ReactorMeters meters = new ReactorMeters();

    @AfterEach
    void tearDown() {
        meters.close();
    }

    @Test
    void shouldExportJvmAndProcessMeters() {
        String scrape = meters.scrape();

        assertThat(scrape).as("JVM memory, GC, threads and classes")
            .contains("# TYPE jvm_memory_used_bytes gauge\n")
            .contains("# TYPE jvm_threads_live_threads gauge\n")
            .contains("# TYPE jvm_classes_loaded_classes gauge\n")
            .contains("# TYPE jvm_classes_unloaded_classes_total counter\n")
            .contains("jvm_gc_");
        assertThat(scrape).as("the process: CPU, uptime, open files")
            .contains("# TYPE process_cpu_usage gauge\n")
            .contains("# TYPE process_uptime_seconds gauge\n")
            .contains("# TYPE process_files_open_files gauge\n")
            .contains("# TYPE system_cpu_count gauge\n");
    }

    @Test
    void shouldReportRestorationProgressAndEnd() {
        StoreRestorationListener listener = meters.restoration();
        TopicPartition changelog = new TopicPartition("reactor-a-operations-changelog", 2);
        TopicPartition other = new TopicPartition("reactor-a-operations-changelog", 3);

        listener.onRestoreStart(changelog, "operations", 100, 1100);
        listener.onRestoreStart(other, "operations", 0, 50);
        listener.onBatchRestored(changelog, "operations", 600, 400);
        String during = meters.scrape();
        assertThat(value(during, "reactor_restore_active")).as("two partitions restoring").isEqualTo(2.0);
        assertThat(value(during, "reactor_restore_records_remaining\\{store=\"operations\"}"))
            .as("1000 + 50 to restore, 400 done").isEqualTo(650.0);
        assertThat(value(during, "reactor_restore_records_restored_total\\{store=\"operations\"}"))
            .as("records restored so far").isEqualTo(400.0);
        assertThat(during).as("records restored is a counter")
            .contains("# TYPE reactor_restore_records_restored_total counter\n");

        listener.onBatchRestored(changelog, "operations", 1100, 500);
        listener.onRestoreEnd(changelog, "operations", 900);
        listener.onRestoreSuspended(other, "operations", 0);
        String after = meters.scrape();
        assertThat(value(after, "reactor_restore_active")).as("nothing restoring any more").isEqualTo(0.0);
        assertThat(value(after, "reactor_restore_records_remaining\\{store=\"operations\"}"))
            .as("nothing left: an ended restoration leaves nothing behind, a suspended one moved away").isEqualTo(0.0);
        assertThat(value(after, "reactor_restore_records_restored_total\\{store=\"operations\"}"))
            .as("every restored record counted").isEqualTo(900.0);
    }

    @Test
    void shouldNameKafkaFamiliesAsMicrometersKafkaBinderDoes() {
        assertThat(ReactorMeters.kafkaFamily("stream-reactor-metrics", "jobs-total"))
            .as("'-metrics' dropped, '-' as '_', prefixed kafka_").isEqualTo("kafka_stream_reactor_jobs_total");
        assertThat(ReactorMeters.kafkaFamily("consumer-fetch-manager-metrics", "records-lag-max"))
            .as("a consumer metric").isEqualTo("kafka_consumer_fetch_manager_records_lag_max");
    }

    private static double value(String scrape, String sample) {
        Matcher line = Pattern.compile("(?m)^" + sample + " ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(line.find()).as("a sample %s in%n%s", sample, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
