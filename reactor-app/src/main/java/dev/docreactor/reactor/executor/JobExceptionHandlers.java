package dev.docreactor.reactor.executor;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams exception handlers that turn a failure into the failure of one job. The executor
 * catches what a job throws itself; these handlers see what it cannot: a record the producer refuses
 * (under exactly-once the transaction is then lost, so the job is remembered in {@link FailedJobs} and
 * recorded FAILED when Kafka Streams processes it again) and exceptions that escape a processor.
 */
public final class JobExceptionHandlers {

    private static final Logger log = LoggerFactory.getLogger(JobExceptionHandlers.class);

    private JobExceptionHandlers() {
    }

    private static FailedJobs registry(Map<String, ?> configs) {
        Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        return FailedJobs.of(String.valueOf(id));
    }

    private static void remember(FailedJobs failed, ErrorHandlerContext context, String reason) {
        failed.remember(context.topic(), context.partition(), context.offset(), reason);
        log.error("Job at {}-{}@{} failed: {}; it is recorded as FAILED when processed again", context.topic(),
            context.partition(), context.offset(), reason);
    }

    /**
     * Production errors (a record refused by the producer or the broker, e.g. too large): the job that
     * wrote the record is remembered as failed. Kafka Streams cannot go on with a transaction the
     * producer has failed, so the answer is FAIL: the transaction is aborted and the job processed
     * again, then recorded FAILED.
     */
    public static final class Production implements ProductionExceptionHandler {
        private FailedJobs failed = FailedJobs.of("");

        @Override
        public void configure(Map<String, ?> configs) {
            failed = registry(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            remember(failed, context, "a record of this job for topic " + record.topic() + " was refused: " + exception);
            return Response.fail();
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                SerializationExceptionOrigin origin) {
            remember(failed, context, "a record of this job for topic " + record.topic() + " could not be serialized ("
                + origin + "): " + exception);
            return Response.fail();
        }
    }

    /**
     * Exceptions that escape a processor. Infrastructure failures (a {@link StreamsException}: a state
     * store or the producer failed) are not the job's fault: FAIL, and Kafka Streams restarts the task.
     * Anything else is the job's: it is remembered as failed, and FAIL aborts the transaction so that
     * nothing the job half-wrote survives; processed again, it is recorded FAILED.
     */
    public static final class Processing implements ProcessingExceptionHandler {
        private FailedJobs failed = FailedJobs.of("");

        @Override
        public void configure(Map<String, ?> configs) {
            failed = registry(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (!(exception instanceof StreamsException)) {
                remember(failed, context, "processing failed: " + exception);
            }
            return Response.fail();
        }
    }
}
