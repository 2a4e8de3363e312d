package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a reducer that changes a state in place reports, one call per change, right after making it, so
 * that whoever keeps something derived from the state (its hash and size: {@link StateTree}) updates it
 * in proportion to the change instead of going over the whole state again. Pointers are RFC 6901 JSON
 * Pointers into the state after the change; {@code ""} is the root.
 */
public interface StateChanges {

    /** Reports nothing: for states nobody derives anything from. */
    StateChanges NONE = new StateChanges() {
        @Override
        public void added(JsonNode root, String pointer) {
            // Nothing to update.
        }

        @Override
        public void removed(JsonNode root, String pointer) {
            // Nothing to update.
        }

        @Override
        public void replaced(JsonNode root, String pointer) {
            // Nothing to update.
        }

        @Override
        public void moved(JsonNode root, String from, String to) {
            // Nothing to update.
        }
    };

    /** A value was put at {@code pointer}: an object member set (new or replacing one), or an array element inserted there. */
    void added(JsonNode root, String pointer);

    /** The value at {@code pointer} was removed (an object member, or an array element; later ones moved up). */
    void removed(JsonNode root, String pointer);

    /** The value at {@code pointer} was replaced by another one; {@code ""}: {@code root} is a new root. */
    void replaced(JsonNode root, String pointer);

    /** The value at {@code from} was removed and then added at {@code to} (pointer into the state after the removal). */
    void moved(JsonNode root, String from, String to);
}
