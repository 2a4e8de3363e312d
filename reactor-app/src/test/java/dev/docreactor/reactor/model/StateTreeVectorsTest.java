package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The state hash, version 2, agrees with the independent reference implementation {@code docs/state-hash.py},
 * whose output is the resource {@code state-hash-vectors.json} ({@code python3 docs/state-hash.py --vectors}).
 */
class StateTreeVectorsTest {

    @Test
    void shouldHashEveryVectorAsTheReferenceImplementationDoes() throws IOException {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/state-hash-vectors.json")) {
            assertThat(in).as("the test vectors resource").isNotNull();
            vectors = CanonicalJson.mapper().readTree(in);
        }
        assertThat(vectors.size()).as("number of vectors").isGreaterThanOrEqualTo(20);
        for (JsonNode vector : vectors) {
            String input = vector.get("input").textValue();
            JsonNode state = CanonicalJson.parse(input);
            assertThat(StateTree.hash(state)).as("hash of %s", abbreviated(input))
                    .isEqualTo(vector.get("hash").textValue());
            assertThat(StateTree.of(state).canonicalBytes()).as("canonical size of %s", abbreviated(input))
                    .isEqualTo(JsonMeasure.utf8Length(CanonicalJson.write(state)));
        }
    }

    @Test
    void shouldTellVersionTwoFromVersionOneByItsPrefix() {
        JsonNode state = CanonicalJson.parse("{\"a\":1}");

        String hash = StateTree.hash(state);

        assertThat(hash).as("a version 2 hash: the prefix and 64 lowercase hex digits").matches("2:[0-9a-f]{64}");
        assertThat(hash.substring(2)).as("version 2 differs from version 1 (SHA-256 of the canonical text)")
                .isNotEqualTo(CanonicalJson.hash(state));
    }

    private static String abbreviated(String input) {
        return input.length() <= 80 ? input : input.substring(0, 80) + "...";
    }
}
