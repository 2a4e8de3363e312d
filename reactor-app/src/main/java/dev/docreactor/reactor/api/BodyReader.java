package dev.docreactor.reactor.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while the client is slow, and never keeps more than a
 * bound: past {@code maxBytes} the body is refused with {@link ReactorException.TooLarge}. The rest of a
 * refused body is read and dropped (never kept) up to {@link #swallowLimit(int)} bytes in all, so that a
 * client still writing it reads the 413 instead of a connection reset (closing a socket with unread data
 * makes TCP reset it, discarding the answer); a body larger still is refused at once and the connection
 * closed. Whoever holds the future bounds the time (see {@link ApiServer}).
 */
final class BodyReader {

    private final Content.Source source;
    private final int maxBytes;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long dropped = -1;

    private BodyReader(Content.Source source, int maxBytes) {
        this.source = source;
        this.maxBytes = maxBytes;
    }

    /**
     * The most bytes of a request, refused body included, read before the refusal is answered: twice the
     * largest accepted body. Reading them costs time (bounded by the caller's read timeout), not memory.
     */
    static long swallowLimit(int maxBytes) {
        return 2L * maxBytes;
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
                if (dropped < 0 && (long) bytes.size() + buffer.remaining() > maxBytes) {
                    dropped = bytes.size();
                    bytes.reset();
                }
                if (dropped >= 0) {
                    dropped += buffer.remaining();
                    buffer.position(buffer.limit());
                    if (dropped > swallowLimit(maxBytes) || chunk.isLast()) {
                        future.completeExceptionally(tooLarge(maxBytes));
                        return;
                    }
                } else {
                    byte[] part = new byte[buffer.remaining()];
                    buffer.get(part);
                    bytes.write(part, 0, part.length);
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                future.complete(bytes.toByteArray());
            }
        }
    }

    /** The failure of a body over {@code maxBytes}. */
    static ReactorException.TooLarge tooLarge(int maxBytes) {
        return new ReactorException.TooLarge("request body larger than " + maxBytes + " bytes (reactor.max.job.bytes)");
    }
}
