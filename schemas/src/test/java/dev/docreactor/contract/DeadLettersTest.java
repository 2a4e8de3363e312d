package dev.docreactor.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.DeadLetter;
import dev.docreactor.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A dead letter carries every field it is given, survives encoding and gives its bytes back. */
class DeadLettersTest {

    private static final byte[] KEY = "doc-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {1, 2, 3, 0, -1};

    @Test
    void shouldCarryEveryField() {
        DeadLetter letter = DeadLetters.of("too large", "a.queue", 3, 41L, KEY, VALUE, "job-9", 1234L);

        assertThat(letter.getReason()).as("reason").isEqualTo("too large");
        assertThat(letter.getSourceTopic()).as("source topic").isEqualTo("a.queue");
        assertThat(letter.getSourcePartition()).as("source partition").isEqualTo(3);
        assertThat(letter.getSourceOffset()).as("source offset").isEqualTo(41L);
        assertThat(letter.getJobId()).as("job id").isEqualTo("job-9");
        assertThat(letter.getFailedUtcMs()).as("failure time").isEqualTo(1234L);
        assertThat(DeadLetters.originalKey(letter)).as("original key").isEqualTo(KEY);
        assertThat(DeadLetters.originalValue(letter)).as("original value").isEqualTo(VALUE);
        assertThat(DeadLetters.source(letter)).as("where it came from").isEqualTo("a.queue-3@41");
    }

    @Test
    void shouldKeepMissingKeyValueAndJobAsNull() {
        DeadLetter letter = DeadLetters.of("undecodable", "reactor-b-operations-changelog", -1, -1L, null, null, null, 5L);

        assertThat(DeadLetters.originalKey(letter)).as("no key").isNull();
        assertThat(DeadLetters.originalValue(letter)).as("no value").isNull();
        assertThat(letter.getJobId()).as("no job").isNull();
        assertThat(DeadLetters.source(letter)).as("unknown position").isEqualTo("reactor-b-operations-changelog--1@-1");
    }

    @Test
    void shouldSurviveEncodingAndGiveCopies() {
        DeadLetter letter = DeadLetters.of("r", "t", 0, 7L, KEY, VALUE, null, 9L);
        DeadLetter decoded = AvroSerdes.deadLetter().format().decode(AvroSerdes.deadLetter().format().encode(letter));

        assertThat(decoded).as("equal after encoding").isEqualTo(letter);
        byte[] value = DeadLetters.originalValue(decoded);
        value[0] = 99;
        assertThat(DeadLetters.originalValue(decoded)).as("callers get a copy, the letter stays intact").isEqualTo(VALUE);
    }
}
