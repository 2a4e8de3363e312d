package dev.docreactor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Action;
import dev.docreactor.schema.DeadLetter;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every current schema must be backward and forward compatible with its last released version. */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(Action.getClassSchema(), Operation.getClassSchema(), Job.getClassSchema(),
            JobResult.getClassSchema(), DocumentSnapshot.getClassSchema(), DeadLetter.getClassSchema());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("currentSchemas")
    void shouldBeCompatibleWithPreviousReleasedVersion(Schema current) {
        List<Schema> released = SchemaHistory.released(current.getName());
        assertThat(released).as("schemas/history/%s has at least one released version", current.getName()).isNotEmpty();
        Schema previous = released.get(released.size() - 1);
        assertThat(SchemaEvolutionGuard.problems(previous, current))
            .as("%s must be backward and forward compatible with its last released version", current.getName())
            .isEmpty();
    }

    @Test
    void shouldReportNewRequiredFieldWithoutDefault() throws IOException {
        Schema incompatible;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/Operation-incompatible-required-field.avsc")) {
            incompatible = new Schema.Parser().parse(in);
        }
        List<String> problems = SchemaEvolutionGuard.problems(Operation.getClassSchema(), incompatible);
        assertThat(problems).as("a new required field without default breaks new readers of old data")
            .anySatisfy(p -> assertThat(p).contains("backward").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("tenant"));
    }
}
