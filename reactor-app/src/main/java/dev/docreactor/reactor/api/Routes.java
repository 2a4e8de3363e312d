package dev.docreactor.reactor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's resources by method and path. A path pattern's groups are the path parameters; a route is
 * either operational (health, metrics: served by their own threads) or work (everything else).
 */
final class Routes {

    /** Serves one route: the request and the path parameters, in pattern order. */
    @FunctionalInterface
    interface Endpoint {
        ApiResponse serve(ApiRequest request, List<String> pathParams);
    }

    /** One route. */
    record Route(String method, Pattern path, boolean operational, Endpoint endpoint) {
    }

    /** A route that matched a request, with its path parameters. */
    record Match(Route route, List<String> pathParams) {
        ApiResponse serve(ApiRequest request) {
            return route.endpoint().serve(request, pathParams);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a work route; {@code path} is a regular expression over the decoded path. */
    Routes add(String method, String path, Endpoint endpoint) {
        routes.add(new Route(method, Pattern.compile(path), false, endpoint));
        return this;
    }

    /** Adds an operational route, served apart from the work so it never waits behind it. */
    Routes addOperational(String method, String path, Endpoint endpoint) {
        routes.add(new Route(method, Pattern.compile(path), true, endpoint));
        return this;
    }

    /**
     * The route for a request.
     *
     * @throws ReactorException.NotFound when no route has the path
     * @throws ReactorException.MethodNotAllowed when routes have the path but not the method
     */
    Match match(String method, String path) {
        String allowed = null;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed = route.method();
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(m.group(i));
            }
            return new Match(route, params);
        }
        if (allowed != null) {
            throw new ReactorException.MethodNotAllowed(ApiRequest.shorten(method), allowed);
        }
        throw new ReactorException.NotFound("no such resource: " + ApiRequest.shorten(method) + " " + ApiRequest.shorten(path));
    }
}
