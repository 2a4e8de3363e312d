package dev.docreactor.reactor.executor;

import dev.docreactor.reactor.view.DocumentViews;
import dev.docreactor.contract.DeadLetters;
import dev.docreactor.contract.Heartbeats;
import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.merge.CachedMergeStorage;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.MergeStorage;
import dev.docreactor.reactor.merge.MergeResult;
import dev.docreactor.reactor.merge.OperationOutcome;
import dev.docreactor.reactor.merge.StagedWriteException;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.reactor.store.IdIndex;
import dev.docreactor.reactor.store.KafkaMergeStorage;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job executor (IJobExecutor): takes jobs off the queue one document at a time, applies EXECUTE jobs'
 * actions and merges LOAD jobs' operations through {@link DocumentMerger}, appends the operations to the
 * operations store (each append is one event-bus record), refreshes the document view and publishes
 * the job's result. Bad input never stops it: every failure is a FAILED job result plus a dead letter
 * carrying the original bytes, the reason and the source position.
 */
final class JobExecutorProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(JobExecutorProcessor.class);

    private final ReactorConfig config;
    private final DocumentModelRegistry models;
    private final Clock clock;
    private final RecordFormat<Job> jobFormat;
    private final Limits limits;
    /** {@code reactor.max.job.bytes}, read once: a config getter costs a map lookup and a set insert per call. */
    private final int maxJobBytes;
    private final FailedJobs failedJobs;
    private UnprocessableDocuments unprocessable;
    private IdempotentRequests idempotent;
    private ReplicationWatermarks watermarks;
    /** Whether the current job's writes have begun: a failure after that must abort the transaction. */
    private boolean writing;
    private ProcessorContext<String, Object> context;
    private DocumentMerger merger;
    private KeyValueStore<String, DocumentSnapshot> documents;
    private KeyValueStore<String, String> syncAcks;
    private ReactorMetrics metrics;
    private EagerCommits eager;

    JobExecutorProcessor(ReactorConfig config, DocumentModelRegistry models, Clock clock) {
        this.config = config;
        this.jobFormat = config.valueSerdes().format(Job.class, config.queueTopic());
        this.models = models;
        this.clock = clock;
        this.limits = config.limits();
        this.maxJobBytes = config.maxJobBytes();
        this.failedJobs = FailedJobs.of(config.applicationId());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<String, Operation> operations = context.getStateStore(StoreNames.OPERATIONS);
        KeyValueStore<String, byte[]> bookkeeping = context.getStateStore(StoreNames.STREAMS);
        this.documents = context.getStateStore(StoreNames.DOCUMENTS);
        this.syncAcks = context.getStateStore(StoreNames.SYNC_ACKS);
        // Created afresh whenever Kafka Streams initialises the task (assignment, restore, or after an
        // aborted transaction), so it never holds what the stores do not.
        IdIndex ids = new IdIndex(context.getStateStore(StoreNames.IDS), bookkeeping);
        ids.scheduleMoves(context);
        KafkaMergeStorage stores = new KafkaMergeStorage(operations, context.getStateStore(StoreNames.MERGE), bookkeeping, ids,
            AvroSerdes.operation().format());
        stores.scheduleMoves(context);
        MergeStorage storage = new CachedMergeStorage(stores, config.cacheMaxBytes());
        this.merger = config.merger(storage, models, clock::millis);
        this.unprocessable = new UnprocessableDocuments(bookkeeping);
        this.idempotent = new IdempotentRequests(bookkeeping, config.idempotencyRetention(), config.reactorId());
        context.schedule(idempotent.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, at -> idempotent.purge(clock.millis()));
        this.metrics = new ReactorMetrics(context.metrics(), Thread.currentThread().getName(), context.taskId().toString());
        this.watermarks = new ReplicationWatermarks(bookkeeping);
        this.eager = new EagerCommits(config.commitEagerIntervalMs(), config.commitEagerMaxWaitMs(), config.commitEagerMaxCpuLoad(),
            config.commitEagerMaxThreadLoad());
        // Remotes this task heard from before a restart or a move keep their (growing) lag visible.
        for (String remote : watermarks.remotes()) {
            metrics.replicationLag(remote, () -> watermarks.watermarkMs(remote));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        processJob(record);
        if (eager.afterJob(record.timestamp(), context.currentSystemTimeMs())) {
            requestCommit();
        }
    }

    private void requestCommit() {
        metrics.commitsRequested.record();
        context.commit();
    }

    private void processJob(Record<String, byte[]> record) {
        metrics.jobs.record();
        Optional<RecordMetadata> position = context.recordMetadata();
        Optional<String> failedBefore = position.flatMap(m -> failedJobs.reasonFor(m.topic(), m.partition(), m.offset()));
        if (failedBefore.isPresent()) {
            failWithoutProcessing(record, failedBefore.get());
            position.ifPresent(m -> failedJobs.forget(m.topic(), m.partition(), m.offset()));
            return;
        }
        byte[] value = record.value();
        if (value == null) {
            deadLetter(record, null, "empty record (null value) on the queue: not a job");
            return;
        }
        if (value.length > maxJobBytes) {
            deadLetter(record, null, "job record of " + value.length + " bytes is larger than reactor.max.job.bytes="
                + maxJobBytes);
            return;
        }
        Job job;
        try {
            job = jobFormat.decode(value);
        } catch (SerializationException e) {
            deadLetter(record, null, "undecodable job: " + e.getMessage());
            return;
        }
        if (record.key() == null || !record.key().equals(job.getDocumentId())) {
            fail(record, job, "job key '" + record.key() + "' is not its document id '" + job.getDocumentId()
                + "': jobs must be keyed by document id so one document's jobs run in order");
            return;
        }
        String tooBig = sizeProblem(job);
        if (tooBig != null) {
            fail(record, job, tooBig);
            return;
        }
        if (job.getKind() == JobKind.RESUME) {
            resume(record, job);
            return;
        }
        if (job.getKind() == JobKind.HEARTBEAT) {
            heartbeat(record, job);
            return;
        }
        String marked = unprocessable.reason(job.getDocumentId());
        if (marked != null && job.getKind() != JobKind.SYNC_ACK) {
            fail(record, job, "document " + job.getDocumentId() + " is marked unprocessable: " + marked
                + "; after fixing the cause, resume it with reactorctl resume " + job.getDocumentId());
            return;
        }
        run(record, job);
    }

    /**
     * Runs a job, turning whatever it throws into its failure. The merge stages its writes and hands them
     * to the stores only once the job's outcome is known, so a throw from the merge leaves nothing
     * written: the job fails (and, if the document's stored state is at fault, the document is marked
     * unprocessable). A throw after the writes began cannot be undone here: the job is remembered as
     * failed and the task is reported corrupted, which aborts the transaction holding the job; Kafka
     * Streams processes it again, and it is recorded FAILED.
     */
    private void run(Record<String, byte[]> record, Job job) {
        writing = false;
        try {
            switch (job.getKind()) {
                case EXECUTE -> execute(record, job);
                case LOAD -> load(record, job);
                case SYNC_ACK -> acknowledge(job);
                default -> fail(record, job, "unknown job kind " + job.getKind());
            }
        } catch (StreamsException e) {
            // A store or the producer failed: not this job's fault. Kafka Streams restarts the task.
            throw e;
        } catch (StagedWriteException e) {
            if (e.getCause() instanceof StreamsException streams) {
                throw streams;
            }
            String reason = Limits.boundedError("the job failed while writing: " + e.getCause());
            log.error("Job {} of document {} failed while writing", job.getJobId(), job.getDocumentId(), e);
            context.recordMetadata().ifPresent(m -> failedJobs.remember(m.topic(), m.partition(), m.offset(), reason));
            throw new TaskCorruptedException(Set.of(context.taskId()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String reason = Limits.boundedError("the job failed: " + e);
            log.error("Job {} of document {} failed", job.getJobId(), job.getDocumentId(), e);
            if (writing) {
                context.recordMetadata().ifPresent(m -> failedJobs.remember(m.topic(), m.partition(), m.offset(), reason));
                throw new TaskCorruptedException(Set.of(context.taskId()));
            }
            if (e instanceof IllegalStateException || e instanceof StackOverflowError) {
                // The merge's invariants failed on what is stored for this document: every later job of
                // it would fail the same way, so it is marked until an operator resumes it.
                unprocessable.mark(job.getDocumentId(), reason);
                DocumentViews.markUnprocessable(documents, job.getDocumentId(), reason);
                metrics.documentsMarkedUnprocessable.record();
            }
            fail(record, job, reason);
        }
    }

    /** Why a job is larger than the limits allow, or {@code null}. */
    private String sizeProblem(Job job) {
        int max = limits.maxActionsPerJob();
        if (job.getActions().size() > max) {
            return "the job has " + job.getActions().size() + " actions; at most " + max + " are allowed (reactor.max.actions.per.job)";
        }
        if (job.getOperations().size() > max) {
            return "the job has " + job.getOperations().size() + " operations; at most " + max
                + " are allowed (reactor.max.actions.per.job)";
        }
        return null;
    }

    /**
     * Records a remote's heartbeat (a HEARTBEAT job): its watermark, per remote, for the replication-lag
     * metric. It creates no operation and, as it comes every second, no job result; only a malformed one
     * becomes a failed job (a result and a dead letter).
     */
    private void heartbeat(Record<String, byte[]> record, Job job) {
        String remote = job.getSource();
        if (remote == null || !IdRules.isReactorId(remote) || !Heartbeats.queueKey(remote).equals(job.getDocumentId())) {
            fail(record, job, "HEARTBEAT job needs a source reactor id (" + IdRules.REACTOR_ID_RULE + ") and the key "
                + Heartbeats.queueKey("<source>") + "; got source '" + remote + "', key '" + job.getDocumentId() + "'");
            return;
        }
        if (!watermarks.applied(remote, job.getSubmittedUtcMs())) {
            fail(record, job, "HEARTBEAT from " + remote + " refused: this task already tracks "
                + ReplicationWatermarks.MAX_REMOTES + " remotes");
            return;
        }
        metrics.replicationLag(remote, () -> watermarks.watermarkMs(remote));
        log.trace("Heartbeat from {}: watermark {}", remote, job.getSubmittedUtcMs());
    }

    /** Un-marks an unprocessable document (a RESUME job). */
    private void resume(Record<String, byte[]> record, Job job) {
        String reason = unprocessable.reason(job.getDocumentId());
        if (reason != null) {
            unprocessable.clear(job.getDocumentId());
            DocumentViews.markUnprocessable(documents, job.getDocumentId(), null);
            log.info("Document {} resumed (it was marked unprocessable: {})", job.getDocumentId(), reason);
        }
        complete(record, job, List.of());
    }

    private void execute(Record<String, byte[]> record, Job job) {
        if (job.getActions().isEmpty()) {
            fail(record, job, "EXECUTE job without actions");
            return;
        }
        if (!job.getIdempotency().isEmpty() && !idempotencyAllowsRun(record, job)) {
            return;
        }
        MergeResult result = merger.execute(job.getDocumentId(), job.getBranch(), job.getDocumentType(), job.getActions());
        writing = true;
        if (!result.completed()) {
            fail(record, job, result.error());
            return;
        }
        applied(record, job, result);
    }

    /**
     * Whether a job with idempotency keys is to run; if not, it was answered: with the first job's result
     * when it repeats a completed request, or FAILED when it reuses a key for another request (a dead
     * letter) or is a batch holding a repeat (no dead letter: the API enqueues its requests one by one).
     */
    private boolean idempotencyAllowsRun(Record<String, byte[]> record, Job job) {
        IdempotentRequests.Decision decision = idempotent.decide(job, clock.millis());
        if (decision instanceof IdempotentRequests.Answer answer) {
            log.debug("Job {} repeats job {} of document {}: answered with its result", job.getJobId(),
                answer.first().getJobId(), job.getDocumentId());
            context.forward(new Record<>(job.getJobId(), (Object) answer.first(), record.timestamp()), ReactorTopology.RESULTS_SINK);
            return false;
        }
        if (decision instanceof IdempotentRequests.Refuse refuse) {
            if (refuse.deadLetter()) {
                fail(record, job, refuse.reason());
            } else {
                publishFailure(record, job, refuse.reason());
            }
            return false;
        }
        return true;
    }

    private void load(Record<String, byte[]> record, Job job) {
        if (job.getOperations().isEmpty()) {
            complete(record, job, List.of());
            return;
        }
        MergeResult result = merger.load(job.getDocumentId(), job.getOperations());
        writing = true;
        if (!result.ignored().isEmpty()) {
            // The job completes for the operations it could use; the ones it could not are data too.
            log.warn("LOAD job {} from {} ignored {} operation(s): {}", job.getJobId(), job.getSource(),
                result.ignored().size(), result.ignored());
            publishDeadLetter(record, job.getJobId(), "LOAD job from " + job.getSource() + " ignored " + result.ignored().size()
                + " operation(s): " + String.join("; ", result.ignored()));
        }
        applied(record, job, result);
    }

    private void applied(Record<String, byte[]> record, Job job, MergeResult result) {
        for (Operation op : result.appended()) {
            int depth = Math.max(op.getSkip(), op.getBehind());
            if (depth > 0) {
                metrics.rebaseDepth.record(depth);
            }
        }
        metrics.operationsAppended.record(result.appended().size());
        if (result.reapplied() > 0) {
            metrics.operationsReapplied.record(result.reapplied());
        }
        if (result.spared() > 0) {
            metrics.operationsSpared.record(result.spared());
        }
        // The view records say which documents exist, of which type, deleted or not: only a creation or a
        // deletion changes them. Revisions, hashes and states are read from the streams' heads and checkpoints.
        Set<String> lifecycleChanged = new LinkedHashSet<>();
        for (Operation op : result.appended()) {
            if (Scopes.DOCUMENT.equals(op.getScope())) {
                lifecycleChanged.add(op.getBranch());
            }
        }
        lifecycleChanged.forEach(branch -> refreshView(job.getDocumentId(), branch, null));
        List<OperationRef> refs = new ArrayList<>(result.outcomes().size());
        for (OperationOutcome outcome : result.outcomes()) {
            // The all-fields constructors: a builder looks up and copies the schema's defaults on every build.
            refs.add(new OperationRef(outcome.id(), outcome.scope(), outcome.branch(), outcome.index(), outcome.hash(),
                outcome.error()));
        }
        complete(record, job, refs);
    }

    /** Rebuilds the view of some scopes of a document branch ({@code null}: all), one record per scope. */
    private void refreshView(String documentId, String branch, Set<String> scopes) {
        for (DocumentSnapshot snapshot : merger.scopeSnapshots(documentId, branch, scopes, clock.millis())) {
            String scope = snapshot.getScopes().keySet().iterator().next();
            documents.put(DocumentViews.key(documentId, branch, scope), snapshot);
        }
    }

    private void acknowledge(Job job) {
        String remote = job.getSource();
        if (remote == null || remote.isBlank()) {
            log.warn("SYNC_ACK job {} has no source reactor id; ignored", job.getJobId());
            return;
        }
        for (Operation op : job.getOperations()) {
            String key = SyncAcks.key(job.getDocumentId(), remote, op.getId());
            if (syncAcks.get(key) == null) {
                syncAcks.put(key, SyncAcks.status(op.getError()));
            }
        }
    }

    private void complete(Record<String, byte[]> record, Job job, List<OperationRef> refs) {
        JobResult result = new JobResult(job.getJobId(), job.getDocumentId(), JobStatus.COMPLETED, null, refs, clock.millis());
        if (job.getKind() == JobKind.EXECUTE && !job.getIdempotency().isEmpty()) {
            idempotent.record(job, result, result.getCompletedUtcMs());
        }
        context.forward(new Record<>(job.getJobId(), (Object) result, record.timestamp()), ReactorTopology.RESULTS_SINK);
        log.trace("Job {} completed with {} operation(s)", job.getJobId(), refs.size());
    }

    /** Records a job that failed before (its transaction was aborted) as FAILED, decoding what can be decoded. */
    private void failWithoutProcessing(Record<String, byte[]> record, String reason) {
        Job job = null;
        try {
            job = record.value() == null || record.value().length > maxJobBytes ? null : jobFormat.decode(record.value());
        } catch (RuntimeException e) {
            log.debug("Failed job at {} is not decodable either: {}", context.recordMetadata(), e.toString());
        }
        if (job == null) {
            deadLetter(record, null, reason);
        } else {
            fail(record, job, reason);
        }
    }

    private void fail(Record<String, byte[]> record, Job job, String unboundedReason) {
        String reason = publishFailure(record, job, unboundedReason);
        deadLetter(record, job.getJobId(), reason);
    }

    /** Publishes the job's FAILED result; returns the reason as published (bounded). */
    private String publishFailure(Record<String, byte[]> record, Job job, String unboundedReason) {
        String reason = Limits.boundedError(unboundedReason);
        JobResult result = JobResult.newBuilder().setJobId(job.getJobId()).setDocumentId(job.getDocumentId())
            .setStatus(JobStatus.FAILED).setError(reason).setCompletedUtcMs(clock.millis()).build();
        context.forward(new Record<>(job.getJobId(), (Object) result, record.timestamp()), ReactorTopology.RESULTS_SINK);
        return reason;
    }

    private void deadLetter(Record<String, byte[]> record, String jobId, String unboundedReason) {
        metrics.failedJobs.record();
        publishDeadLetter(record, jobId, unboundedReason);
    }

    /** Publishes a dead letter for the record being processed (a failed job, or what a job could not use). */
    private void publishDeadLetter(Record<String, byte[]> record, String jobId, String unboundedReason) {
        String reason = Limits.boundedError(unboundedReason);
        Optional<RecordMetadata> metadata = context.recordMetadata();
        DeadLetter letter = DeadLetters.of(reason,
            metadata.map(RecordMetadata::topic).orElse(config.queueTopic()),
            metadata.map(RecordMetadata::partition).orElse(-1),
            metadata.map(RecordMetadata::offset).orElse(-1L),
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            record.value(), jobId, clock.millis());
        context.forward(new Record<>(record.key(), (Object) letter, record.timestamp()), ReactorTopology.DLQ_SINK);
        log.debug("Dead-lettered record at {}: {}", DeadLetters.source(letter), reason);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
