package dev.docreactor.reactor.view;

import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.JobResult;
import dev.docreactor.serde.RecordFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes the job-results topic into a store keyed by job id, for {@code GET /jobs/{jobId}}. The store
 * keeps each record's bytes as the topic has them ({@code LocalStores} decodes one when it is asked for):
 * a result is decoded here only when a request waits for it, and never encoded again.
 */
public final class JobResultsProcessor implements Processor<String, byte[], Void, Void> {

    /** Told of the results stored, to wake requests waiting for them. */
    public interface Listener {

        /** A listener that waits for nothing. */
        Listener NONE = new Listener() {
            @Override
            public boolean waitsFor(String jobId) {
                return false;
            }

            @Override
            public void stored(String jobId, JobResult result) {
                // Nobody waits.
            }
        };

        /** Whether a request waits for the result stored under {@code jobId} (only then is it decoded). */
        boolean waitsFor(String jobId);

        /** A result stored under {@code jobId} that a request waits for. */
        void stored(String jobId, JobResult result);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobResultsProcessor.class);

    private final Listener listener;
    private final RecordFormat<JobResult> format;
    private KeyValueStore<String, byte[]> results;

    /**
     * @param listener told of every result stored that a request waits for, with the job id it is stored under
     * @param format how the job-results topic's values are encoded
     */
    public JobResultsProcessor(Listener listener, RecordFormat<JobResult> format) {
        this.listener = listener;
        this.format = format;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        results = context.getStateStore(StoreNames.JOB_RESULTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null && record.value() != null) {
            results.put(record.key(), record.value());
            if (listener.waitsFor(record.key())) {
                try {
                    listener.stored(record.key(), format.decode(record.value()));
                } catch (SerializationException e) {
                    // The waiting request times out; the global thread goes on.
                    LOG.warn("Undecodable job result for job {}: {}", record.key(), e.getMessage());
                }
            }
        }
    }
}
