package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;

/**
 * A stream's state while operations are applied to it: the tree, with its canonical text and hash
 * computed at most once each and only when asked for (a state passed over by the next operation
 * needs neither).
 */
final class RunningState {

    private JsonNode node;
    private String text;
    private String hash;

    /**
     * The state after the last operation in effect, as its stream head recorded it.
     *
     * @param parsed the tree of {@code head.state()}, not modified by anyone
     */
    static RunningState ofHead(StreamHead head, JsonNode parsed) {
        return new RunningState(parsed, head.state(), head.hash());
    }

    /** A state rebuilt from operations: text and hash are computed when needed. */
    static RunningState of(JsonNode node) {
        return new RunningState(node, null, null);
    }

    private RunningState(JsonNode node, String text, String hash) {
        this.node = node;
        this.text = text;
        this.hash = hash;
    }

    /** The state tree; callers do not modify it. */
    JsonNode node() {
        return node;
    }

    /** Moves on to the state after an applied operation, whose canonical text is known. */
    void set(JsonNode newNode, String canonicalText) {
        node = newNode;
        text = canonicalText;
        hash = null;
    }

    /** The canonical JSON text of the state. */
    String text() {
        if (text == null) {
            text = CanonicalJson.write(node);
        }
        return text;
    }

    /** The state's hash, {@link CanonicalJson#hash} of it, from the text already written. */
    String hash() {
        if (hash == null) {
            hash = CanonicalJson.hashCanonicalText(text());
        }
        return hash;
    }
}
