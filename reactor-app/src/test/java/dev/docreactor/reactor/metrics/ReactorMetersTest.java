package dev.docreactor.reactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
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
    void shouldLogRestorationStartAndEndAtInfoButNotPartitionsWithNothingToRestore() {
        StoreRestorationListener listener = meters.restoration();
        TopicPartition changelog = new TopicPartition("reactor-a-operations-changelog", 2);
        TopicPartition upToDate = new TopicPartition("reactor-a-operations-changelog", 4);
        TopicPartition moved = new TopicPartition("reactor-a-operations-changelog", 5);
        Capture capture = new Capture();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
        context.updateLoggers();
        try {
            listener.onRestoreStart(changelog, "operations", 100, 1100);
            listener.onRestoreStart(upToDate, "operations", 70, 70);
            listener.onRestoreEnd(upToDate, "operations", 0);
            listener.onRestoreStart(moved, "operations", 0, 10);
            listener.onBatchRestored(changelog, "operations", 1100, 1000);
            listener.onRestoreEnd(changelog, "operations", 1000);
            listener.onRestoreSuspended(moved, "operations", 0);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender(capture.getName());
            context.updateLoggers();
            capture.stop();
        }
        List<String> lines = List.copyOf(capture.lines);
        assertThat(lines).as("what an operator reads while a store restores")
            .anyMatch(l -> l.startsWith("Restoring store operations partition 2 from reactor-a-operations-changelog: up to 1000 records"))
            .anyMatch(l -> l.startsWith("Restored store operations partition 2: 1000 records in "))
            .anyMatch(l -> l.startsWith("Restoring store operations partition 5 suspended"));
        assertThat(lines).as("a partition with nothing to restore stays out of the INFO log")
            .noneMatch(l -> l.contains("partition 4"));
    }

    /** The formatted INFO messages of the restoration listener. */
    private static final class Capture extends AbstractAppender {
        private final Queue<String> lines = new ConcurrentLinkedQueue<>();

        Capture() {
            super("restoration-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().equals(StoreRestorationListener.class.getName())) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        }
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
