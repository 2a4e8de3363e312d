package dev.docreactor.reactor.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while the client is slow, and never more than a bound:
 * the future fails with {@link ReactorException.TooLarge} as soon as the body passes {@code maxBytes},
 * before the rest is read. Whoever holds the future bounds the time (see {@link ApiServer}).
 */
final class BodyReader {

    private final Content.Source source;
    private final int maxBytes;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private BodyReader(Content.Source source, int maxBytes) {
        this.source = source;
        this.maxBytes = maxBytes;
    }

    /** The whole body of {@code source}, or a failure once it is known to exceed {@code maxBytes}. */
    static CompletableFuture<byte[]> read(Content.Source source, int maxBytes) {
        BodyReader reader = new BodyReader(source, maxBytes);
        reader.readAvailable();
        return reader.future;
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
                if ((long) bytes.size() + buffer.remaining() > maxBytes) {
                    future.completeExceptionally(tooLarge(maxBytes));
                    return;
                }
                byte[] part = new byte[buffer.remaining()];
                buffer.get(part);
                bytes.write(part, 0, part.length);
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                future.complete(bytes.toByteArray());
            }
        }
    }

    /**
     * Reads and drops what is left of a refused body, at most {@code maxBytes} more; completes at its end or
     * once past that bound, whichever comes first (the caller bounds the time). Answering a refusal before
     * the client finished writing and then closing the connection with unread data makes TCP reset it,
     * and the client may lose the answer; draining a bounded amount first avoids that for ordinary bodies.
     */
    static CompletableFuture<Void> drain(Content.Source source, long maxBytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Object() {
            private long dropped;

            void readAvailable() {
                while (!done.isDone()) {
                    Content.Chunk chunk = source.read();
                    if (chunk == null) {
                        source.demand(this::readAvailable);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        done.complete(null);
                        return;
                    }
                    dropped += chunk.remaining();
                    chunk.release();
                    if (chunk.isLast() || dropped > maxBytes) {
                        done.complete(null);
                    }
                }
            }
        }.readAvailable();
        return done;
    }

    /** The failure of a body over {@code maxBytes}. */
    static ReactorException.TooLarge tooLarge(int maxBytes) {
        return new ReactorException.TooLarge("request body larger than " + maxBytes + " bytes (reactor.max.job.bytes)");
    }
}
