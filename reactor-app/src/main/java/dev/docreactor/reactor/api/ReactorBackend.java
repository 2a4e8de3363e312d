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
    Optional<String> remoteOwnerOfDocument(String documentId);

    /** A document's view, read from this instance's stores. */
    Optional<DocumentSnapshot> localDocument(String documentId, String branch);

    /**
     * Up to {@code limit} documents hosted by this instance that come after {@code after} (null: from the
     * first), in {@link dev.docreactor.reactor.view.DocumentViews#ID_ORDER}.
     */
    List<DocumentSummary> localDocuments(String after, int limit);

    /** The advertised HTTP addresses of the other instances of this reactor that host documents. */
    List<String> otherInstances();

    /** Entries of one stream from this instance's operations store, in index order. */
    List<Operation> localOperations(String documentId, String scope, String branch, long fromIndex, int limit);

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

    /** The document models. */
    DocumentModelRegistry models();

    /** The Kafka Streams state, e.g. RUNNING. */
    String streamsState();

    /** Whether the reactor serves queries (Kafka Streams RUNNING). */
    boolean healthy();

    /** Metrics in Prometheus text format. */
    String prometheusMetrics();
}
