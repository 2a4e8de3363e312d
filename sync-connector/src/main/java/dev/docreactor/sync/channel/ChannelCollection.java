package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.EventRecord;
import dev.docreactor.sync.manager.Outbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Several channels as one: a push goes to every channel, a pull gathers every channel's records.
 * Kafka-side, each remote is its own connector (or task); this is the in-process composition.
 */
public final class ChannelCollection implements Channel {

    private final String name;
    private final List<Channel> channels;

    /** A collection named {@code name} over {@code channels}. */
    public ChannelCollection(String name, List<? extends Channel> channels) {
        this.name = name;
        this.channels = List.copyOf(channels);
    }

    /** The channels in this collection. */
    public List<Channel> channels() {
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

    /** Pulls from each channel in turn; the timeout is shared between them. */
    @Override
    public List<EventRecord> pull(Duration timeout) {
        List<EventRecord> all = new ArrayList<>();
        Duration each = channels.isEmpty() ? timeout : timeout.dividedBy(channels.size());
        for (Channel channel : channels) {
            all.addAll(channel.pull(each));
        }
        return all;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Channel channel : channels) {
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
