package dev.docreactor.sync.connect;

import dev.docreactor.sync.channel.PullChannel;
import dev.docreactor.sync.channel.RemoteEventBusReader;
import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import dev.docreactor.sync.manager.SyncManager;
import dev.docreactor.sync.manager.SyncPlan;
import dev.docreactor.sync.scheduler.AdaptiveSchedulePolicy;
import dev.docreactor.sync.scheduler.Observation;
import dev.docreactor.sync.scheduler.RateTracker;
import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.SourceOffsetSyncStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull task: reads its share of the remote event bus through a {@link PullChannel}, lets the
 * {@link SyncManager} plan jobs, hands them to Connect as records for the local queue (dead letters
 * for the dead-letter topic) with the cursor as source offset. Each pull long-polls: it returns as soon
 * as the remote has records, so while operations flow nothing waits on a timer; between pulls the task
 * pauses only as the {@link AdaptiveSchedulePolicy} decides (local backpressure, an idle peer). A remote
 * outage is retried with backoff; nothing is lost because the cursor only moves with records Connect has
 * written.
 */
public final class SyncSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SyncSourceTask.class);
    /**
     * The longest a pull waits for the remote's records (less when a heartbeat is due sooner): bounds how
     * long Connect waits to pause or stop the task. Records end the wait at once.
     */
    private static final Duration LONG_POLL_MAX = Duration.ofMillis(500);
    private static final Duration MAX_SLEEP = Duration.ofMillis(500);
    private static final long PROBE_EVERY_MS = 2_000;

    private SyncTaskSupport task;
    private SyncTaskConfig config;
    private String remote;
    private PullChannel channel;
    private AdaptiveSchedulePolicy policy;
    private final RateTracker rates = new RateTracker(0.3);
    private SyncMetrics metrics;
    private LocalQueueLagProbe localLag;
    private Observation observation = Observation.idle();
    private final Map<SourceRecord, Outbound> inFlight = new IdentityHashMap<>();
    private long nextPollAtMs;
    private long nextProbeAtMs;
    /** When a pull last returned records (at first: the start): the peer's last known activity. */
    private long lastRecordsAtMs;
    /** False from a pull that failed to reach the remote until one reaches it again. */
    private boolean remoteAnswering = true;
    private long heartbeatIntervalMs;
    private long nextHeartbeatAtMs;
    private long lastHeartbeatWatermarkMs = -1;
    private volatile boolean stopping;
    /** The scheduler's pause between polls: stop() notifies it, so a stopping task does not sit out the pause. */
    private final Object pause = new Object();
    /** Held while the poll thread uses the channel, so stop() closes it only between polls. */
    private final Object channelLock = new Object();

    @Override
    public String version() {
        return Version.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        task = new SyncTaskSupport(props, SyncMode.PULL, context.pluginMetrics(), log);
        config = task.config();
        remote = task.remote();
        metrics = task.metrics();
        policy = new AdaptiveSchedulePolicy(config.schedulerSettings());
        heartbeatIntervalMs = config.heartbeatInterval().toMillis();
        lastRecordsAtMs = System.currentTimeMillis();
        // The cursors of every partition this task could own; partitions beyond this are read from the start.
        List<CursorKey> keys = IntStream.range(0, 1024).filter(config::ownsPartition)
            .mapToObj(p -> new CursorKey(remote, config.sourceTopic(), p)).toList();
        SourceOffsetSyncStorage storage = new SourceOffsetSyncStorage(context.offsetStorageReader(), keys);
        Map<String, Object> client = config.sourceClientConfig();
        client.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.pollMaxRecords());
        channel = new RemoteEventBusReader(remote, config.sourceTopic(), task.clientConfig(client), storage,
            config::ownsPartition, config.remoteTimeout());
        if (!config.getString(SyncConnectorConfig.TARGET_BOOTSTRAP_SERVERS).isBlank()) {
            localLag = new LocalQueueLagProbe(config.targetClientConfig(), config.targetQueueTopic(),
                config.targetConsumerGroup(), config.remoteTimeout(), Duration.ofMillis(probeEveryMs()));
        }
        task.logStarted();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now < nextPollAtMs) {
            if (now >= nextHeartbeatAtMs) {
                return heartbeatOnly(now);
            }
            long waitMs = Math.min(Math.min(nextPollAtMs, nextHeartbeatAtMs) - now, MAX_SLEEP.toMillis());
            synchronized (pause) {
                if (!stopping) {
                    pause.wait(waitMs); // until the next poll or heartbeat is due, or stop() ends the wait
                }
            }
            return null;
        }
        synchronized (channelLock) {
            if (stopping) {
                return null;
            }
            if (remoteAnswering) {
                // Before the pull, so its round trip delays no record already pulled; not while the remote
                // fails, where the pull's own retries tell when it is back.
                probe(now);
            }
            long longPollMs = Math.max(0, Math.min(LONG_POLL_MAX.toMillis(), nextHeartbeatAtMs - now));
            List<EventRecord> records;
            try {
                records = channel.pull(Duration.ofMillis(longPollMs));
                task.remoteAnswered();
                remoteAnswering = true;
            } catch (WakeupException e) {
                return null;
            } catch (RetriableException e) {
                backoff(e);
                return null;
            } catch (KafkaException e) {
                if (e.getCause() instanceof RetriableException) {
                    backoff(e);
                    return null;
                }
                throw e;
            }
            List<SourceRecord> out = new ArrayList<>(convert(records));
            schedule(records);
            maybeHeartbeat(System.currentTimeMillis(), out);
            return out.isEmpty() ? null : out;
        }
    }

    /**
     * Between pulls: measures the remote (one round trip) so the read watermark can move, and hands
     * Connect a heartbeat when it did. While the remote cannot be reached, nothing is sent: the target's
     * replication lag grows, as it should.
     */
    private List<SourceRecord> heartbeatOnly(long now) {
        synchronized (channelLock) {
            if (stopping) {
                return null;
            }
            nextProbeAtMs = 0;
            try {
                probe(now);
            } catch (KafkaException e) {
                // Also a non-retriable failure only means "no heartbeat now": the next pull reports it.
                log.debug("Remote {}: no heartbeat measurement now: {}", remote, e.toString());
            }
            List<SourceRecord> out = new ArrayList<>(1);
            maybeHeartbeat(now, out);
            return out.isEmpty() ? null : out;
        }
    }

    /**
     * Appends a heartbeat after the records of this poll when one is due and the read watermark moved
     * since the last one: Connect writes it after them, so the target applies it after their jobs.
     */
    private void maybeHeartbeat(long now, List<SourceRecord> out) {
        if (now < nextHeartbeatAtMs) {
            return;
        }
        nextHeartbeatAtMs = now + heartbeatIntervalMs;
        long watermark = channel.readThroughMs();
        if (watermark <= lastHeartbeatWatermarkMs) {
            return;
        }
        lastHeartbeatWatermarkMs = watermark;
        Outbound heartbeat = task.manager().heartbeat(watermark);
        // Its own source partition: a heartbeat moves no event-bus cursor.
        SourceRecord record = new SourceRecord(Map.of("remote", remote, "heartbeat", Integer.toString(config.taskIndex())),
            Map.of("watermark", watermark), config.targetQueueTopic(), null, Schema.OPTIONAL_BYTES_SCHEMA,
            heartbeat.key(), Schema.BYTES_SCHEMA, heartbeat.value(), now);
        synchronized (inFlight) {
            inFlight.put(record, heartbeat);
        }
        out.add(record);
    }

    private List<SourceRecord> convert(List<EventRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        long bytes = 0;
        for (EventRecord r : records) {
            metrics.recordAge(now - r.timestampMs());
            bytes += r.sizeInBytes();
        }
        rates.record(records.size(), bytes, System.nanoTime());
        SyncPlan plan = task.manager().plan(records);
        List<SourceRecord> out = new ArrayList<>(plan.outbound().size());
        for (Outbound o : plan.outbound()) {
            CursorKey key = new CursorKey(remote, config.sourceTopic(), o.sourcePartition());
            String topic = o.isDeadLetter() ? config.deadLetterTopic() : config.targetQueueTopic();
            SourceRecord record = new SourceRecord(key.toSourcePartition(),
                SourceOffsetSyncStorage.sourceOffset(o.cursorAfter()), topic, null, Schema.OPTIONAL_BYTES_SCHEMA,
                o.key(), Schema.BYTES_SCHEMA, o.value(), now);
            synchronized (inFlight) {
                inFlight.put(record, o);
            }
            out.add(record);
        }
        if (plan.deadLetters() > 0) {
            log.warn("Remote {}: {} record(s) dead-lettered to {}", remote, plan.deadLetters(), config.deadLetterTopic());
        }
        log.trace("Remote {}: read {}, filtered {}, echoes {}, re-applied skipped {}, {} record(s) out", remote,
            plan.read(), plan.filtered(), plan.echoes(), plan.reappliedSkipped(), out.size());
        return out;
    }

    /** How often the remote and the local queue are measured. */
    private long probeEveryMs() {
        return Math.min(PROBE_EVERY_MS, heartbeatIntervalMs);
    }

    /**
     * Measures the round trip to the remote now and then (it moves the read watermark the heartbeats carry);
     * failures here only mean "unknown".
     */
    private void probe(long now) {
        if (now < nextProbeAtMs) {
            return;
        }
        nextProbeAtMs = now + probeEveryMs();
        Duration roundTrip;
        try {
            roundTrip = channel.probe();
        } catch (RetriableException | WakeupException e) {
            log.debug("Remote {}: cannot measure the round trip now: {}", remote, e.toString());
            roundTrip = null;
        }
        observation = observation.withRoundTrip(roundTrip);
        if (roundTrip != null) {
            metrics.roundTrip(roundTrip.toMillis());
        }
    }

    private void schedule(List<EventRecord> records) {
        long now = System.currentTimeMillis();
        if (!records.isEmpty()) {
            lastRecordsAtMs = now;
        }
        observation = observation.withPoll(records.size(), channel.backlog())
            .withRate(rates.ratePerSecond(), rates.averageOperationBytes())
            .withSincePeerActivity(Duration.ofMillis(Math.max(0, now - lastRecordsAtMs)));
        if (localLag != null) {
            long lag = localLag.lag();
            observation = observation.withLocalQueueLag(lag);
            metrics.localQueueLag(lag);
        }
        Duration wait = policy.next(observation);
        metrics.schedulerInterval(wait.toMillis());
        metrics.lag(observation.backlog());
        nextPollAtMs = now + wait.toMillis();
    }

    private void backoff(Exception e) {
        remoteAnswering = false;
        nextPollAtMs = System.currentTimeMillis() + task.remoteFailed(e, "retrying");
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Outbound o;
        synchronized (inFlight) {
            o = inFlight.remove(record);
        }
        if (o == null || metadata == null) {
            return;
        }
        metrics.recordDelivered(o);
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        if (channel != null) {
            channel.wakeup();
            synchronized (channelLock) {
                channel.close();
            }
        }
        if (localLag != null) {
            localLag.close();
        }
        log.info("Pull task for remote {} stopped", remote);
    }

}
