package dev.docreactor.reactor.merge;

/**
 * A read of a document's view met stores that changed while it read them: the state rebuilt from the
 * nearest checkpoint and the operations after it does not have the hash its stream head records. The
 * stores themselves are consistent (a job's writes are one transaction); the reader saw part of a job that
 * was being written. Reading again sees either all of it or none.
 */
public final class TornReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message which stream, and what was expected and found */
    public TornReadException(String message) {
        super(message);
    }
}
