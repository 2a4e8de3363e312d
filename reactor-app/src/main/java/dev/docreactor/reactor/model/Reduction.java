package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The result of a reducer: either a new state or a rejection with a reason. */
public sealed interface Reduction {

    /** A new state. */
    static Reduction applied(JsonNode state) {
        return new Applied(state);
    }

    /** A rejection; the state does not change. */
    static Reduction rejected(String reason) {
        return new Rejected(reason);
    }

    /** The action was applied and produced {@code state}. */
    record Applied(JsonNode state) implements Reduction {
        public Applied {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The reducer rejected the action for {@code reason}. */
    record Rejected(String reason) implements Reduction {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
