package dev.docreactor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Round trips and bad bytes through the single-object encoding serdes. */
class AvroSingleObjectFormatTest {

    private final RecordSerde<Operation> serde = AvroSerdes.operation();

    @Test
    void shouldRoundTripOperation() {
        Operation op = operation();
        byte[] bytes = serde.serializer().serialize("t", op);
        assertThat(bytes[0]).as("single-object marker byte 0").isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).as("single-object marker byte 1").isEqualTo((byte) 0x01);
        assertThat(serde.deserializer().deserialize("t", bytes)).as("decoded operation").isEqualTo(op);
    }

    @Test
    void shouldRoundTripLoadJobWithOperations() {
        RecordSerde<Job> jobs = AvroSerdes.job();
        Job job = Job.newBuilder().setJobId("j1").setKind(JobKind.LOAD).setDocumentId("d1")
            .setOperations(List.of(operation())).setSource("reactor-b").build();
        assertThat(jobs.deserializer().deserialize("t", jobs.serializer().serialize("t", job))).as("decoded job").isEqualTo(job);
    }

    @Test
    void shouldWriteTheBytesAvrosMessageEncoderWrites() throws java.io.IOException {
        Operation op = operation();
        ByteBuffer avro = new BinaryMessageEncoder<Operation>(SpecificData.getForClass(Operation.class), Operation.getClassSchema())
            .encode(op);
        byte[] expected = new byte[avro.remaining()];
        avro.get(expected);
        assertThat(serde.serializer().serialize("t", op)).as("the same header and body as Avro's encoder").isEqualTo(expected);
        assertThat(serde.deserializer().deserialize("t", expected)).as("and read back").isEqualTo(op);
    }

    @Test
    void shouldEncodeARecordCorrectlyAfterOneThatCouldNotBeEncoded() {
        Operation incomplete = new Operation();
        incomplete.setId("reactor-a:a1");
        incomplete.setDocumentId("doc-1");
        assertThatThrownBy(() -> serde.serializer().serialize("t", incomplete)).as("required fields missing")
            .isInstanceOf(SerializationException.class).hasMessageContaining("Cannot encode dev.docreactor.schema.Operation");
        Operation op = operation();
        byte[] bytes = serde.serializer().serialize("t", op);
        assertThat(serde.deserializer().deserialize("t", bytes)).as("nothing of the failed record in the next").isEqualTo(op);
        assertThat(bytes).as("the same bytes as on a fresh thread").isEqualTo(serde.serializer().serialize("t", op));
    }

    @Test
    void shouldEncodeALargeRecordAndSmallOnesAfterIt() {
        Operation large = Operation.newBuilder(operation()).setAction(Action.newBuilder(operation().getAction())
            .setInput("\"" + "x".repeat(3 << 20) + "\"").build()).build();
        byte[] bytes = serde.serializer().serialize("t", large);
        assertThat(bytes.length).as("a 3 MiB input").isGreaterThan(3 << 20);
        assertThat(serde.deserializer().deserialize("t", bytes)).as("large record read back").isEqualTo(large);
        Operation small = operation();
        byte[] after = serde.serializer().serialize("t", small);
        assertThat(after.length).as("nothing of the large one in the next").isLessThan(200);
        assertThat(serde.deserializer().deserialize("t", after)).as("small record read back").isEqualTo(small);
    }

    @Test
    void shouldKeepNullAsTombstone() {
        assertThat(serde.serializer().serialize("t", null)).as("null record").isNull();
        assertThat(serde.deserializer().deserialize("t", null)).as("null bytes").isNull();
    }

    @Test
    void shouldRejectCorruptBodyWithSerializationException() {
        byte[] bytes = serde.serializer().serialize("t", operation());
        byte[] corrupt = Arrays.copyOf(bytes, bytes.length);
        // Keep the valid header, overwrite the body with bytes that decode to absurd lengths.
        Arrays.fill(corrupt, 10, corrupt.length, (byte) 0xFF);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", corrupt))
            .as("corrupt body")
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("Cannot decode dev.docreactor.schema.Operation")
            .hasMessageContaining("corrupt body");
    }

    @Test
    void shouldRejectTruncatedBodyWithSerializationException() {
        byte[] bytes = serde.serializer().serialize("t", operation());
        byte[] truncated = Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
            .as("truncated body")
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("corrupt body");
    }

    @Test
    void shouldRejectUnknownFingerprintNamingIt() {
        byte[] bytes = serde.serializer().serialize("t", operation());
        byte[] unknown = Arrays.copyOf(bytes, bytes.length);
        ByteBuffer.wrap(unknown, 2, 8).putLong(0x0123456789abcdefL);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknown))
            .as("unknown writer schema")
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("unknown writer schema fingerprint 0123456789abcdef");
    }

    @Test
    void shouldRejectBytesWithoutSingleObjectMarker() {
        byte[] plain = "{\"json\": \"not avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", plain))
            .as("not single-object encoding")
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("not Avro single-object encoding");
    }

    @Test
    void shouldRejectTooShortPayload() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xC3, 0x01, 0x02}))
            .as("shorter than the header")
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("shorter than the 10-byte Avro single-object header");
    }

    @Test
    void shouldReadRecordWrittenByOlderReleasedWriterSchema() {
        // Simulate an older writer: the released v1 schema without the 'reapplied' field would be a
        // different fingerprint; here we write with v1 (identical to current today) generically.
        Schema writer = SchemaHistory.released("Operation").get(0);
        GenericRecord action = new GenericData.Record(writer.getField("action").schema());
        action.put("id", "a1");
        action.put("type", "PATCH");
        action.put("scope", "global");
        action.put("input", "[]");
        action.put("timestampUtcMs", 1L);
        GenericRecord record = new GenericData.Record(writer);
        writer.getFields().forEach(f -> record.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null));
        record.put("id", "r:a1");
        record.put("documentId", "d");
        record.put("documentType", "json");
        record.put("scope", "global");
        record.put("index", 3L);
        record.put("timestampUtcMs", 5L);
        record.put("clock", 7L);
        record.put("hash", "h");
        record.put("origin", "r");
        record.put("action", action);
        byte[] bytes;
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Operation decoded = serde.deserializer().deserialize("t", bytes);
        assertThat(decoded.getIndex()).as("index read through the released writer schema").isEqualTo(3L);
        assertThat(decoded.getAction().getId()).as("nested action").isEqualTo("a1");
    }

    static Operation operation() {
        return Operation.newBuilder()
            .setId("reactor-a:a1").setDocumentId("doc-1").setDocumentType("json").setScope("global").setBranch("main")
            .setIndex(0).setSkip(0).setTimestampUtcMs(1_700_000_000_000L).setClock(1_700_000_000_000L << 16)
            .setHash("00".repeat(32)).setOrigin("reactor-a")
            .setAction(Action.newBuilder().setId("a1").setType("PATCH").setScope("global").setInput("[]").build())
            .build();
    }
}
