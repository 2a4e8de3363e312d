package dev.docreactor.reactor.api;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses. Every answer is {@code {"error": "..."}}; a 5xx
 * means the server could not do it (Kafka unavailable, a bug), never that the request was bad.
 *
 * <table>
 *   <caption>status per failure</caption>
 *   <tr><td>{@link ReactorException.InvalidRequest}</td><td>400</td></tr>
 *   <tr><td>{@link ReactorException.Unauthenticated}</td><td>401 with WWW-Authenticate</td></tr>
 *   <tr><td>{@link ReactorException.Forbidden}</td><td>403</td></tr>
 *   <tr><td>{@link ReactorException.NotFound}</td><td>404</td></tr>
 *   <tr><td>{@link ReactorException.MethodNotAllowed}</td><td>405</td></tr>
 *   <tr><td>{@link ReactorException.RequestTimedOut}</td><td>408</td></tr>
 *   <tr><td>{@link ReactorException.TooLarge}</td><td>413</td></tr>
 *   <tr><td>{@link ReactorException.LimitExceeded}</td><td>422</td></tr>
 *   <tr><td>{@link ReactorException.Unavailable}, {@link InvalidStateStoreException}</td><td>503 with Retry-After</td></tr>
 *   <tr><td>{@link ReactorException.WaitTimedOut}</td><td>504</td></tr>
 *   <tr><td>anything else</td><td>500, logged</td></tr>
 * </table>
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /** The status of a failure. */
    public static int status(Throwable failure) {
        if (failure instanceof ReactorException.InvalidRequest) {
            return 400;
        } else if (failure instanceof ReactorException.Unauthenticated) {
            return 401;
        } else if (failure instanceof ReactorException.Forbidden) {
            return 403;
        } else if (failure instanceof ReactorException.NotFound) {
            return 404;
        } else if (failure instanceof ReactorException.MethodNotAllowed) {
            return 405;
        } else if (failure instanceof ReactorException.RequestTimedOut) {
            return 408;
        } else if (failure instanceof ReactorException.TooLarge) {
            return 413;
        } else if (failure instanceof ReactorException.LimitExceeded) {
            return 422;
        } else if (failure instanceof ReactorException.Unavailable || failure instanceof InvalidStateStoreException) {
            return 503;
        } else if (failure instanceof ReactorException.WaitTimedOut) {
            return 504;
        }
        return 500;
    }

    /** The answer to a request that failed with {@code failure}; {@code request} names it in the log. */
    public static ApiResponse toResponse(Throwable failure, String request) {
        int status = status(failure);
        if (failure instanceof ReactorException.Unavailable unavailable) {
            return ApiResponse.error(status, failure.getMessage()).retryAfter(unavailable.retryAfter());
        }
        if (failure instanceof InvalidStateStoreException) {
            // A rebalance moved or is restoring the store between locating it and reading it: retryable.
            return ApiResponse.error(status, "the reactor's stores are being rebalanced; retry shortly (" + failure.getMessage() + ")")
                .retryAfter(ReactorException.Unavailable.DEFAULT_RETRY_AFTER);
        }
        if (status == 401) {
            return ApiResponse.error(status, failure.getMessage()).withHeader("WWW-Authenticate", "Bearer realm=\"reactor\"");
        }
        if (status == 500) {
            log.error("Unexpected error serving {}", request, failure);
            return ApiResponse.error(500, "internal error: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
        return ApiResponse.error(status, failure.getMessage());
    }
}
