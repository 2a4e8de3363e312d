package dev.docreactor.sync.connect;

import dev.docreactor.contract.DeadLetters;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.channel.DeliveredWatermark;
import dev.docreactor.sync.channel.PushChannel;
import dev.docreactor.sync.channel.RemoteQueueWriter;
import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import dev.docreactor.sync.manager.SyncManager;
import dev.docreactor.sync.manager.SyncPlan;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push task: turns the local event-bus records Connect delivers into jobs (the {@link SyncManager})
 * and pushes them to the remote queue through a {@link PushChannel}. {@link #put} returns only when
 * the remote acknowledged every job, so Connect commits the consumer offset (the cursor) only past
 * delivered records. When the remote cannot be reached, put throws a retriable exception and Connect
 * redelivers the same records after a growing backoff (its partitions paused meanwhile): nothing is lost,
 * duplicates are absorbed by the receiver's idempotency. A put is bounded in time whatever the remote
 * does (see {@link #deliver}). A job the remote rejects becomes a dead letter (a reference when it is too
 * large); errors no retry cures fail the task with what to change.
 */
public final class SyncSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(SyncSinkTask.class);

    private SyncTaskSupport task;
    private SyncTaskConfig config;
    private String remote;
    private SyncMetrics metrics;
    private PushChannel channel;
    private final DeliveredWatermark watermark = new DeliveredWatermark();
    private long heartbeatIntervalMs;
    private long nextHeartbeatAtMs;
    private long lastHeartbeatWatermarkMs = -1;
    /** When the last put returned: the consumer's next poll began then. */
    private long lastPutReturnedMs = -1;

    @Override
    public String version() {
        return Version.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        task = new SyncTaskSupport(props, SyncMode.PUSH, context.pluginMetrics(), log);
        config = task.config();
        remote = task.remote();
        metrics = task.metrics();
        // Push lag is Connect's own sink consumer metric (records-lag-max); this task cannot see it.
        metrics.lag(-1);
        // Connect's consumer group holds the cursor, so the channel only writes.
        channel = new RemoteQueueWriter(remote, config.targetQueueTopic(), config.deadLetterTopic(),
            task.clientConfig(config.targetClientConfig()), config.remoteTimeout());
        heartbeatIntervalMs = config.heartbeatInterval().toMillis();
        // Also the first poll: otherwise Connect waits up to offset.flush.interval.ms for the first put.
        context.timeout(heartbeatIntervalMs);
        task.logStarted();
    }

    /**
     * Delivers the records, then a heartbeat when one is due. Connect calls put also with no record
     * when its poll found nothing; the poll waits at most the heartbeat interval (set through
     * {@code context.timeout}), so heartbeats flow while the event bus is idle.
     */
    @Override
    public void put(Collection<SinkRecord> records) {
        List<Integer> assigned = context.assignment().stream().map(TopicPartition::partition).toList();
        if (records.isEmpty()) {
            if (lastPutReturnedMs > 0) {
                watermark.drained(assigned, lastPutReturnedMs);
            }
        } else {
            replicate(records);
        }
        maybeHeartbeat(assigned, !records.isEmpty());
        context.timeout(heartbeatIntervalMs);
        lastPutReturnedMs = System.currentTimeMillis();
    }

    private void replicate(Collection<SinkRecord> records) {
        long now = System.currentTimeMillis();
        List<EventRecord> events = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            events.add(new EventRecord(r.originalTopic(), r.originalKafkaPartition(), r.originalKafkaOffset(),
                r.timestamp() == null ? now : r.timestamp(), bytes(r.key(), "key"), bytes(r.value(), "value")));
            if (r.timestamp() != null) {
                metrics.recordAge(now - r.timestamp());
            }
        }
        SyncPlan plan = task.manager().plan(events);
        deliver(plan.outbound());
        task.remoteAnswered();
        for (EventRecord event : events) {
            watermark.delivered(event.partition(), event.timestampMs());
        }
    }

    /**
     * Pushes a heartbeat when one is due and the delivered watermark moved since the last one. When it
     * fails after this put delivered records, the put still succeeds (redelivering them would only
     * duplicate them) and the next put tries again; after an empty put the failure is retried through
     * Connect's backoff like any other.
     */
    private void maybeHeartbeat(List<Integer> assigned, boolean afterRecords) {
        long now = System.currentTimeMillis();
        if (now < nextHeartbeatAtMs) {
            return;
        }
        nextHeartbeatAtMs = now + heartbeatIntervalMs;
        long through = watermark.watermarkMs(assigned);
        if (through <= lastHeartbeatWatermarkMs) {
            return;
        }
        try {
            deliver(List.of(task.manager().heartbeat(through)));
        } catch (org.apache.kafka.connect.errors.RetriableException e) {
            if (!afterRecords) {
                throw e;
            }
            log.debug("Remote {}: heartbeat not delivered, next put retries: {}", remote, e.toString());
            nextHeartbeatAtMs = now;
            return;
        }
        lastHeartbeatWatermarkMs = through;
    }

    /**
     * Pushes the records and waits for the remote, at most {@code remote.timeout.ms} (plus a margin) for
     * all of them together; with the channel sending nothing more once the remote proved unreachable,
     * a put returns in about two remote timeouts whatever the remote does, well within the consumer's
     * {@code max.poll.interval.ms}. Jobs the remote refuses become dead letters, pushed in turn; a dead
     * letter the remote refuses fails the task with what to change (it would be refused forever).
     */
    private void deliver(List<Outbound> outbound) {
        List<Outbound> rejected = new ArrayList<>();
        List<Throwable> reasons = new ArrayList<>();
        long deadlineNs = System.nanoTime() + config.remoteTimeout().plusSeconds(10).toNanos();
        try {
            List<CompletableFuture<Void>> futures = channel.pushEach(outbound);
            for (int i = 0; i < futures.size(); i++) {
                Outbound job = outbound.get(i);
                Throwable error = await(futures.get(i), deadlineNs);
                if (error == null) {
                    metrics.recordDelivered(job);
                } else if (isRejection(error)) {
                    if (job.isDeadLetter()) {
                        throw new ConnectException("Remote " + remote + " refuses even the dead letter of "
                            + DeadLetters.source(job.deadLetter()) + " (" + error + "): raise max.message.bytes of "
                            + config.deadLetterTopic() + " on the remote cluster, then restart this task", error);
                    }
                    rejected.add(job);
                    reasons.add(error);
                } else if (isConfigurationError(error)) {
                    throw new ConnectException("Remote " + remote + " refuses this connector (" + error + "): check "
                        + "target.* security settings, ACLs and the topics " + config.targetQueueTopic() + " and "
                        + config.deadLetterTopic() + " on the remote cluster", error);
                } else if (error instanceof org.apache.kafka.common.KafkaException) {
                    throw retry(error);
                } else {
                    throw new ConnectException("Push to remote " + remote + " failed", error);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.connect.errors.RetriableException("Interrupted while pushing to " + remote, e);
        }
        if (!rejected.isEmpty()) {
            List<Outbound> letters = new ArrayList<>(rejected.size());
            for (int i = 0; i < rejected.size(); i++) {
                letters.add(deadLetter(rejected.get(i), reasons.get(i)));
            }
            log.warn("Remote {} rejected {} job(s); dead-lettered to {}: {}", remote, rejected.size(),
                config.deadLetterTopic(), reasons.get(0).toString());
            deliver(letters);
        }
    }

    private static Throwable await(CompletableFuture<Void> future, long deadlineNs) throws InterruptedException {
        try {
            future.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return new org.apache.kafka.common.errors.TimeoutException("No acknowledgement from the remote in time", e);
        }
    }

    /** Errors meaning the remote refuses this record, whatever the retries: dead-letter it. */
    private static boolean isRejection(Throwable error) {
        return isTooLarge(error) || error instanceof InvalidRecordException || error instanceof CorruptRecordException
            || error instanceof SerializationException;
    }

    private static boolean isTooLarge(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException;
    }

    /** Errors no retry can cure: the task fails with what to change instead of backing off forever. */
    private static boolean isConfigurationError(Throwable error) {
        return error instanceof AuthenticationException || error instanceof AuthorizationException
            || error instanceof InvalidTopicException || error instanceof UnsupportedVersionException;
    }

    private RuntimeException retry(Throwable error) {
        long wait = task.remoteFailed(error, "redelivering");
        channel.reset();
        // Connect pauses the consumer's partitions and redelivers the same records after this wait.
        context.timeout(wait);
        return new org.apache.kafka.connect.errors.RetriableException("Push to remote " + remote + " failed", error);
    }

    /**
     * The dead letter of a job the remote refused. A job refused for its size is dead-lettered as a
     * reference (event-bus topic, partition, first offset, reason, no payload): embedding it would only
     * make a record larger still, refused in turn.
     */
    private Outbound deadLetter(Outbound job, Throwable reason) {
        boolean tooLarge = isTooLarge(reason);
        String why = "Remote " + remote + " rejected job " + job.job().getJobId() + " (" + job.operationCount()
            + " operation(s), " + job.value().length + " bytes): " + reason + (tooLarge ? "; the job is not embedded: "
            + "its operations are on " + config.sourceTopic() + " partition " + job.sourcePartition() + " from offset "
            + job.firstOffset() + ", lower batch.max.bytes or raise the remote queue's max.message.bytes" : "");
        DeadLetter letter = DeadLetters.of(why, config.sourceTopic(), job.sourcePartition(), job.firstOffset(),
            job.key(), tooLarge ? null : job.value(), job.job().getJobId(), System.currentTimeMillis());
        byte[] value = config.valueSerdes().deadLetter().serializer().serialize(config.deadLetterTopic(), letter);
        return new Outbound(null, letter, job.key(), value, job.sourcePartition(), job.firstOffset(), job.cursorAfter(),
            0, -1);
    }

    private byte[] bytes(Object value, String what) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        throw new ConnectException("The push connector needs raw bytes but got a " + value.getClass().getName()
            + " record " + what + ": set " + what + ".converter=org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    @Override
    public void stop() {
        if (channel != null) {
            channel.close();
        }
        log.info("Push task for remote {} stopped", remote);
    }
}
