package dev.docreactor.reactor.api;

/** A request the API answers with a 4xx (or 5xx) status and {@code {"error": message}}. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** An error answered with {@code status}. */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 Bad Request. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404 Not Found. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
