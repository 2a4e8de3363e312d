package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The design's channel collection, in process: several two-way channels as one; a push goes to every
 * channel, a pull gathers every channel's records. Kafka-side, each remote is its own connector (or
 * task), so only tests compose channels this way.
 *
 * @param <C> the channels' type
 */
public final class ChannelCollection<C extends PullChannel & PushChannel> implements PullChannel, PushChannel {

    private final String name;
    private final List<C> channels;

    /** A collection named {@code name} over {@code channels}. */
    public ChannelCollection(String name, List<? extends C> channels) {
        this.name = name;
        this.channels = List.copyOf(channels);
    }

    /** The channels in this collection. */
    public List<C> channels() {
        return channels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<Void> push(List<Outbound> records) {
        return CompletableFuture.allOf(channels.stream().map(c -> c.push(records)).toArray(CompletableFuture[]::new));
    }

    /** Each record's future completes when every channel acknowledged it. */
    @Override
    public List<CompletableFuture<Void>> pushEach(List<Outbound> records) {
        List<List<CompletableFuture<Void>>> perChannel = channels.stream().map(c -> c.pushEach(records)).toList();
        List<CompletableFuture<Void>> futures = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            int record = i;
            futures.add(CompletableFuture.allOf(perChannel.stream().map(f -> f.get(record))
                .toArray(CompletableFuture[]::new)));
        }
        return futures;
    }

    /** Pulls from each channel in turn; the timeout is shared between them. */
    @Override
    public List<EventRecord> pull(Duration timeout) {
        List<EventRecord> all = new ArrayList<>();
        Duration each = channels.isEmpty() ? timeout : timeout.dividedBy(channels.size());
        for (C channel : channels) {
            all.addAll(channel.pull(each));
        }
        return all;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (C channel : channels) {
            try {
                channel.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
