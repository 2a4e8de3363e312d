package dev.docreactor.sync.connect;

import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.sync.connect.ClusterFixtures.EventBusWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Stands in for a reactor in integration tests (the real one is another module): consumes its queue,
 * applies LOAD jobs idempotently by operation id (appending only new operations to its event bus,
 * origin kept) and records SYNC_ACKs.
 */
final class FakeReactor implements AutoCloseable {

    final String id;
    private final EventBusWriter bus;
    private final KafkaConsumer<byte[], byte[]> queue;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> ackedBy = new ConcurrentHashMap<>();
    private final List<String> appended = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    FakeReactor(String bootstrap, String id) {
        this.id = id;
        this.bus = new EventBusWriter(bootstrap, id, 1);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reactor-" + id + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        queue = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        queue.subscribe(List.of(id + ".queue"));
        thread = new Thread(this::run, "fake-reactor-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** A client creates operations on this reactor. */
    synchronized void create(List<Operation> ops) {
        ops.forEach(op -> applied.add(op.getId()));
        bus.write(ops);
        ops.forEach(op -> appended.add(op.getId()));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : queue.poll(Duration.ofMillis(200))) {
                    Job job = AvroSerdes.job().deserializer().deserialize(r.topic(), r.value());
                    if (job.getKind() == JobKind.SYNC_ACK) {
                        job.getOperations().forEach(op -> ackedBy.computeIfAbsent(op.getId(),
                            k -> ConcurrentHashMap.newKeySet()).add(job.getSource()));
                    } else if (job.getKind() == JobKind.LOAD) {
                        List<Operation> fresh = job.getOperations().stream().filter(op -> !applied.contains(op.getId()))
                            .toList();
                        if (!fresh.isEmpty()) {
                            create(fresh);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    /** Ids of every operation this reactor holds. */
    Set<String> applied() {
        return Set.copyOf(applied);
    }

    /** Operation ids in the order they were appended to the event bus (duplicates would show here). */
    List<String> appended() {
        synchronized (appended) {
            return List.copyOf(appended);
        }
    }

    /** Which reactors acknowledged having applied operation {@code opId}. */
    Set<String> ackedBy(String opId) {
        return ackedBy.getOrDefault(opId, Set.of());
    }

    @Override
    public void close() {
        running = false;
        queue.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
        bus.close();
    }
}
