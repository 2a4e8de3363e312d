package dev.docreactor.reactor.view;

import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.JobResult;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Materializes the job-results topic into a store keyed by job id, for {@code GET /jobs/{jobId}}. */
public final class JobResultsProcessor implements Processor<String, JobResult, Void, Void> {

    private final BiConsumer<String, JobResult> stored;
    private KeyValueStore<String, JobResult> results;

    /** @param stored told of every result stored, with the job id it is stored under, to wake requests waiting for it */
    public JobResultsProcessor(BiConsumer<String, JobResult> stored) {
        this.stored = stored;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        results = context.getStateStore(StoreNames.JOB_RESULTS);
    }

    @Override
    public void process(Record<String, JobResult> record) {
        if (record.key() != null && record.value() != null) {
            results.put(record.key(), record.value());
            stored.accept(record.key(), record.value());
        }
    }
}
