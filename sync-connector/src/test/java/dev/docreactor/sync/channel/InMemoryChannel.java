package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.SyncStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The memory transport, a test double: a two-way channel to a remote whose event bus and queue are
 * lists in this JVM. The read position starts at the storage's cursor (or the beginning) and moves
 * with each pull.
 */
public final class InMemoryChannel implements PullChannel, PushChannel {

    private final String name;
    private final String eventBusTopic;
    private final InMemoryEventBus remoteBus;
    private final List<Outbound> remoteQueue;
    private final SyncStorage storage;
    private final Map<Integer, Long> positions = new HashMap<>();
    private boolean failing;

    /**
     * @param name the remote's name
     * @param remoteBus the remote's event bus, read by {@link #pull}
     * @param remoteQueue where {@link #push} delivers
     * @param storage the cursors a pull starts from
     */
    public InMemoryChannel(String name, InMemoryEventBus remoteBus, List<Outbound> remoteQueue, SyncStorage storage) {
        this.name = name;
        this.eventBusTopic = remoteBus.topic();
        this.remoteBus = remoteBus;
        this.remoteQueue = remoteQueue;
        this.storage = storage;
    }

    @Override
    public String name() {
        return name;
    }

    /** Makes the remote unreachable ({@code true}) or reachable again. */
    public synchronized void setUnreachable(boolean unreachable) {
        this.failing = unreachable;
    }

    /** While unreachable, even an empty push fails. */
    @Override
    public synchronized CompletableFuture<Void> push(List<Outbound> records) {
        if (failing) {
            return CompletableFuture.failedFuture(unreachable());
        }
        return PushChannel.super.push(records);
    }

    @Override
    public synchronized List<CompletableFuture<Void>> pushEach(List<Outbound> records) {
        if (failing) {
            return records.stream().map(r -> CompletableFuture.<Void>failedFuture(unreachable())).toList();
        }
        synchronized (remoteQueue) {
            remoteQueue.addAll(records);
        }
        return records.stream().map(r -> CompletableFuture.<Void>completedFuture(null)).toList();
    }

    private IllegalStateException unreachable() {
        return new IllegalStateException("remote " + name + " is unreachable");
    }

    @Override
    public synchronized List<EventRecord> pull(Duration timeout) {
        if (failing) {
            throw unreachable();
        }
        List<EventRecord> result = new ArrayList<>();
        for (int partition = 0; partition < remoteBus.partitions(); partition++) {
            int p = partition;
            long from = positions.computeIfAbsent(p, k ->
                storage.cursor(new CursorKey(name, eventBusTopic, k)).orElse(0L));
            List<EventRecord> records = remoteBus.read(p, from);
            if (!records.isEmpty()) {
                positions.put(p, records.get(records.size() - 1).offset() + 1);
                result.addAll(records);
            }
        }
        return result;
    }

    /** Nothing to release: the remote's lists belong to the test. */
    @Override
    public void close() {
    }

    /** Forgets the read positions, so the next pull starts at the stored cursors (a restart). */
    public synchronized void rewindToCursors() {
        positions.clear();
    }
}
