package dev.docreactor.bench.load;

import dev.docreactor.schema.Job;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends jobs keyed by document id to a queue topic and fails loudly if any send fails: a lost job would
 * make a scenario wait forever for its result.
 */
public final class JobSender implements AutoCloseable {

    private final KafkaProducer<String, Job> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    /** A sender with its own producer on {@code cluster}. */
    public JobSender(Cluster cluster, String topic) {
        this.producer = cluster.jobProducer();
        this.topic = topic;
    }

    /** Sends one job. */
    public void send(Job job) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a send to " + topic + " failed: " + failed.getMessage(), failed);
        }
        producer.send(new ProducerRecord<>(topic, job.getDocumentId(), job), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        sent.incrementAndGet();
    }

    /** Waits until every job is acknowledged; throws if any send failed. */
    public void flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a send to " + topic + " failed: " + failed.getMessage(), failed);
        }
    }

    /** Jobs sent. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
