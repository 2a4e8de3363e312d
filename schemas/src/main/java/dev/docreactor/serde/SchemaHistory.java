package dev.docreactor.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of each record schema, as kept under {@code schemas/history/<Record>/v<N>.avsc}
 * and packaged on the classpath under {@code schema-history/}.
 *
 * <p>Each history file is a self-contained schema (nested records inlined), so it parses on its own.
 */
public final class SchemaHistory {

    /** Classpath folder holding the released schema versions. */
    public static final String RESOURCE_ROOT = "schema-history";

    private SchemaHistory() {
    }

    /**
     * Released versions of a record schema, oldest first; empty when none was released yet.
     *
     * @param recordName the record's simple name, e.g. {@code Operation}
     */
    public static List<Schema> released(String recordName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int version = 1; ; version++) {
            String path = RESOURCE_ROOT + "/" + recordName + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + path, e);
            }
        }
    }
}
