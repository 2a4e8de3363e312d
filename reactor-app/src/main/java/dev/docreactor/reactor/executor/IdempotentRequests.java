package dev.docreactor.reactor.executor;

import dev.docreactor.contract.IdRules;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.IdempotencyClaim;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.OperationRef;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's memory of completed requests that carried an idempotency key, so that a repeat (a
 * client's retry, wherever and whenever it is enqueued) is answered with the first job's result and
 * applies nothing. It lives in the bookkeeping store, written in the same transaction as the job's
 * operations, so it holds exactly for the jobs that were applied, across instances and restarts.
 *
 * <p>Keys are per document. Only COMPLETED requests are remembered: a failed job wrote nothing, so its
 * retry is simply run again. A key given with a different request (another hash) is refused. Entries
 * expire after {@code reactor.idempotency.retention.ms}: an expired key is treated as never seen, and
 * {@link #purge} removes expired entries through a time index, a bounded number per call.
 *
 * <table>
 *   <caption>Key formats (bookkeeping store)</caption>
 *   <tr><th>what</th><th>key</th><th>value</th></tr>
 *   <tr><td>completed request</td><td>{@code k/<doc>/<idempotencyKey>}</td><td>{@link Entry#toBytes()}</td></tr>
 *   <tr><td>expiry index</td><td>{@code x/<recordedUtcMs:020d>/<doc>/<idempotencyKey>}</td><td>empty</td></tr>
 * </table>
 */
final class IdempotentRequests {

    /** Longest request hash a claim may carry (a SHA-256 in hex is 64 characters). */
    static final int MAX_HASH_LENGTH = 128;
    /** The most expired entries one {@link #purge} removes, so a punctuation's cost is bounded. */
    static final int MAX_PURGED_PER_CALL = 10_000;

    /** How often expired keys are purged (or as often as the retention, if shorter). */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

    private static final String ENTRY_PREFIX = "k/";
    private static final String EXPIRY_PREFIX = "x/";
    private static final byte[] EMPTY = new byte[0];

    /** What to do with a job that carries idempotency claims. */
    sealed interface Decision permits Run, Answer, Refuse {
    }

    /** Every claim is new: run the job, then {@link #record} it. */
    record Run() implements Decision {
    }

    /** The job is a repeat of a completed request: answer it with that request's result, apply nothing. */
    record Answer(JobResult first) implements Decision {
    }

    /**
     * The job must fail without being run.
     *
     * @param deadLetter whether the job is bad data (a reused key, malformed claims) rather than a batch of
     *                   several requests that must go again one by one
     */
    record Refuse(String reason, boolean deadLetter) implements Decision {
    }

    /** A remembered request: when it completed, the hash of its request, and its result. */
    record Entry(long recordedUtcMs, String requestHash, JobResult result) {

        private static final byte VERSION = 1;

        byte[] toBytes(RecordFormat<JobResult> format) {
            byte[] hash = requestHash.getBytes(StandardCharsets.UTF_8);
            byte[] encoded = format.encode(result);
            return ByteBuffer.allocate(1 + Long.BYTES + Integer.BYTES + hash.length + encoded.length).put(VERSION)
                .putLong(recordedUtcMs).putInt(hash.length).put(hash).put(encoded).array();
        }

        static Entry fromBytes(byte[] bytes, RecordFormat<JobResult> format) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != VERSION) {
                throw new IllegalStateException("idempotency entry of unknown version " + version);
            }
            long recorded = buffer.getLong();
            int hashLength = buffer.getInt();
            if (hashLength < 0 || hashLength > MAX_HASH_LENGTH || hashLength > buffer.remaining()) {
                throw new IllegalStateException("idempotency entry with a hash of " + hashLength + " bytes");
            }
            byte[] hash = new byte[hashLength];
            buffer.get(hash);
            byte[] encoded = new byte[buffer.remaining()];
            buffer.get(encoded);
            return new Entry(recorded, new String(hash, StandardCharsets.UTF_8), format.decode(encoded));
        }
    }

    private final KeyValueStore<String, byte[]> bookkeeping;
    private final RecordFormat<JobResult> resultFormat = AvroSerdes.jobResult().format();
    private final Duration retention;
    private final String reactorId;

    IdempotentRequests(KeyValueStore<String, byte[]> bookkeeping, Duration retention, String reactorId) {
        this.bookkeeping = bookkeeping;
        this.retention = retention;
        this.reactorId = reactorId;
    }

    /** Decides what to do with an EXECUTE job that carries claims ({@link Job#getIdempotency()} non-empty). */
    Decision decide(Job job, long nowMs) {
        List<IdempotencyClaim> claims = job.getIdempotency();
        String malformed = malformed(claims, job.getActions().size());
        if (malformed != null) {
            return new Refuse(malformed, true);
        }
        boolean whole = claims.size() == 1 && claims.get(0).getActionCount() == job.getActions().size();
        Set<String> keys = new HashSet<>();
        for (IdempotencyClaim claim : claims) {
            if (!keys.add(claim.getKey())) {
                return new Refuse(batchRepeat(claim), false);
            }
            Entry entry = find(job.getDocumentId(), claim.getKey(), nowMs);
            if (entry == null) {
                continue;
            }
            if (!entry.requestHash().equals(claim.getRequestHash())) {
                return new Refuse("idempotency key '" + claim.getKey() + "' was already used with a different request on document "
                    + job.getDocumentId() + " (job " + entry.result().getJobId() + "); use a new key for a new request", true);
            }
            if (!whole) {
                return new Refuse(batchRepeat(claim), false);
            }
            return new Answer(entry.result());
        }
        return new Run();
    }

    /** Remembers the claims of a completed job, each with the job's result restricted to its own actions. */
    void record(Job job, JobResult result, long nowMs) {
        List<IdempotencyClaim> claims = job.getIdempotency();
        for (IdempotencyClaim claim : claims) {
            JobResult own = result;
            if (claims.size() > 1 || claim.getActionCount() != job.getActions().size()) {
                own = JobResult.newBuilder(result).setOperations(operationsOf(job, claim, result)).build();
            }
            String key = entryKey(job.getDocumentId(), claim.getKey());
            Entry previous = read(key);
            if (previous != null) {
                bookkeeping.delete(expiryKey(previous.recordedUtcMs(), job.getDocumentId(), claim.getKey()));
            }
            bookkeeping.put(key, new Entry(nowMs, claim.getRequestHash(), own).toBytes(resultFormat));
            bookkeeping.put(expiryKey(nowMs, job.getDocumentId(), claim.getKey()), EMPTY);
        }
    }

    /** How often {@link #purge} is to be called: every minute, or every retention if that is shorter. */
    Duration purgeInterval() {
        return PURGE_INTERVAL.compareTo(retention) < 0 ? PURGE_INTERVAL : retention;
    }

    /**
     * Removes up to {@link #MAX_PURGED_PER_CALL} entries that expired by {@code nowMs}, oldest first.
     *
     * @return how many were removed
     */
    int purge(long nowMs) {
        String upTo = expiryPrefix(nowMs - retention.toMillis());
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = bookkeeping.range(EXPIRY_PREFIX, upTo)) {
            while (it.hasNext() && expired.size() < MAX_PURGED_PER_CALL) {
                KeyValue<String, byte[]> next = it.next();
                expired.add(next.key);
            }
        }
        for (String indexKey : expired) {
            // x/<recorded:020d>/<doc>/<key>: the entry is removed only if it is still the one indexed here.
            long recorded = Long.parseLong(indexKey.substring(EXPIRY_PREFIX.length(), EXPIRY_PREFIX.length() + 20));
            String entryKey = ENTRY_PREFIX + indexKey.substring(EXPIRY_PREFIX.length() + 21);
            Entry entry = read(entryKey);
            if (entry != null && entry.recordedUtcMs() == recorded) {
                bookkeeping.delete(entryKey);
            }
            bookkeeping.delete(indexKey);
        }
        if (!expired.isEmpty()) {
            log.debug("Removed {} expired idempotency key(s)", expired.size());
        }
        return expired.size();
    }

    /** The remembered, unexpired request of a document under a key, or {@code null}. */
    Entry find(String documentId, String idempotencyKey, long nowMs) {
        Entry entry = read(entryKey(documentId, idempotencyKey));
        return entry == null || entry.recordedUtcMs() + retention.toMillis() <= nowMs ? null : entry;
    }

    private Entry read(String key) {
        byte[] bytes = bookkeeping.get(key);
        return bytes == null ? null : Entry.fromBytes(bytes, resultFormat);
    }

    private List<OperationRef> operationsOf(Job job, IdempotencyClaim claim, JobResult result) {
        Set<String> ids = new HashSet<>();
        List<Action> actions = job.getActions().subList(claim.getFirstAction(), claim.getFirstAction() + claim.getActionCount());
        for (Action action : actions) {
            ids.add(IdRules.operationId(reactorId, action.getId()));
        }
        List<OperationRef> own = new ArrayList<>();
        for (OperationRef ref : result.getOperations()) {
            if (ids.contains(ref.getId())) {
                own.add(ref);
            }
        }
        return own;
    }

    /** Why claims cannot be used (bad key or hash, actions out of range or overlapping), or {@code null}. */
    private static String malformed(List<IdempotencyClaim> claims, int actionCount) {
        int next = 0;
        for (IdempotencyClaim claim : claims) {
            if (!IdRules.isClientId(claim.getKey())) {
                return "idempotency key '" + Limits.boundedError(String.valueOf(claim.getKey())) + "' is invalid: "
                    + IdRules.CLIENT_ID_RULE;
            }
            if (claim.getRequestHash().isEmpty() || claim.getRequestHash().length() > MAX_HASH_LENGTH) {
                return "idempotency claim '" + claim.getKey() + "' has a request hash of " + claim.getRequestHash().length()
                    + " characters; 1-" + MAX_HASH_LENGTH + " are allowed";
            }
            if (claim.getFirstAction() < next || claim.getActionCount() < 1
                || (long) claim.getFirstAction() + claim.getActionCount() > actionCount) {
                return "idempotency claim '" + claim.getKey() + "' names actions " + claim.getFirstAction() + ".."
                    + ((long) claim.getFirstAction() + claim.getActionCount() - 1) + " of a job of " + actionCount
                    + " actions (claims must be in order, non-empty and not overlap)";
            }
            next = claim.getFirstAction() + claim.getActionCount();
        }
        return null;
    }

    private static String batchRepeat(IdempotencyClaim claim) {
        return "a batch of requests holds a repeat of idempotency key '" + claim.getKey()
            + "'; its requests are to be enqueued again one by one";
    }

    private static String entryKey(String documentId, String idempotencyKey) {
        return ENTRY_PREFIX + documentId + '/' + idempotencyKey;
    }

    private static String expiryKey(long recordedUtcMs, String documentId, String idempotencyKey) {
        return expiryPrefix(recordedUtcMs) + '/' + documentId + '/' + idempotencyKey;
    }

    private static String expiryPrefix(long utcMs) {
        return EXPIRY_PREFIX + String.format("%020d", Math.max(0, utcMs));
    }
}
