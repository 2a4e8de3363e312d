package dev.docreactor.reactor.ctl;

/**
 * A reactorctl failure the user can act on: its message is printed as one line on stderr and the
 * command exits with {@link #exitCode()}.
 */
public final class CtlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of an operation that failed (the request was valid but did not succeed). */
    public static final int FAILED = 1;

    private final int exitCode;

    /** A failure with exit code {@link #FAILED}. */
    public CtlException(String message) {
        this(message, FAILED);
    }

    /** A failure with its own exit code. */
    public CtlException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
