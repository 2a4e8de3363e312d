package dev.docreactor.sync.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Job;
import dev.docreactor.serde.SingleObjectDeserializer;
import dev.docreactor.serde.SingleObjectSerializer;
import dev.docreactor.serde.ValueSerdes;
import dev.docreactor.sync.Ops;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** The connector reads the event bus and writes jobs and dead letters with the configured value serdes. */
class SyncManagerValueSerdesTest {

    private static final String BUS = "reactor-b-operations-changelog";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

    /** Single-object encoding behind a 'Z'. */
    public static final class ZSerializer implements Serializer<SpecificRecord> {
        private final SingleObjectSerializer inner = new SingleObjectSerializer();

        @Override
        public byte[] serialize(String topic, SpecificRecord record) {
            byte[] body = inner.serialize(topic, record);
            byte[] out = new byte[body.length + 1];
            out[0] = 'Z';
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }
    }

    /** Reads what {@link ZSerializer} writes. */
    public static final class ZDeserializer implements Deserializer<SpecificRecord> {
        private final SingleObjectDeserializer inner = new SingleObjectDeserializer();

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            inner.configure(configs, isKey);
        }

        @Override
        public SpecificRecord deserialize(String topic, byte[] bytes) {
            if (bytes[0] != 'Z') {
                throw new SerializationException("no Z");
            }
            return inner.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
        }
    }

    private final ValueSerdes z = new ValueSerdes(ZSerializer.class, ZDeserializer.class, Map.of());
    private final SyncManager manager = new SyncManager(SyncSettings.of("b", "a", SyncFilter.all()), CLOCK, z);

    @Test
    void shouldReadOperationsAndWriteJobsWithTheConfiguredSerdes() {
        byte[] op = z.operation().serializer().serialize(BUS, Ops.op("b", "d1", 0));
        SyncPlan plan = manager.plan(List.of(new EventRecord(BUS, 0, 10, 0L, "d1/main/global/0".getBytes(StandardCharsets.UTF_8), op)));
        assertThat(plan.outbound()).as("one LOAD job").singleElement().satisfies(out -> {
            assertThat(out.deadLetter()).as("read with the configured deserializer, no dead letter").isNull();
            assertThat(out.value()[0]).as("written with the configured serializer").isEqualTo((byte) 'Z');
            Job job = z.job().deserializer().deserialize("a.queue", out.value());
            assertThat(job.getOperations()).as("the operation travelled").hasSize(1);
        });
    }

    @Test
    void shouldDeadLetterAnEventInAnotherEncodingWithTheConfiguredSerdes() {
        SyncPlan plan = manager.plan(List.of(Ops.record(BUS, 0, 10, Ops.op("b", "d1", 0))));
        assertThat(plan.outbound()).as("one dead letter").singleElement().satisfies(out -> {
            assertThat(out.deadLetter()).as("undecodable by the configured deserializer").isNotNull();
            assertThat(out.value()[0]).as("dead letter written with the configured serializer").isEqualTo((byte) 'Z');
        });
    }
}
