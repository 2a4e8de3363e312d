package dev.docreactor.reactor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A document's JSON answer is made of views with states, never of view records (which keep none). */
class RecordJsonDocumentTest {

    @Test
    void shouldAnswerAViewWithStates() throws Exception {
        DocumentSnapshot view = new DocumentSnapshot("doc", "json", "main", false,
            Map.of("global", new ScopeState(2L, "{\"a\":1}", "2:abc", 2L)), 0L, null);

        ObjectNode answer = RecordJson.document("doc", view);
        // The state is written as its canonical text: read the answer as a client does.
        JsonNode json = RecordJson.mapper().readTree(RecordJson.mapper().writeValueAsBytes(answer));

        assertThat(json.at("/state/global/a").asInt()).as("the state").isEqualTo(1);
        assertThat(json.at("/revision/global").asLong()).as("the revision").isEqualTo(2L);
        assertThat(json.at("/hash/global").asText()).as("the hash").isEqualTo("2:abc");
    }

    @Test
    void shouldRefuseAViewRecordWithoutState() {
        DocumentSnapshot record = new DocumentSnapshot("doc", "json", "main", false,
            Map.of("global", new ScopeState(2L, "", "2:abc", 2L)), 0L, null);

        assertThatThrownBy(() -> RecordJson.document("doc", record)).as("a view record is not an answer")
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope global has no state");
    }
}
