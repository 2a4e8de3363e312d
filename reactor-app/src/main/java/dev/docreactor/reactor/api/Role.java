package dev.docreactor.reactor.api;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an HTTP caller may do. Each route needs one role, derived from its method and path in one place
 * ({@link #requiredFor}): reading documents, writing them, or operating the reactor.
 */
public enum Role {
    /** GET documents, their operations, jobs, models. */
    READ,
    /** POST: create documents, apply actions, resume. */
    WRITE,
    /** Sync status and Prometheus metrics. */
    OPERATE;

    private static final Pattern SYNC_STATUS = Pattern.compile("^/(jobs|documents)/[^/]+/sync$");
    /** The web page's static files: public, the page sends the caller's token with its API calls. */
    private static final Pattern WEB_PAGE = Pattern.compile("^/ui(/[^/]*)?$");

    /**
     * The role a request needs, or empty for the open routes: the liveness route {@code GET /health} and
     * the web page's static files {@code GET /ui/...}.
     *
     * @param method the HTTP method of a matched route
     * @param path the decoded path of a matched route
     */
    public static Optional<Role> requiredFor(String method, String path) {
        if ("GET".equals(method) && ("/health".equals(path) || WEB_PAGE.matcher(path).matches())) {
            return Optional.empty();
        }
        if ("/metrics".equals(path) || SYNC_STATUS.matcher(path).matches()) {
            return Optional.of(OPERATE);
        }
        return Optional.of("GET".equals(method) ? READ : WRITE);
    }

    /** The role named {@code name} (case-insensitive) in a principals file. */
    static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': use read, write or operate");
        }
    }
}
