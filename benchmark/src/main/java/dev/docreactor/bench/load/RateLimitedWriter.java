package dev.docreactor.bench.load;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Offers a fixed load: one-action EXECUTE jobs at {@code rate} per second for a given time, on its own
 * thread, paced against the wall clock (a late sender catches up, so the offered count stays exact).
 * Each action's timestamp is the time it was handed to the producer: the "accepted" time latencies
 * start from.
 */
public final class RateLimitedWriter {

    private final KafkaProducer<String, Job> producer;
    private final String queue;
    private final Jobs jobs;
    private final IntFunction<String> documentOf;
    private final String member;
    private final Map<String, AtomicLong> perDocument = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile RuntimeException failure;
    private Thread thread;
    private long startedNanos;
    private long endedNanos;

    /**
     * @param producer a job producer on the reactor's cluster
     * @param queue the reactor's queue topic
     * @param jobs id source
     * @param documentOf the document of the i-th action
     * @param member the JSON member the patches set
     */
    public RateLimitedWriter(KafkaProducer<String, Job> producer, String queue, Jobs jobs, IntFunction<String> documentOf,
                             String member) {
        this.producer = producer;
        this.queue = queue;
        this.jobs = jobs;
        this.documentOf = documentOf;
        this.member = member;
    }

    /** Starts offering {@code rate} operations/s for {@code seconds}, one action per job. */
    public RateLimitedWriter start(int rate, double seconds) {
        return start(rate, seconds, 1);
    }

    /**
     * Starts offering {@code rate} operations/s for {@code seconds}, in jobs of {@code perJob} actions
     * (so {@code rate / perJob} jobs/s).
     */
    public RateLimitedWriter start(int opsRate, double seconds, int perJob) {
        int rate = Math.max(1, opsRate / perJob);
        long total = Math.round(rate * seconds);
        thread = new Thread(() -> {
            startedNanos = System.nanoTime();
            long i = 0;
            try {
                while (i < total) {
                    long due = Math.min(total, (long) ((System.nanoTime() - startedNanos) / 1e9 * rate) + 1);
                    while (i < due) {
                        String document = documentOf.apply((int) i);
                        long now = System.currentTimeMillis();
                        List<Action> actions = new java.util.ArrayList<>(perJob);
                        for (int k = 0; k < perJob; k++) {
                            actions.add(jobs.patch(member, i, now));
                        }
                        Job job = jobs.single(document, actions, now);
                        producer.send(new ProducerRecord<>(queue, document, job), (m, e) -> {
                            if (e != null) {
                                failure = new IllegalStateException("send failed: " + e.getMessage(), e);
                            }
                        });
                        perDocument.computeIfAbsent(document, d -> new AtomicLong()).addAndGet(perJob);
                        sent.addAndGet(perJob);
                        i++;
                    }
                    Thread.sleep(1);
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                endedNanos = System.nanoTime();
            }
        }, "writer-" + queue);
        thread.start();
        return this;
    }

    /** Waits for the writer to finish and checks that every send succeeded. */
    public void await() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    /** Operations sent. */
    public long sent() {
        return sent.get();
    }

    /** Operations sent per document. */
    public Map<String, AtomicLong> perDocument() {
        return perDocument;
    }

    /** Operations/s actually offered. */
    public double achievedRate() {
        return sent.get() / Math.max(1e-9, (endedNanos - startedNanos) / 1e9);
    }
}
