package dev.docreactor.reactor.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while the client is slow, and never more than a bound:
 * the future fails with {@link ReactorException.TooLarge} as soon as the body passes {@code maxBytes},
 * before the rest is read. Whoever holds the future bounds the time (see {@link ApiServer}).
 *
 * <p>Answering a refusal before the client finished writing and then closing the connection with unread
 * data makes TCP reset it, and the client may lose the answer: {@link #drain} reads and drops a bounded
 * amount of what is left after the answer is written.
 */
final class BodyReader {

    private final Content.Source source;
    private final long maxBytes;
    /** Null while draining: the bytes are counted and dropped. */
    private final ByteArrayOutputStream bytes;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private long seen;

    private BodyReader(Content.Source source, long maxBytes, boolean keep) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.bytes = keep ? new ByteArrayOutputStream() : null;
    }

    /** The whole body of {@code source}, or a failure once it is known to exceed {@code maxBytes}. */
    static CompletableFuture<byte[]> read(Content.Source source, int maxBytes) {
        BodyReader reader = new BodyReader(source, maxBytes, true);
        reader.readAvailable();
        return reader.future;
    }

    /**
     * Reads and drops what is left of a refused body, at most {@code maxBytes} more; completes (never
     * exceptionally) at its end, past that bound, or when the client breaks off. The caller bounds the time.
     */
    static CompletableFuture<Void> drain(Content.Source source, long maxBytes) {
        BodyReader reader = new BodyReader(source, maxBytes, false);
        reader.readAvailable();
        return reader.future.handle((ignored, failure) -> null);
    }

    private void readAvailable() {
        while (!future.isDone()) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::readAvailable);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                future.completeExceptionally(chunk.getFailure());
                return;
            }
            try {
                ByteBuffer buffer = chunk.getByteBuffer();
                seen += buffer.remaining();
                if (seen > maxBytes) {
                    future.completeExceptionally(tooLarge(maxBytes));
                    return;
                }
                if (bytes != null) {
                    byte[] part = new byte[buffer.remaining()];
                    buffer.get(part);
                    bytes.write(part, 0, part.length);
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                future.complete(bytes == null ? new byte[0] : bytes.toByteArray());
            }
        }
    }

    /** The failure of a body over {@code maxBytes}. */
    static ReactorException.TooLarge tooLarge(long maxBytes) {
        return new ReactorException.TooLarge("request body larger than " + maxBytes + " bytes (reactor.max.job.bytes)");
    }
}
