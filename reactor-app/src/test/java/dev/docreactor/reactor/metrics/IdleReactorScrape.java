package dev.docreactor.reactor.metrics;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The metric families a reactor's {@code /metrics} declares before any task runs, from real clients
 * that never connect: a Kafka Streams instance (not started: its threads and their clients exist), a
 * producer like the HTTP API's, one store restoration, one GC. The executor's per-task sensors are not
 * among them (see {@code ReactorMetricsPrometheusTest}).
 */
public final class IdleReactorScrape {

    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

    private IdleReactorScrape() {
    }

    /** Every declared family with its Prometheus type. */
    public static Map<String, String> families() {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("idle-reactor-scrape");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "idle-scrape");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("idle-input").foreach((key, value) -> { });
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "idle-scrape-http-producer");
        try (ReactorMeters meters = new ReactorMeters();
             KafkaStreams streams = new KafkaStreams(builder.build(), props);
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            meters.bindKafkaStreams(streams);
            meters.bindKafkaProducer(producer);
            TopicPartition changelog = new TopicPartition("idle-scrape-operations-changelog", 0);
            meters.restoration().onRestoreStart(changelog, "operations", 0, 10);
            meters.restoration().onBatchRestored(changelog, "operations", 5, 5);
            System.gc();
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.scrape().contains("jvm_gc_pause_seconds"));
            Map<String, String> families = new TreeMap<>();
            Matcher type = TYPE.matcher(meters.scrape());
            while (type.find()) {
                families.put(type.group(1), type.group(2));
            }
            return families;
        }
    }
}
