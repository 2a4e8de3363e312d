package dev.docreactor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {

    private static final List<String> KEYS = List.of("bootstrap.servers", "http.port", "http.host", "state.dir", "reactor.id");

    @Test
    void shouldSuggestTheClosestKeyForATypo() {
        assertThat(KeySuggestions.closest("bootstrap.server", KEYS)).as("a missing letter").contains("bootstrap.servers");
        assertThat(KeySuggestions.closest("http.prot", KEYS)).as("swapped letters").contains("http.port");
        assertThat(KeySuggestions.closest("reactor.ids", KEYS)).as("an extra letter").contains("reactor.id");
    }

    @Test
    void shouldSuggestNothingForAKeyFarFromEveryKnownOne() {
        assertThat(KeySuggestions.closest("completely.different.setting", KEYS)).as("no likely typo").isEmpty();
        assertThat(KeySuggestions.closest("x".repeat(KeySuggestions.MAX_KEY_LENGTH + 1), KEYS))
            .as("an overlong key is not compared").isEmpty();
    }

    @Test
    void shouldMeasureEditDistance() {
        assertThat(KeySuggestions.distance("kitten", "sitting")).as("the textbook example").isEqualTo(3);
        assertThat(KeySuggestions.distance("", "abc")).as("from empty").isEqualTo(3);
        assertThat(KeySuggestions.distance("same", "same")).as("equal strings").isZero();
    }
}
