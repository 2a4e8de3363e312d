package dev.docreactor.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks that a new version of a record schema can be rolled out next to the previous one: new readers
 * read data written with the previous schema (backward) and previous readers read data written with the
 * new schema (forward).
 */
public final class SchemaEvolutionGuard {

    private SchemaEvolutionGuard() {
    }

    /**
     * The reasons {@code current} is not backward and forward compatible with {@code previous};
     * empty when it is.
     */
    public static List<String> problems(Schema previous, Schema current) {
        List<String> problems = new ArrayList<>();
        collect("backward (new reader, old data)", SchemaCompatibility.checkReaderWriterCompatibility(current, previous), problems);
        collect("forward (old reader, new data)", SchemaCompatibility.checkReaderWriterCompatibility(previous, current), problems);
        return problems;
    }

    private static void collect(String direction, SchemaPairCompatibility result, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                + ": " + incompatibility.getMessage());
        }
    }
}
