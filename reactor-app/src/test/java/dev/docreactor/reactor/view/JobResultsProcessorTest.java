package dev.docreactor.reactor.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.JobStatus;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The job-results store keeps the topic's bytes; a result is decoded only for a request that waits for it. */
class JobResultsProcessorTest {

    private static final RecordFormat<JobResult> FORMAT = AvroSerdes.jobResult().format();

    @Test
    void shouldStoreTheTopicsBytesAndDecodeOnlyTheResultsWaitedFor() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.JOB_RESULTS),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        List<String> decoded = new ArrayList<>();
        JobResultWaiters waiters = new JobResultWaiters();
        CompletableFuture<JobResult> waited = waiters.register("job-2");
        JobResultsProcessor processor = new JobResultsProcessor(waiters, new RecordFormat<>() {
            @Override
            public byte[] encode(JobResult record) {
                throw new AssertionError("a stored result is never encoded again");
            }

            @Override
            public JobResult decode(byte[] bytes) {
                JobResult result = FORMAT.decode(bytes);
                decoded.add(result.getJobId());
                return result;
            }
        });
        processor.init(context);
        byte[] first = FORMAT.encode(result("job-1"));
        byte[] second = FORMAT.encode(result("job-2"));

        processor.process(new Record<>("job-1", first, 0L));
        processor.process(new Record<>("job-2", second, 0L));

        assertThat(store.get("job-1")).as("the bytes of the topic, not encoded again").isSameAs(first);
        assertThat(store.get("job-2")).as("the bytes of the topic, not encoded again").isSameAs(second);
        assertThat(decoded).as("only the result a request waits for is decoded").containsExactly("job-2");
        assertThat(waited).as("its waiter is woken").isCompletedWithValueMatching(r -> r.getJobId().equals("job-2"));
    }

    private static JobResult result(String jobId) {
        return new JobResult(jobId, "d", JobStatus.COMPLETED, null, List.of(), 1L);
    }
}
