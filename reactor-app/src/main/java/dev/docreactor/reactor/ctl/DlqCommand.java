package dev.docreactor.reactor.ctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.DeadLetters;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.deadletter.DeadLetterReplayPlan;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlq}: the reactor's dead-letter topic ({@code <reactor.id>.dlq}). */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "List and replay dead letters.",
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand {

    /** One dead letter read from the topic. */
    record Entry(int partition, long offset, DeadLetter letter) {
    }

    /** Selects letters; shared by list and replay. */
    static final class Selection {
        @Option(names = "--job-id", paramLabel = "JOB", description = "Only letters of this job; repeatable.")
        List<String> jobIds = new ArrayList<>();

        @Option(names = "--reason-contains", paramLabel = "TEXT", description = "Only letters whose reason contains TEXT.")
        String reasonContains;

        @Option(names = "--source-topic", paramLabel = "TOPIC", description = "Only letters from this source topic.")
        String sourceTopic;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "At most N letters (default: all).")
        long limit;

        @Option(names = "--dlq-topic", paramLabel = "TOPIC", description = "Dead-letter topic (default: derived from --reactor-id).")
        String topic;

        boolean matches(DeadLetter letter) {
            return (jobIds.isEmpty() || (letter.getJobId() != null && jobIds.contains(letter.getJobId())))
                && (reasonContains == null || letter.getReason().contains(reasonContains))
                && (sourceTopic == null || sourceTopic.equals(letter.getSourceTopic()));
        }
    }

    /**
     * Reads the letters present now (up to the topic's current end), in partition and offset order,
     * reporting progress; undecodable records are reported on stderr and skipped.
     */
    static List<Entry> read(CtlCommand command, String topic, Selection selection, Progress progress) {
        RecordFormat<DeadLetter> format = AvroSerdes.deadLetter().format();
        List<Entry> entries = new ArrayList<>();
        long scanned = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTopics.consumer(command.ctl().clientProps())) {
            List<TopicPartition> partitions = KafkaTopics.assignAll(consumer, topic, command.ctl().bootstrapServers(),
                command.ctl().timeout());
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + command.ctl().timeout().toNanos();
            while (!KafkaTopics.reached(consumer, ends) && (selection.limit < 0 || entries.size() < selection.limit)) {
                if (System.nanoTime() > deadline) {
                    throw new CtlException("reading " + topic + " did not reach its end within " + command.ctl().timeout().toSeconds()
                        + " s (" + scanned + " records read); raise --timeout");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= ends.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                        continue;
                    }
                    scanned++;
                    if (record.value() == null) {
                        continue;
                    }
                    DeadLetter letter;
                    try {
                        letter = format.decode(record.value());
                    } catch (SerializationException e) {
                        command.err().println("warning: skipped undecodable record at " + topic + "-" + record.partition()
                            + "@" + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    if (selection.matches(letter) && (selection.limit < 0 || entries.size() < selection.limit)) {
                        entries.add(new Entry(record.partition(), record.offset(), letter));
                    }
                }
                progress.update(scanned, "records read, " + entries.size() + " selected");
            }
        }
        entries.sort((a, b) -> a.partition != b.partition ? Integer.compare(a.partition, b.partition) : Long.compare(a.offset, b.offset));
        return entries;
    }

    static ObjectNode toJson(Entry e) {
        DeadLetter l = e.letter();
        ObjectNode node = ReactorClient.MAPPER.createObjectNode();
        node.put("partition", e.partition());
        node.put("offset", e.offset());
        node.put("reason", l.getReason());
        node.put("jobId", l.getJobId());
        node.put("sourceTopic", l.getSourceTopic());
        node.put("sourcePartition", l.getSourcePartition());
        node.put("sourceOffset", l.getSourceOffset());
        node.put("failedUtcMs", l.getFailedUtcMs());
        byte[] key = DeadLetters.originalKey(l);
        node.put("originalKey", key == null ? null : new String(key, StandardCharsets.UTF_8));
        node.put("originalValueBytes", l.getOriginalValue() == null ? 0 : l.getOriginalValue().remaining());
        return node;
    }

    static String where(Entry e) {
        return e.partition() + "@" + e.offset();
    }

    /** {@code dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dead letters present now.")
    static final class ListCommand extends CtlCommand {

        @picocli.CommandLine.Mixin
        Selection selection = new Selection();

        @Override
        int execute() {
            String topic = selection.topic != null ? selection.topic : ctl().reactorConfig().dlqTopic();
            Progress progress = new Progress(err(), "dlq list " + topic, -1, interactive());
            List<Entry> entries = read(this, topic, selection, progress);
            if (json()) {
                ArrayNode array = ReactorClient.MAPPER.createArrayNode();
                entries.forEach(e -> array.add(toJson(e)));
                printJson(array);
            } else {
                for (Entry e : entries) {
                    DeadLetter l = e.letter();
                    print(where(e) + " " + Instant.ofEpochMilli(l.getFailedUtcMs()) + " job=" + (l.getJobId() == null ? "-" : l.getJobId())
                        + " source=" + DeadLetters.source(l)
                        + " reason=" + l.getReason());
                }
                if (entries.isEmpty()) {
                    print("no dead letters in " + topic + (selectionGiven() ? " matching the selection" : ""));
                }
            }
            return 0;
        }

        private boolean selectionGiven() {
            return !selection.jobIds.isEmpty() || selection.reasonContains != null || selection.sourceTopic != null;
        }
    }

    /** {@code dlq replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-enqueue dead letters on the reactor's queue (the dead-letter topic keeps them; select with "
            + "--job-id / --reason-contains / --source-topic to avoid replaying twice).")
    static final class ReplayCommand extends CtlCommand {

        @picocli.CommandLine.Mixin
        Selection selection = new Selection();

        @Option(names = "--dry-run", description = "Show what would be replayed; produce nothing.")
        boolean dryRun;

        @Option(names = "--queue-topic", paramLabel = "TOPIC", description = "Queue to replay into (default: derived from --reactor-id).")
        String queueTopic;

        @Override
        int execute() {
            ReactorConfig config = ctl().reactorConfig();
            String topic = selection.topic != null ? selection.topic : config.dlqTopic();
            String queue = queueTopic != null ? queueTopic : config.queueTopic();
            List<Entry> entries = read(this, topic, selection, new Progress(err(), "dlq read " + topic, -1, interactive()));
            Progress progress = new Progress(err(), (dryRun ? "dlq replay (dry run) " : "dlq replay ") + "to " + queue,
                entries.size(), interactive());
            ArrayNode items = ReactorClient.MAPPER.createArrayNode();
            long replayed = 0;
            long skipped = 0;
            try (KafkaProducer<byte[], byte[]> producer = dryRun ? null : producer()) {
                for (Entry e : entries) {
                    DeadLetterReplayPlan.Decision decision = DeadLetterReplayPlan.plan(e.letter(), queue);
                    ObjectNode item = toJson(e);
                    if (decision instanceof DeadLetterReplayPlan.Replay replay) {
                        if (producer != null) {
                            send(producer, new ProducerRecord<>(queue, replay.key(), replay.value()));
                        }
                        replayed++;
                        item.put("action", dryRun ? "would replay" : "replayed").put("replayJobId", replay.jobId()).put("as", replay.how());
                        if (!json()) {
                            print((dryRun ? "would replay " : "replayed ") + where(e) + " -> " + queue + " job=" + replay.jobId()
                                + " (" + replay.how() + ")");
                        }
                    } else if (decision instanceof DeadLetterReplayPlan.Skip skip) {
                        skipped++;
                        item.put("action", "skipped").put("skipReason", skip.reason());
                        if (!json()) {
                            print("skipped " + where(e) + ": " + skip.reason());
                        }
                    }
                    items.add(item);
                    progress.update(replayed + skipped, "");
                }
            }
            progress.done(replayed + skipped, "(" + replayed + (dryRun ? " to replay" : " replayed") + ", " + skipped + " skipped)");
            if (json()) {
                ObjectNode summary = ReactorClient.MAPPER.createObjectNode();
                summary.put("dlqTopic", topic).put("queueTopic", queue).put("dryRun", dryRun)
                    .put("replayed", replayed).put("skipped", skipped);
                summary.set("items", items);
                printJson(summary);
            } else {
                print((dryRun ? "dry run: would replay " : "replayed ") + replayed + ", skipped " + skipped);
            }
            return 0;
        }

        private KafkaProducer<byte[], byte[]> producer() {
            Properties props = new Properties();
            props.putAll(ctl().clientProps());
            props.remove(org.apache.kafka.clients.CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1000, ctl().timeout().toMillis()));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(31_000, Math.min(Integer.MAX_VALUE, ctl().timeout().toMillis())));
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }

        private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
            try {
                producer.send(record).get(ctl().timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new CtlException("could not produce to " + record.topic() + ": " + rootMessage(e));
            } catch (TimeoutException e) {
                throw new CtlException("producing to " + record.topic() + " did not complete within " + ctl().timeout().toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtlException("interrupted while replaying");
            }
        }
    }
}
