package dev.docreactor.reactor.executor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Queue positions of jobs whose failure aborted their Kafka transaction, with the reason, remembered in
 * this JVM per application. When a job fails after its writes began (a record the producer refused, an
 * error while publishing the job's view or result) the transaction holding it is aborted and Kafka
 * Streams processes the job again from the last commit; the executor then finds it here and records it
 * FAILED with a dead letter in the next transaction instead of failing the same way forever.
 *
 * <p>Bounded: the oldest positions are forgotten past {@value #CAPACITY} entries (a job is re-read
 * within seconds of its failure, long before that).
 */
public final class FailedJobs {

    static final int CAPACITY = 10_000;

    private static final ConcurrentMap<String, FailedJobs> BY_APPLICATION = new ConcurrentHashMap<>();

    private final Map<String, String> reasons = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    FailedJobs() {
    }

    /** The registry of one Kafka Streams application in this JVM. */
    public static FailedJobs of(String applicationId) {
        return BY_APPLICATION.computeIfAbsent(applicationId, id -> new FailedJobs());
    }

    /** Remembers that the job at a queue position failed for {@code reason}. */
    public synchronized void remember(String topic, int partition, long offset, String reason) {
        if (topic != null && offset >= 0) {
            reasons.put(position(topic, partition, offset), reason);
        }
    }

    /** Why the job at a queue position failed before, if it did. */
    public synchronized Optional<String> reasonFor(String topic, int partition, long offset) {
        if (reasons.isEmpty()) {
            // The usual case, asked once per record: no key to build.
            return Optional.empty();
        }
        return Optional.ofNullable(reasons.get(position(topic, partition, offset)));
    }

    /** Forgets a position once its failure is recorded. */
    public synchronized void forget(String topic, int partition, long offset) {
        reasons.remove(position(topic, partition, offset));
    }

    private static String position(String topic, int partition, long offset) {
        return topic + '-' + partition + '@' + offset;
    }
}
