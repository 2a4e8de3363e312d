package dev.docreactor.reactor.model;

/**
 * What one job may cost, checked before the cost is paid. Every reactor that exchanges operations must
 * use the same values: an operation that crosses a limit is recorded with the same error on every
 * reactor only if every reactor applies the same limits, and only then do they converge.
 *
 * @param maxStateBytes largest state of one scope, in UTF-8 bytes of its canonical JSON
 * @param maxDepth deepest nesting of a state or an action input (a scalar is depth 0, {@code {}} depth 1)
 * @param maxPatchOperations most operations in one JSON Patch action
 * @param maxActionsPerJob most actions in one EXECUTE job (and operations in one LOAD job)
 * @param maxActionGrowthBytes most bytes one action may add to a state, counted over all its steps
 *     (removals do not give the budget back), so a patch that copies the document into itself is
 *     stopped before it is paid for
 * @param maxJobBytes largest queue record (a job), in bytes
 */
public record Limits(int maxStateBytes, int maxDepth, int maxPatchOperations, int maxActionsPerJob,
        int maxActionGrowthBytes, int maxJobBytes) {

    /** Bytes a record may carry beyond its payload (keys, ids, hashes, Avro framing, record headers). */
    public static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    /** Longest error text kept in an operation or a job result; longer ones are cut. */
    public static final int MAX_ERROR_CHARS = 500;

    /** Bytes one action's entry in a job result takes at most (ids, scope, branch, hash, error). */
    static final int MAX_RESULT_ENTRY_BYTES = 1024;

    /** Scopes a document's view holds at most: {@code document}, {@code global} and {@code local}. */
    public static final int VIEW_SCOPES = 3;

    /** The defaults, which fit a broker whose topics keep its default {@code message.max.bytes} (1 MiB). */
    public static final Limits DEFAULTS = new Limits(256 * 1024, 100, 1000, 500, 256 * 1024, 512 * 1024);

    public Limits {
        positive("maxStateBytes", maxStateBytes);
        positive("maxDepth", maxDepth);
        positive("maxPatchOperations", maxPatchOperations);
        positive("maxActionsPerJob", maxActionsPerJob);
        positive("maxActionGrowthBytes", maxActionGrowthBytes);
        positive("maxJobBytes", maxJobBytes);
    }

    /**
     * The largest record the reactor writes, in bytes: a job (and so its dead letter and each of its
     * operations), a document view (the {@code global} and {@code local} states, the {@code document}
     * scope being small), or a job result; plus {@link #RECORD_OVERHEAD_BYTES}. Topics the reactor
     * writes to must accept records of this size, and its producers must send them.
     */
    public int maxRecordBytes() {
        long payload = Math.max(Math.max(maxJobBytes, 2L * maxStateBytes), (long) maxActionsPerJob * MAX_RESULT_ENTRY_BYTES);
        return Math.toIntExact(Math.min(Integer.MAX_VALUE, payload + RECORD_OVERHEAD_BYTES));
    }

    /**
     * The largest queue record the reactor's queue topic accepts: a job of {@link #maxJobBytes} plus
     * {@link #RECORD_OVERHEAD_BYTES}. A record between the two reaches the reactor, which dead-letters it.
     */
    public int maxQueueRecordBytes() {
        return maxJobBytes + RECORD_OVERHEAD_BYTES;
    }

    /** The largest dead letter: a whole queue record, its reason and source position. */
    public int maxDeadLetterBytes() {
        return maxQueueRecordBytes() + RECORD_OVERHEAD_BYTES;
    }

    /** The largest record any of the reactor's producers sends. */
    public int maxProducerRequestBytes() {
        return Math.max(maxRecordBytes(), maxDeadLetterBytes()) + RECORD_OVERHEAD_BYTES;
    }

    /** {@code text} cut to {@link #MAX_ERROR_CHARS} characters (never in the middle of a surrogate pair). */
    public static String boundedError(String text) {
        if (text == null || text.length() <= MAX_ERROR_CHARS) {
            return text;
        }
        int end = MAX_ERROR_CHARS - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
