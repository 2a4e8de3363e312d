package dev.docreactor.sync.manager;

import dev.docreactor.contract.DeadLetters;
import dev.docreactor.contract.Heartbeats;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.ValueSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The design's {@code ISyncManager}: turns records of a source reactor's event bus into records for a
 * target reactor's queue. It decodes, filters, drops echoes, batches one document's operations into
 * one LOAD job (in event-bus order, within the batch limits) and dead-letters what it cannot decode
 * or what is too large to deliver.
 *
 * <p>Echo rule: an operation whose origin is the target reactor is never sent back to it as LOAD; a
 * non-re-applied echo is turned into a SYNC_ACK job instead, telling the target that the source
 * reactor applied it. Re-applied copies (rebases) are not re-sent: their original already was.
 *
 * <p>Pure logic, no Kafka clients; one instance per task, not thread-safe.
 */
public final class SyncManager {

    /** Bytes a job needs beyond its operations' encoded size (header, ids, fields): a safe estimate. */
    static final int JOB_OVERHEAD_BYTES = 256;

    private final SyncSettings settings;
    private final Clock clock;
    private final Deserializer<Operation> operations;
    private final Serializer<Job> jobs;
    private final Serializer<DeadLetter> deadLetters;

    /** A manager with the given settings and the wall clock. */
    public SyncManager(SyncSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A manager with the given settings and clock (for {@code submittedUtcMs} and {@code failedUtcMs}). */
    public SyncManager(SyncSettings settings, Clock clock) {
        this(settings, clock, ValueSerdes.defaults());
    }

    /** A manager reading and writing values with {@code serdes} (the connector's {@code reactor.value.*} settings). */
    public SyncManager(SyncSettings settings, Clock clock, ValueSerdes serdes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.operations = serdes.operation().deserializer();
        this.jobs = serdes.job().serializer();
        this.deadLetters = serdes.deadLetter().serializer();
    }

    /** The settings this manager applies. */
    public SyncSettings settings() {
        return settings;
    }

    /**
     * Plans the target-side records for a batch of event-bus records.
     *
     * @param records records in event-bus order per partition
     * @return the outbound records and counts
     */
    public SyncPlan plan(List<EventRecord> records) {
        Map<GroupKey, List<Item>> groups = new LinkedHashMap<>();
        List<Outbound> out = new ArrayList<>();
        Map<Integer, Long> endCursors = new LinkedHashMap<>();
        int filtered = 0;
        int echoes = 0;
        int reapplied = 0;
        for (EventRecord record : records) {
            endCursors.merge(record.partition(), record.offset() + 1, Math::max);
            if (record.value() == null) {
                filtered++;
                continue;
            }
            Operation op;
            try {
                op = operations.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                // External bytes: any failure to decode them is bad data, not a bug of ours.
                out.add(deadLetter(record, "Undecodable event-bus record: " + e.getMessage()));
                continue;
            }
            boolean echo = settings.targetReactorId().equals(op.getOrigin());
            if (op.getReapplied()) {
                if (echo || settings.skipReapplied()) {
                    reapplied++;
                    continue;
                }
            }
            if (!settings.filter().admits(op)) {
                filtered++;
                continue;
            }
            JobKind kind = JobKind.LOAD;
            if (echo) {
                echoes++;
                if (!settings.acknowledge()) {
                    continue;
                }
                kind = JobKind.SYNC_ACK;
            }
            GroupKey key = new GroupKey(record.partition(), kind, op.getDocumentId(), op.getBranch());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Item(record, op));
        }
        groups.forEach((key, items) -> batch(key, items, out));
        return new SyncPlan(withCursors(out, endCursors), Map.copyOf(endCursors), records.size(), filtered, echoes,
            reapplied, (int) out.stream().filter(Outbound::isDeadLetter).count());
    }

