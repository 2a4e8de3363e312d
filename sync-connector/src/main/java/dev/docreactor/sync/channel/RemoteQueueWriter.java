package dev.docreactor.sync.channel;

import dev.docreactor.sync.manager.Outbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The push channel to a remote reactor on another Kafka cluster: produces jobs to the remote's queue
 * and dead letters to its dead-letter topic with an idempotent producer, created on first use.
 */
public final class RemoteQueueWriter implements PushChannel {

    private final String name;
    private final String queueTopic;
    private final String deadLetterTopic;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param name the remote's name
     * @param queueTopic the remote's queue, for jobs
     * @param deadLetterTopic where dead letters go
     * @param clientConfig client settings of the remote cluster (bootstrap servers, security)
     * @param timeout how long one request to the remote may take
     */
    public RemoteQueueWriter(String name, String queueTopic, String deadLetterTopic, Map<String, Object> clientConfig,
                             Duration timeout) {
        this.name = name;
        this.queueTopic = queueTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Jobs go to the queue topic, dead letters to the dead-letter topic. Once a send fails without
     * reaching the remote (the producer gave up waiting for metadata, {@code max.block.ms}), the records
     * after it are not sent but fail with the same error: while the remote is down a call blocks at most
     * once, not once per record.
     */
    @Override
    public List<CompletableFuture<Void>> pushEach(List<Outbound> records) {
        KafkaProducer<byte[], byte[]> p = producer();
        List<CompletableFuture<Void>> futures = new ArrayList<>(records.size());
        RuntimeException unreachable = null;
        for (Outbound record : records) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            futures.add(future);
            if (unreachable != null) {
                future.completeExceptionally(unreachable);
                continue;
            }
            String topic = record.isDeadLetter() ? deadLetterTopic : queueTopic;
            try {
                p.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, error) -> {
                    if (error == null) {
                        future.complete(null);
                    } else {
                        future.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                // send() throws for metadata timeouts and serialization; report it per record like callbacks do.
                future.completeExceptionally(e);
                unreachable = e;
            }
            if (future.isCompletedExceptionally() && isUnreachable(future)) {
                unreachable = new org.apache.kafka.common.errors.TimeoutException("Remote " + name
                    + " unreachable: not sending the rest of this batch");
            }
        }
        return futures;
    }

    /** Whether a send failed before reaching the remote: the metadata wait ran out. */
    private static boolean isUnreachable(CompletableFuture<Void> future) {
        try {
            future.getNow(null);
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
        }
    }

    /** Closes the producer so the next push starts afresh. */
    @Override
    public void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientConfig);
            int timeoutMs = (int) timeout.toMillis();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // The push task waits for the acknowledgement of every record it sent before it takes more, so
            // lingering would batch nothing more: it would only delay each put.
            props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            int requestTimeoutMs = Math.min(timeoutMs, 30_000);
            props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
            props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeoutMs + 10));
            props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sync-" + name + "-push");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
