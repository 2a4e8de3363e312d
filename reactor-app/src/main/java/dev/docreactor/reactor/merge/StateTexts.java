package dev.docreactor.reactor.merge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical texts of states recently read, for reads only: a document read ({@link DocumentMerger#snapshot})
 * whose stream head still has the revision and hash of a text kept here answers that text instead of rebuilding
 * the state from its nearest checkpoint and hashing it whole. A head's revision and hash (a hash tree over the
 * state) name one state, so a kept text is either that head's state or not used: a write to the stream moves its
 * head and the next read rebuilds. Bounded in bytes (the texts' UTF-16 size); least recently used texts go first,
 * and a text larger than a quarter of the bound is not kept. Thread-safe: the HTTP API's threads share it.
 */
public final class StateTexts {

    /** Bytes counted per text besides its characters (entry, key, strings' headers). */
    private static final long OVERHEAD_BYTES = 200;

    private record Kept(long revision, String hash, String text, long bytes) {
    }

    private final long maxBytes;
    private final LinkedHashMap<StreamId, Kept> texts = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param maxBytes the bound; 0 keeps nothing */
    public StateTexts(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The text kept for {@code stream} at this revision and hash, or null. */
    public synchronized String get(StreamId stream, long revision, String hash) {
        Kept kept = texts.get(stream);
        return kept != null && kept.revision == revision && kept.hash.equals(hash) ? kept.text : null;
    }

    /** Keeps {@code text}, the state of {@code stream} at this revision and hash (checked by the caller). */
    public synchronized void put(StreamId stream, long revision, String hash, String text) {
        long size = 2L * text.length() + OVERHEAD_BYTES;
        Kept old = texts.remove(stream);
        if (old != null) {
            bytes -= old.bytes;
        }
        if (size > maxBytes / 4) {
            return;
        }
        texts.put(stream, new Kept(revision, hash, text, size));
        bytes += size;
        Iterator<Map.Entry<StreamId, Kept>> eldest = texts.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes;
            eldest.remove();
        }
    }

    /** Bytes counted for the texts kept, for tests and metrics. */
    public synchronized long bytes() {
        return bytes;
    }
}
