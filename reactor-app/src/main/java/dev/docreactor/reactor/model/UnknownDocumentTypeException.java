package dev.docreactor.reactor.model;

import java.util.List;
import java.util.Objects;

/** A document type that no registered {@link DocumentModel} provides. */
public final class UnknownDocumentTypeException extends RuntimeException {

    private final String type;
    private final List<String> registeredTypes;

    /**
     * @param type the type that was asked for
     * @param registeredTypes the types that are registered, listed in the message
     */
    public UnknownDocumentTypeException(String type, List<String> registeredTypes) {
        super("unknown document type '" + type + "'; registered types: " + registeredTypes);
        this.type = type;
        this.registeredTypes = List.copyOf(Objects.requireNonNull(registeredTypes, "registeredTypes"));
    }

    /** The type that was asked for (may be {@code null}). */
    public String type() {
        return type;
    }

    /** The types that were registered, sorted. */
    public List<String> registeredTypes() {
        return registeredTypes;
    }
}
