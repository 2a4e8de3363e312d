package dev.docreactor.reactor.queue;

import dev.docreactor.reactor.api.ReactorException;
import dev.docreactor.reactor.metrics.ReactorMeters;
import dev.docreactor.schema.Job;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The queue (IQueue): enqueues jobs on the queue topic, keyed by document id so one document's jobs run
 * one at a time and in order. An idempotent producer with {@code acks=all}; a job is enqueued when the
 * cluster acknowledged it.
 */
public final class JobQueue implements AutoCloseable {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final String topic;
    private final KafkaProducer<String, Job> producer;

    /**
     * @param bootstrapServers the reactor's cluster
     * @param topic the queue topic
     * @param clientId the producer's client id
     * @param maxRecordBytes the largest record the queue topic accepts
     * @param clientOverrides security and other client settings
     * @param jobs the queue's value serializer ({@code ReactorConfig.valueSerdes()})
     */
    public JobQueue(String bootstrapServers, String topic, String clientId, int maxRecordBytes, Map<String, Object> clientOverrides,
                    Serializer<Job> jobs) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(clientOverrides);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), jobs);
    }

    /**
     * Enqueues a job and waits for the cluster's acknowledgement.
     *
     * @throws ReactorException.Unavailable when the queue cannot take it now (retry)
     * @throws ReactorException.TooLarge when the job is larger than the queue accepts
     */
    public void submit(Job job) {
        try {
            producer.send(new ProducerRecord<>(topic, job.getDocumentId(), job)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                throw new ReactorException.Unavailable("the queue is not available right now, retry: " + e.getCause().getMessage());
            }
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new ReactorException.TooLarge("could not enqueue the job: " + e.getCause().getMessage());
            }
            throw new ReactorException.Unavailable("could not enqueue the job: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ReactorException.Unavailable("the queue did not acknowledge the job within " + ACK_TIMEOUT_SECONDS + " s; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReactorException.Unavailable("interrupted while enqueuing");
        }
    }

    /** Publishes the producer's metrics in the reactor's registry, until {@code meters} closes. */
    public void bindMetrics(ReactorMeters meters) {
        meters.bindKafkaProducer(producer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
