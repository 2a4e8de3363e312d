package dev.docreactor.reactor.api;

import java.time.Duration;

/**
 * Why the reactor cannot do what a request asked, in the reactor's own terms. The HTTP layer turns each
 * kind into a status code in one place ({@link ErrorMapper}); the backend and the validation code never
 * name a status.
 */
public abstract sealed class ReactorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ReactorException(String message) {
        super(message);
    }

    /** The request is malformed: bad JSON, a missing or mistyped field, an invalid id or parameter. */
    public static final class InvalidRequest extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** A request rejected because of {@code message}. */
        public InvalidRequest(String message) {
            super(message);
        }
    }

    /** The request is well-formed but asks for more than the configured limits allow. */
    public static final class LimitExceeded extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** A request over a limit, which {@code message} names. */
        public LimitExceeded(String message) {
            super(message);
        }
    }

    /** The caller did not prove who they are: no credentials, or unknown ones. */
    public static final class Unauthenticated extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** Unauthenticated, as {@code message} says (never with the credential). */
        public Unauthenticated(String message) {
            super(message);
        }
    }

    /** The caller is known but lacks the role the request needs. */
    public static final class Forbidden extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** Not allowed, as {@code message} says. */
        public Forbidden(String message) {
            super(message);
        }
    }

    /** The request (or the job it becomes) is larger than the reactor accepts. */
    public static final class TooLarge extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** A request too large, as {@code message} says. */
        public TooLarge(String message) {
            super(message);
        }
    }

    /** What the request names does not exist (yet): a document, a job, a resource. */
    public static final class NotFound extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** Nothing found, as {@code message} says. */
        public NotFound(String message) {
            super(message);
        }
    }

    /** The resource exists but does not answer this method. */
    public static final class MethodNotAllowed extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** {@code method} is not allowed; {@code allowed} is. */
        public MethodNotAllowed(String method, String allowed) {
            super("method " + method + " not allowed here; use " + allowed);
        }
    }

    /** The client took too long to send its request. */
    public static final class RequestTimedOut extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** A request that did not arrive in time, as {@code message} says. */
        public RequestTimedOut(String message) {
            super(message);
        }
    }

    /** The reactor accepted the work but its outcome did not arrive within the configured wait. */
    public static final class WaitTimedOut extends ReactorException {
        private static final long serialVersionUID = 1L;

        /** A wait that ended without an outcome, as {@code message} says. */
        public WaitTimedOut(String message) {
            super(message);
        }
    }

    /**
     * The reactor cannot serve the request right now but will soon: Kafka Streams is starting or
     * rebalancing, the queue is unreachable, the server is saturated. The client should retry.
     */
    public static final class Unavailable extends ReactorException {
        private static final long serialVersionUID = 1L;
        /** How long a client should wait before retrying when nothing better is known. */
        public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

        private final Duration retryAfter;

        /** Unavailable for the reason {@code message}; retry after {@link #DEFAULT_RETRY_AFTER}. */
        public Unavailable(String message) {
            this(message, DEFAULT_RETRY_AFTER);
        }

        /** Unavailable for the reason {@code message}; retry after {@code retryAfter}. */
        public Unavailable(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** When to retry. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
