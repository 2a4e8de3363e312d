package dev.docreactor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import java.io.ByteArrayOutputStream;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Avro's decoding limits are in force: a declared length beyond them is refused before any allocation. */
class AvroLimitsTest {

    @Test
    void shouldRefuseABodyDeclaringATwoGigabyteStringWithoutAllocatingIt() throws java.io.IOException {
        RecordFormat<Job> format = AvroSerdes.job().format();
        byte[] valid = format.encode(Job.newBuilder().setJobId("j").setKind(JobKind.EXECUTE).setDocumentId("d").build());
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        forged.write(valid, 0, 10);
        // Avro writes a length as a zig-zag varint: the encoder spells the forged one.
        org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(forged, null).writeLong(2_000_000_000L);
        assertThatThrownBy(() -> format.decode(forged.toByteArray()))
            .as("a 2 GB string declared in a 15-byte body").isInstanceOf(SerializationException.class)
            .hasMessageContaining("exceeds maximum allowed");
        assertThat(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY))
            .as("the limit is installed").isEqualTo(Integer.toString(AvroLimits.DEFAULT_MAX_LENGTH));
    }

    @Test
    void shouldKeepALimitTheUserSet() {
        // Loading the format installs the default limits first, whichever test runs first.
        AvroSerdes.job().format();
        String before = System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY);
        assertThat(AvroLimits.install(1234)).as("the string limit already in force is kept")
            .isEqualTo(Integer.parseInt(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)));
        assertThat(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY)).as("unchanged").isEqualTo(before);
    }
}
