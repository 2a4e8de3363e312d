package dev.docreactor.reactor.api;

import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.view.DocumentSummary;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the HTTP API needs of a running reactor instance. Failures are {@link ReactorException}s (e.g.
 * {@link ReactorException.Unavailable} while Kafka Streams is not ready), never HTTP statuses.
 */
public interface ReactorBackend {

    /** This reactor's id (the origin of operations it creates). */
    String reactorId();

    /** Enqueues a job on the queue topic and returns once the cluster acknowledged it. */
    void submit(Job job);

    /**
     * The advertised HTTP address of the instance hosting a document's data, or empty when it is this
     * instance (or when no instance hosts it yet).
     */
    default Optional<String> remoteOwnerOfDocument(String documentId) {
        return remoteOwnerOfDocument(documentId, false);
    }

    /**
     * As {@link #remoteOwnerOfDocument(String)}; with {@code staleAllowed}, empty also when this instance
     * holds a standby replica of the document's stores, which may lag behind the active one.
     */
    Optional<String> remoteOwnerOfDocument(String documentId, boolean staleAllowed);

    /**
     * A document's view, read from this instance's stores, with every scope's state (rebuilt from the merge's
     * stores: {@link dev.docreactor.reactor.view.DocumentReader}); with {@code staleAllowed} also from a standby
     * or restoring store (Kafka Streams' stale stores), so reads go on during a rebalance.
     */
    Optional<DocumentSnapshot> localDocument(String documentId, String branch, boolean staleAllowed);

    /**
     * Whether a document branch exists in this instance's stores, deleted or not: its view records only, no
     * state read ({@code staleAllowed} as for {@link #localDocument}).
     */
    boolean localDocumentExists(String documentId, String branch, boolean staleAllowed);

    /** Entries of one stream from this instance's operations store, in index order ({@code staleAllowed} as for documents). */
    List<Operation> localOperations(String documentId, String scope, String branch, long fromIndex, int limit, boolean staleAllowed);

    /**
     * Up to {@code limit} documents hosted by this instance that come after {@code after} (null: from the
     * first), in {@link dev.docreactor.reactor.view.DocumentViews#ID_ORDER}.
     */
    List<DocumentSummary> localDocuments(String after, int limit);

    /** The advertised HTTP addresses of the other instances of this reactor that host documents. */
    List<String> otherInstances();


    /** A job's result; job results are a global store, so every instance holds every result. */
    Optional<JobResult> localJobResult(String jobId);

    /**
     * Waits up to {@code maxWait} for a job's result to be stored on this instance; returns at once when
     * it is there already.
     */
    Optional<JobResult> awaitLocalJobResult(String jobId, Duration maxWait);

    /**
     * Sync status of operations with a remote reactor: for each operation id, whether the remote
     * acknowledged it ("applied" or "failed: reason") or not yet ("pending").
     */
    Map<String, String> localSyncStatus(String documentId, String remoteReactorId, List<String> operationIds);

    /**
     * Ids of the operations this reactor created in a document's synchronized streams (every scope but
     * {@code local}) on a branch, from this instance's operations store, each once.
     */
    List<String> localOwnOperationIds(String documentId, String branch);

    /**
     * The watermark of the newest heartbeat this instance applied from a remote reactor (epoch ms UTC:
     * every operation of the remote older than that reached this reactor), or empty when none is known
     * here. Heartbeats of one remote land on one queue partition ({@code contract.Heartbeats}), so ask
     * the instance hosting {@code remoteOwnerOfDocument(Heartbeats.queueKey(remote))}.
     */
    default OptionalLong localReplicationWatermark(String remoteReactorId) {
        return OptionalLong.empty();
    }

    /** The document models. */
    DocumentModelRegistry models();

    /** The Kafka Streams state, e.g. RUNNING; NOT_STARTED before Kafka Streams is created. */
    String streamsState();

    /**
     * Whether this instance holds state stores, active or standby, that can answer queries while Kafka
     * Streams rebalances (from active tasks still running, or as stale reads).
     */
    boolean hasLocalStores();

    /** Metrics in Prometheus text format. */
    String prometheusMetrics();
}
