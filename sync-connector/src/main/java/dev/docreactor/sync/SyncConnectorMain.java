package dev.docreactor.sync;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.connect.ConfigDocs;
import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.EmbeddedConnectWorker;
import dev.docreactor.sync.connect.FailedTaskRestarter;
import dev.docreactor.deadletter.DeadLetterReplayPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sync connector's command line: {@code run} (dedicated mode: an embedded Connect worker with the
 * configured remotes), {@code replay-dlq} (re-enqueue dead letters) and {@code config-docs}.
 */
@Command(name = "sync-connector", mixinStandardHelpOptions = true,
    description = "Synchronizes reactors between Kafka clusters on Kafka Connect.",
    subcommands = {SyncConnectorMain.Run.class, SyncConnectorMain.ReplayDlq.class, SyncConnectorMain.Docs.class})
public final class SyncConnectorMain {

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SyncConnectorMain()).execute(args));
    }

    /** Dedicated mode. */
    @Command(name = "run", description = "Start an embedded Connect worker running the configured remotes; failed "
        + "connectors and tasks are restarted with backoff.")
    static final class Run implements Callable<Integer> {
        private static final Duration RESTART_CHECK_INTERVAL = Duration.ofSeconds(1);

        @Option(names = "--config", required = true, description = "Dedicated-mode properties file.")
        Path config;

        @Override
        public Integer call() throws IOException {
            DedicatedConfig dedicated = DedicatedConfig.load(config);
            EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(dedicated.workerProps());
            FailedTaskRestarter restarter = new FailedTaskRestarter(worker, "sync-", dedicated.restartBackoff(),
                dedicated.restartBackoffMax());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                restarter.close();
                worker.close();
            }, "sync-connector-shutdown"));
            worker.apply(dedicated.connectors(), "sync-");
            restarter.start(RESTART_CHECK_INTERVAL, dedicated.workerProps().get("group.id"));
            System.out.println("Sync connector running " + dedicated.connectors().keySet() + "; Connect REST API at "
                + worker.restUrl());
            worker.awaitStop();
            return 0;
        }
    }

    /** Re-enqueues dead letters. */
    @Command(name = "replay-dlq", description = "Re-enqueue dead letters into a reactor's queue: dead-lettered jobs as "
        + "they were, dead-lettered operations as LOAD jobs. Reads from each partition's log start unless --from-offset "
        + "is given. Exit code 2 when some could not be replayed, 3 when records asked for are gone (retention).")
    static final class ReplayDlq implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true, description = "The cluster of the dead-letter and queue topics.")
        String bootstrapServers;
        @Option(names = "--dlq-topic", required = true, description = "Dead-letter topic, e.g. a.dlq.")
        String dlqTopic;
        @Option(names = "--queue-topic", required = true, description = "Queue topic to re-enqueue into, e.g. a.queue.")
        String queueTopic;
        @Option(names = "--command-config", description = "Client properties file (security settings).")
        Path commandConfig;
        @Option(names = "--from-offset", defaultValue = "-1", description = "First dead-letter offset per partition; "
            + "default: the log start. Fails (exit 3) when retention already deleted records from this offset on.")
        long fromOffset;
        @Option(names = "--dry-run", description = "Report what would be replayed, write nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> client = new HashMap<>();
            if (commandConfig != null) {
                Properties props = new Properties();
                try (Reader reader = Files.newBufferedReader(commandConfig)) {
                    props.load(reader);
                }
                props.stringPropertyNames().forEach(k -> client.put(k, props.getProperty(k)));
            }
            client.put("bootstrap.servers", bootstrapServers);
            ReplayReport report = replay(client, dlqTopic, queueTopic, fromOffset, dryRun);
            PrintWriter out = new PrintWriter(System.out, true);
            out.printf("%s %d dead letter(s) from %s into %s; %d could not be replayed%n", dryRun ? "Would replay"
                : "Replayed", report.replayed(), dlqTopic, queueTopic, report.skipped().size());
            report.skipped().forEach((where, why) -> out.println("  " + where + ": " + why));
            report.gone().forEach((partition, why) -> out.println("  " + partition + ": " + why));
            if (!report.gone().isEmpty()) {
                return 3;
            }
            return report.skipped().isEmpty() ? 0 : 2;
        }
    }

    /**
     * What a replay did.
     *
     * @param replayed dead letters re-enqueued (or that would be, in a dry run)
     * @param skipped per dead-letter position, why it could not be replayed
     * @param gone per dead-letter partition, the offsets asked for that retention already deleted
     */
    public record ReplayReport(int replayed, Map<String, String> skipped, Map<String, String> gone) {
    }

    /**
     * Reads {@code dlqTopic} from {@code fromOffset} (each partition's log start when negative) to its
     * current end and re-enqueues what can be replayed into {@code queueTopic}. Offsets asked for below a
     * partition's log start are reported as gone, never skipped silently. Replaying twice enqueues twice;
     * the reactor absorbs duplicates.
     */
    public static ReplayReport replay(Map<String, Object> client, String dlqTopic, String queueTopic, long fromOffset,
                                      boolean dryRun) {
        Map<String, Object> consumerProps = new HashMap<>(client);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int replayed = 0;
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, String> gone = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                 new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = dryRun ? null
                 : new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(dlqTopic, Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(dlqTopic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                long start = starts.get(tp);
                if (fromOffset >= 0 && fromOffset < start) {
                    gone.put(tp.toString(), "offsets " + fromOffset + ".." + (start - 1) + " were deleted (retention.ms "
                        + "or retention.bytes of " + dlqTopic + "); replayed from " + start);
                }
                consumer.seek(tp, Math.min(Math.max(fromOffset, start), ends.get(tp)));
            }
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                    DeadLetterReplayPlan.Decision result;
                    try {
                        DeadLetter letter = AvroSerdes.deadLetter().deserializer().deserialize(dlqTopic, record.value());
                        result = DeadLetterReplayPlan.plan(letter, queueTopic);
                    } catch (RuntimeException e) {
                        result = new DeadLetterReplayPlan.Skip("not a dead letter: " + e.getMessage());
                    }
                    if (result instanceof DeadLetterReplayPlan.Replay replay) {
                        if (producer != null) {
                            sends.add(producer.send(new ProducerRecord<>(queueTopic, replay.key(), replay.value())));
                        }
                        replayed++;
                    } else if (result instanceof DeadLetterReplayPlan.Skip skip) {
                        skipped.put(where, skip.reason());
                    }
                }
            }
            if (producer != null) {
                producer.flush();
                for (java.util.concurrent.Future<?> send : sends) {
                    try {
                        send.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while re-enqueueing dead letters", e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("Cannot write to " + queueTopic + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        }
        return new ReplayReport(replayed, skipped, gone);
    }

    /** Prints the configuration reference. */
    @Command(name = "config-docs", description = "Print the configuration reference (Markdown).")
    static final class Docs implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(ConfigDocs.markdown());
            return 0;
        }
    }
}
