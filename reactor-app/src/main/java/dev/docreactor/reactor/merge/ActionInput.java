package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.docreactor.reactor.model.CanonicalJson;

/** The JSON value of an action's input, read the same way wherever the merge needs it. */
final class ActionInput {

    private ActionInput() {
    }

    /**
     * The input as JSON: an absent input is JSON {@code null}.
     *
     * @throws IllegalArgumentException if the text is not a JSON value
     */
    static JsonNode parse(String input) {
        return input == null ? NullNode.getInstance() : CanonicalJson.parse(input);
    }
}
