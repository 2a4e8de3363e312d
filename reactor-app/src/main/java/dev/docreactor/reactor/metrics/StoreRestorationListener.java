package dev.docreactor.reactor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the restoration of state stores from their changelogs (after local state was lost, or when a
 * task moves to this instance): one INFO line when a store partition starts restoring, one at most
 * every {@link #PROGRESS_INTERVAL} while it restores, one when it ends or is suspended, each with
 * counts and duration; and the meters in {@link #METRICS}, tagged {@code store}.
 */
public final class StoreRestorationListener implements StateRestoreListener {

    /** Records restored from changelogs (a counter). */
    public static final String RESTORED = "reactor.restore.records.restored";
    /** Changelog offsets still to restore (a gauge; an upper bound of the records). */
    public static final String REMAINING = "reactor.restore.records.remaining";
    /** Store partitions restoring now (a gauge). */
    public static final String ACTIVE = "reactor.restore.active";
    /** The longest a progress line is held back. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    /** Every meter with its description, for documentation and checks. */
    public static final Map<String, String> METRICS;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(RESTORED, "Records restored into state stores from their changelogs, per store.");
        all.put(REMAINING, "Changelog offsets still to restore, per store (an upper bound of the records: "
            + "transaction markers and compacted offsets count too); 0 when nothing restores.");
        all.put(ACTIVE, "Store partitions restoring now; the reactor answers reads of their documents only when it is done.");
        METRICS = Collections.unmodifiableMap(all);
    }

    private static final Logger log = LoggerFactory.getLogger(StoreRestorationListener.class);

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> remainingByStore = new ConcurrentHashMap<>();
    private final Map<String, Counter> restoredByStore = new ConcurrentHashMap<>();
    private final Map<Restoring.Key, Restoring> active = new ConcurrentHashMap<>();

    /** Registers the untagged meters at once; the per-store ones when their store first restores. */
    public StoreRestorationListener(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(ACTIVE, active, Map::size).description(METRICS.get(ACTIVE)).register(registry);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        long toRestore = Math.max(0, endingOffset - startingOffset);
        Restoring restoring = new Restoring(toRestore, System.nanoTime());
        Restoring previous = active.put(new Restoring.Key(storeName, partition), restoring);
        if (previous != null) {
            remaining(storeName).addAndGet(-previous.remaining());
        }
        remaining(storeName).addAndGet(toRestore);
        if (toRestore > 0) {
            log.info("Restoring store {} partition {} from {}: up to {} records (offsets {} to {})", storeName,
                partition.partition(), partition.topic(), toRestore, startingOffset, endingOffset);
        } else {
            log.debug("Store {} partition {} is up to date with {} at offset {}", storeName, partition.partition(),
                partition.topic(), endingOffset);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        restored(storeName).increment(numRestored);
        Restoring restoring = active.get(new Restoring.Key(storeName, partition));
        if (restoring == null) {
            return;
        }
        long decrement = restoring.restored(numRestored);
        remaining(storeName).addAndGet(-decrement);
        if (restoring.progressDue(System.nanoTime(), PROGRESS_INTERVAL)) {
            log.info("Restoring store {} partition {}: {} records restored, up to {} to go, {} ms so far", storeName,
                partition.partition(), restoring.restored(), restoring.remaining(), restoring.elapsedMs());
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        Restoring restoring = finish(partition, storeName);
        if (restoring != null && restoring.wasEmpty()) {
            return;
        }
        log.info("Restored store {} partition {}: {} records in {} ms", storeName, partition.partition(), totalRestored,
            restoring == null ? 0 : restoring.elapsedMs());
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        Restoring restoring = finish(partition, storeName);
        log.info("Restoring store {} partition {} suspended (the task left this instance) after {} records in {} ms",
            storeName, partition.partition(), totalRestored, restoring == null ? 0 : restoring.elapsedMs());
    }

    private Restoring finish(TopicPartition partition, String storeName) {
        Restoring restoring = active.remove(new Restoring.Key(storeName, partition));
        if (restoring != null) {
            remaining(storeName).addAndGet(-restoring.remaining());
        }
        return restoring;
    }

    private AtomicLong remaining(String store) {
        return remainingByStore.computeIfAbsent(store, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(REMAINING, value, AtomicLong::get).tag("store", s).description(METRICS.get(REMAINING)).register(registry);
            return value;
        });
    }

    private Counter restored(String store) {
        return restoredByStore.computeIfAbsent(store, s ->
            Counter.builder(RESTORED).tag("store", s).description(METRICS.get(RESTORED)).register(registry));
    }

    /** One store partition being restored; its counts change on the one thread restoring it. */
    private static final class Restoring {

        record Key(String store, TopicPartition partition) {
        }

        private final long started;
        private final boolean empty;
        private long remaining;
        private long restored;
        private long lastProgress;

        Restoring(long remaining, long started) {
            this.remaining = remaining;
            this.empty = remaining == 0;
            this.started = started;
            this.lastProgress = started;
        }

        /** Counts a batch; answers how much the remaining count went down (never below 0). */
        synchronized long restored(long records) {
            restored += records;
            long decrement = Math.min(remaining, records);
            remaining -= decrement;
            return decrement;
        }

        synchronized long restored() {
            return restored;
        }

        synchronized long remaining() {
            return remaining;
        }

        synchronized boolean progressDue(long now, Duration interval) {
            if (now - lastProgress < interval.toNanos()) {
                return false;
            }
            lastProgress = now;
            return true;
        }

        /** Whether there was nothing to restore (logged at DEBUG only: every start has many such partitions). */
        boolean wasEmpty() {
            return empty;
        }

        long elapsedMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
    }
}
