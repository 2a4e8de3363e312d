package dev.docreactor.reactor.api;

import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.view.DocumentSummary;
import dev.docreactor.reactor.view.DocumentViews;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reactor without Kafka for server tests: accepts every job, hosts no document, and never completes a
 * job, so a {@code ?wait=true} request holds its worker until the wait times out or {@link #release()}.
 */
class FakeBackend implements ReactorBackend {

    final List<Job> submitted = new CopyOnWriteArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final DocumentModelRegistry models = new DocumentModelRegistry();
    private volatile String owner;
    /** The documents this instance hosts, as listed. */
    final List<DocumentSummary> documents = new CopyOnWriteArrayList<>();
    /** The other instances' addresses. */
    final List<String> others = new CopyOnWriteArrayList<>();
    private volatile String streamsState = "RUNNING";
    private volatile boolean hasLocalStores = true;
    /** The staleAllowed of the last local document read, null before any. */
    volatile Boolean lastStaleAllowed;

    /** Pretends Kafka Streams is in {@code state}, with or without local stores (active or standby). */
    void streams(String state, boolean localStores) {
        streamsState = state;
        hasLocalStores = localStores;
    }
    final Map<String, Long> replicationWatermarks = new java.util.concurrent.ConcurrentHashMap<>();
    /** Job results by job id, as the job-results store would hold them. */
    final Map<String, JobResult> jobResults = new java.util.concurrent.ConcurrentHashMap<>();
    /** Acknowledgements by operation id ("applied", "failed: ..."); the others are pending. */
    final Map<String, String> syncAcks = new java.util.concurrent.ConcurrentHashMap<>();
    /** How many more sync-status reads fail as a rebalance would. */
    final java.util.concurrent.atomic.AtomicInteger syncReadsUnavailable = new java.util.concurrent.atomic.AtomicInteger();

    /** Makes every document hosted by the instance at {@code hostAndPort} (null: by this one). */
    void hostDocumentsAt(String hostAndPort) {
        owner = hostAndPort;
    }

    /** Requests currently waiting for a job result. */
    int waiting() {
        return waiting.get();
    }

    /** Ends every wait (with no result). */
    void release() {
        released.countDown();
    }

    @Override
    public java.util.OptionalLong localReplicationWatermark(String remoteReactorId) {
        Long watermark = replicationWatermarks.get(remoteReactorId);
        return watermark == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(watermark);
    }

    @Override
    public String reactorId() {
        return "fake";
    }

    @Override
    public void submit(Job job) {
        submitted.add(job);
    }

    @Override
    public Optional<String> remoteOwnerOfDocument(String documentId, boolean staleAllowed) {
        return Optional.ofNullable(owner);
    }

    @Override
    public Optional<DocumentSnapshot> localDocument(String documentId, String branch, boolean staleAllowed) {
        lastStaleAllowed = staleAllowed;
        return Optional.empty();
    }

    @Override
    public boolean localDocumentExists(String documentId, String branch, boolean staleAllowed) {
        lastStaleAllowed = staleAllowed;
        return false;
    }

    @Override
    public List<DocumentSummary> localDocuments(String after, int limit) {
        return documents.stream().filter(d -> after == null || DocumentViews.ID_ORDER.compare(d.id(), after) > 0)
            .sorted(Comparator.comparing(DocumentSummary::id, DocumentViews.ID_ORDER)).limit(limit).toList();
    }

    @Override
    public List<String> otherInstances() {
        return List.copyOf(others);
    }

    @Override
    public List<Operation> localOperations(String documentId, String scope, String branch, long fromIndex, int limit,
                                           boolean staleAllowed) {
        return List.of();
    }

    @Override
    public Optional<JobResult> localJobResult(String jobId) {
        return Optional.ofNullable(jobResults.get(jobId));
    }

    @Override
    public Optional<JobResult> awaitLocalJobResult(String jobId, Duration maxWait) {
        if (jobResults.containsKey(jobId)) {
            return Optional.of(jobResults.get(jobId));
        }
        waiting.incrementAndGet();
        try {
            released.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        return Optional.empty();
    }

    @Override
    public Map<String, String> localSyncStatus(String documentId, String remoteReactorId, List<String> operationIds) {
        int unavailable = syncReadsUnavailable.getAndUpdate(n -> Math.max(0, n - 1));
        if (unavailable > 0) {
            // Both ways a rebalance shows: the store cannot be had, or a read from it fails midway.
            throw unavailable % 2 == 0 ? new ReactorException.Unavailable("store sync-acks is not queryable right now")
                : new org.apache.kafka.streams.errors.InvalidStateStoreException("the stream thread is PARTITIONS_ASSIGNED");
        }
        Map<String, String> status = new java.util.LinkedHashMap<>();
        operationIds.forEach(id -> status.put(id, syncAcks.getOrDefault(id, "pending")));
        return status;
    }

    @Override
    public List<String> localOwnOperationIds(String documentId, String branch) {
        return List.of();
    }

    @Override
    public DocumentModelRegistry models() {
        return models;
    }

    @Override
    public String streamsState() {
        return streamsState;
    }

    @Override
    public boolean hasLocalStores() {
        return hasLocalStores;
    }

    @Override
    public String prometheusMetrics() {
        return "# TYPE fake_total counter\nfake_total 1\n";
    }
}