    /** Splits one document's items into jobs within the batch limits. */
    private void batch(GroupKey key, List<Item> items, List<Outbound> out) {
        List<Item> current = new ArrayList<>();
        long bytes = JOB_OVERHEAD_BYTES;
        for (Item item : items) {
            int size = item.record.value().length;
            if (JOB_OVERHEAD_BYTES + size > settings.batchMaxBytes()) {
                out.add(deadLetter(item.record, "Operation " + item.op.getId() + " of document "
                    + item.op.getDocumentId() + " is " + size + " bytes; a job may hold at most "
                    + settings.batchMaxBytes() + " bytes (batch.max.bytes), so the target would reject it"));
                continue;
            }
            if (!current.isEmpty()
                && (current.size() >= settings.batchMaxOperations() || bytes + size > settings.batchMaxBytes())) {
                out.add(job(key, current));
                current = new ArrayList<>();
                bytes = JOB_OVERHEAD_BYTES;
            }
            current.add(item);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(job(key, current));
        }
    }

    private Outbound job(GroupKey key, List<Item> items) {
        EventRecord first = items.get(0).record;
        List<Operation> ops = new ArrayList<>(items.size());
        long oldest = Long.MAX_VALUE;
        for (Item item : items) {
            ops.add(item.op);
            oldest = Math.min(oldest, item.op.getTimestampUtcMs());
        }
        Operation firstOp = items.get(0).op;
        String prefix = key.kind == JobKind.LOAD ? "load" : "ack";
        Job job = Job.newBuilder()
            .setJobId(prefix + ":" + settings.sourceReactorId() + ":" + first.topic() + ":" + first.partition() + ":"
                + first.offset())
            .setKind(key.kind)
            .setDocumentId(key.documentId)
            .setDocumentType(firstOp.getDocumentType())
            .setBranch(key.branch)
            .setOperations(ops)
            .setSource(settings.sourceReactorId())
            .setSubmittedUtcMs(clock.millis())
            .build();
        byte[] value = jobs.serialize(settings.targetQueueTopic(), job);
        return new Outbound(job, null, key.documentId.getBytes(StandardCharsets.UTF_8), value, key.partition,
            first.offset(), -1, ops.size(), oldest);
    }

    /**
     * A HEARTBEAT job for the target queue: every operation of the source appended before
     * {@code watermarkMs} was read and planned ahead of it. It covers no event-bus record, so it moves
     * no cursor.
     *
     * @param watermarkMs the time, epoch ms UTC, up to which the source's event bus was read
     */
    public Outbound heartbeat(long watermarkMs) {
        String key = Heartbeats.queueKey(settings.sourceReactorId());
        Job job = Job.newBuilder()
            .setJobId("heartbeat:" + settings.sourceReactorId() + ":" + watermarkMs)
            .setKind(JobKind.HEARTBEAT)
            .setDocumentId(key)
            .setSource(settings.sourceReactorId())
            .setSubmittedUtcMs(watermarkMs)
            .build();
        return new Outbound(job, null, key.getBytes(StandardCharsets.UTF_8),
            jobs.serialize(settings.targetQueueTopic(), job), -1, -1, -1, 0, -1);
    }

    private Outbound deadLetter(EventRecord record, String reason) {
        DeadLetter letter = DeadLetters.of(reason, record.topic(), record.partition(), record.offset(), record.key(),
            record.value(), null, clock.millis());
        return new Outbound(null, letter, record.key(), deadLetters.serialize(settings.deadLetterTopic(), letter),
            record.partition(), record.offset(), -1, 0, -1);
    }

    /**
     * Orders the outbound records per partition by first offset and gives each the position that is
     * safe to resume from once it is written: the next record's first offset, or the partition's end.
     */
    private static List<Outbound> withCursors(List<Outbound> out, Map<Integer, Long> endCursors) {
        List<Outbound> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(Outbound::sourcePartition).thenComparingLong(Outbound::firstOffset));
        List<Outbound> result = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Outbound o = sorted.get(i);
            boolean lastOfPartition = i + 1 == sorted.size() || sorted.get(i + 1).sourcePartition() != o.sourcePartition();
            long cursor = lastOfPartition ? endCursors.get(o.sourcePartition()) : sorted.get(i + 1).firstOffset();
            result.add(o.withCursorAfter(cursor));
        }
        return List.copyOf(result);
    }

    private record GroupKey(int partition, JobKind kind, String documentId, String branch) {
    }

    private record Item(EventRecord record, Operation op) {
    }
}
