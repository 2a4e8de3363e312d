package dev.docreactor.reactor.executor;

import dev.docreactor.reactor.ReactorConfig;
import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.MergeResult;
import dev.docreactor.reactor.merge.OperationOutcome;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.store.KafkaMergeStorage;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.OperationRef;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
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
    private final RecordFormat<Job> jobFormat = AvroSerdes.job().format();
    private ProcessorContext<String, Object> context;
    private KafkaMergeStorage storage;
    private DocumentMerger merger;
    private KeyValueStore<String, DocumentSnapshot> documents;
    private KeyValueStore<String, String> syncAcks;
    private ReactorMetrics metrics;

    JobExecutorProcessor(ReactorConfig config, DocumentModelRegistry models, Clock clock) {
        this.config = config;
        this.models = models;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<String, Operation> operations = context.getStateStore(StoreNames.OPERATIONS);
        KeyValueStore<String, byte[]> bookkeeping = context.getStateStore(StoreNames.STREAMS);
        this.documents = context.getStateStore(StoreNames.DOCUMENTS);
        this.syncAcks = context.getStateStore(StoreNames.SYNC_ACKS);
        this.storage = new KafkaMergeStorage(operations, bookkeeping, AvroSerdes.operation().format());
        this.merger = new DocumentMerger(storage, models, config.reactorId(), clock::millis);
        this.metrics = new ReactorMetrics(context.metrics(), Thread.currentThread().getName(), context.taskId().toString());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.jobs.record();
        byte[] value = record.value();
        if (value == null) {
            deadLetter(record, null, "empty record (null value) on the queue: not a job");
            return;
        }
        if (value.length > config.maxJobBytes()) {
            deadLetter(record, null, "job record of " + value.length + " bytes is larger than reactor.max.job.bytes="
                + config.maxJobBytes());
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
        switch (job.getKind()) {
            case EXECUTE -> execute(record, job);
            case LOAD -> load(record, job);
            case SYNC_ACK -> acknowledge(job);
            default -> fail(record, job, "unknown job kind " + job.getKind());
        }
    }

    private void execute(Record<String, byte[]> record, Job job) {
        if (job.getActions().isEmpty()) {
            fail(record, job, "EXECUTE job without actions");
            return;
        }
        MergeResult result = merger.execute(job.getDocumentId(), job.getBranch(), job.getDocumentType(), job.getActions());
        if (!result.completed()) {
            fail(record, job, result.error());
            return;
        }
        applied(record, job, result);
    }

    private void load(Record<String, byte[]> record, Job job) {
        if (job.getOperations().isEmpty()) {
            complete(record, job, List.of());
            return;
        }
        MergeResult result = merger.load(job.getDocumentId(), job.getOperations());
        if (!result.ignored().isEmpty()) {
            log.warn("LOAD job {} from {} ignored {} operation(s): {}", job.getJobId(), job.getSource(),
                result.ignored().size(), result.ignored());
        }
        applied(record, job, result);
    }

    private void applied(Record<String, byte[]> record, Job job, MergeResult result) {
        long reapplied = 0;
        for (Operation op : result.appended()) {
            if (op.getReapplied()) {
                reapplied++;
            }
            if (op.getSkip() > 0) {
                metrics.rebaseDepth.record(op.getSkip());
            }
        }
        metrics.operationsAppended.record(result.appended().size());
        if (reapplied > 0) {
            metrics.operationsReapplied.record(reapplied);
        }
        for (String branch : result.changedBranches()) {
            refreshView(job.getDocumentId(), branch);
        }
        List<OperationRef> refs = new ArrayList<>(result.outcomes().size());
        for (OperationOutcome outcome : result.outcomes()) {
            refs.add(OperationRef.newBuilder().setId(outcome.id()).setScope(outcome.scope()).setBranch(outcome.branch())
                .setIndex(outcome.index()).setHash(outcome.hash()).setError(outcome.error()).build());
        }
        complete(record, job, refs);
    }

    /** Rebuilds a document's view on one branch. */
    private void refreshView(String documentId, String branch) {
        merger.snapshot(documentId, branch, clock.millis())
            .ifPresent(snapshot -> documents.put(ReactorTopology.documentKey(documentId, branch), snapshot));
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
        JobResult result = JobResult.newBuilder().setJobId(job.getJobId()).setDocumentId(job.getDocumentId())
            .setStatus(JobStatus.COMPLETED).setOperations(refs).setCompletedUtcMs(clock.millis()).build();
        context.forward(new Record<>(job.getJobId(), (Object) result, record.timestamp()), ReactorTopology.RESULTS_SINK);
        log.trace("Job {} completed with {} operation(s)", job.getJobId(), refs.size());
    }

    private void fail(Record<String, byte[]> record, Job job, String reason) {
        JobResult result = JobResult.newBuilder().setJobId(job.getJobId()).setDocumentId(job.getDocumentId())
            .setStatus(JobStatus.FAILED).setError(reason).setCompletedUtcMs(clock.millis()).build();
        context.forward(new Record<>(job.getJobId(), (Object) result, record.timestamp()), ReactorTopology.RESULTS_SINK);
        deadLetter(record, job.getJobId(), reason);
    }

    private void deadLetter(Record<String, byte[]> record, String jobId, String reason) {
        metrics.failedJobs.record();
        Optional<RecordMetadata> metadata = context.recordMetadata();
        DeadLetter letter = DeadLetter.newBuilder()
            .setReason(reason)
            .setSourceTopic(metadata.map(RecordMetadata::topic).orElse(config.queueTopic()))
            .setSourcePartition(metadata.map(RecordMetadata::partition).orElse(-1))
            .setSourceOffset(metadata.map(RecordMetadata::offset).orElse(-1L))
            .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
            .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
            .setJobId(jobId)
            .setFailedUtcMs(clock.millis())
            .build();
        context.forward(new Record<>(record.key(), (Object) letter, record.timestamp()), ReactorTopology.DLQ_SINK);
        log.debug("Dead-lettered record at {}-{}@{}: {}", letter.getSourceTopic(), letter.getSourcePartition(),
            letter.getSourceOffset(), reason);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
