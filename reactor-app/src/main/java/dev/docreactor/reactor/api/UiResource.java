package dev.docreactor.reactor.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only web page under {@code /ui/}: a fixed set of static files from the classpath
 * ({@code ui/}), read once at start, public (the page asks for a token and sends it to the JSON API
 * itself). Every answer carries a Content-Security-Policy that allows only this origin's script, style
 * and API calls, so data the page shows can never run as code.
 */
final class UiResource {

    /** Allows the page's own script, style and API calls; nothing inline, nothing from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String INDEX = "index.html";
    private static final Map<String, String> TYPES = Map.of(
        INDEX, "text/html; charset=utf-8",
        "app.js", "text/javascript; charset=utf-8",
        "app.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** Reads the page's files; a build without them is a programming error. */
    UiResource() {
        for (String name : TYPES.keySet()) {
            try (InputStream in = UiResource.class.getClassLoader().getResourceAsStream("ui/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the web page file ui/" + name + " is missing from the classpath");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web page file ui/" + name, e);
            }
        }
    }

    void register(Routes routes) {
        routes.add("GET", "^/ui/?$", (request, path) -> serve(INDEX))
            .add("GET", "^/ui/([^/]+)$", (request, path) -> serve(path.get(0)));
    }

    private ApiResponse serve(String name) {
        byte[] body = files.get(name);
        if (body == null) {
            throw new ReactorException.NotFound("no such page file: " + ApiRequest.shorten(name) + " (the page is " + List.copyOf(TYPES.keySet())
                + " under /ui/)");
        }
        return new ApiResponse(200, TYPES.get(name), body, Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache"));
    }
}
