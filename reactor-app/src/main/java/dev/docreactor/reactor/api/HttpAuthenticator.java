package dev.docreactor.reactor.api;

import dev.docreactor.reactor.ReactorConfig;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is calling, from the request's bearer token or client certificate, and whether they may use a
 * route. Without {@code http.authentication} every caller is {@link Caller#ANYONE}. Failures are
 * {@link ReactorException.Unauthenticated} (401) and {@link ReactorException.Forbidden} (403); their
 * messages never repeat a credential.
 */
final class HttpAuthenticator {

    private static final String BEARER = "Bearer ";

    private final boolean tokens;
    private final boolean certificates;
    private final PrincipalsFile principals;

    HttpAuthenticator(ReactorConfig config) {
        List<String> methods = config.httpAuthentication();
        this.tokens = methods.contains("token");
        this.certificates = methods.contains("mtls");
        this.principals = methods.isEmpty() ? null : new PrincipalsFile(config.httpPrincipalsFile().orElseThrow());
    }

    /** Whether requests are authenticated at all. */
    boolean enabled() {
        return principals != null;
    }

    /**
     * The caller of a request.
     *
     * @param authorization the Authorization header, may be null
     * @param peerCertificates the client's verified certificate chain, may be null
     */
    Caller authenticate(String authorization, X509Certificate[] peerCertificates) {
        if (principals == null) {
            return Caller.ANYONE;
        }
        if (tokens && authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new ReactorException.Unauthenticated("unsupported Authorization scheme: send 'Authorization: Bearer <token>'");
            }
            return principals.byToken(authorization.substring(BEARER.length()).trim())
                .orElseThrow(() -> new ReactorException.Unauthenticated("invalid or revoked bearer token"));
        }
        if (certificates && peerCertificates != null && peerCertificates.length > 0) {
            Optional<String> name = commonName(peerCertificates[0]);
            return name.flatMap(principals::byCertificateName).orElseThrow(() -> new ReactorException.Unauthenticated(
                "client certificate " + name.map(n -> "CN=" + n).orElse("without CN") + " is not a known principal"));
        }
        throw new ReactorException.Unauthenticated("authentication required: send " + (tokens ? "'Authorization: Bearer <token>'" : "")
            + (tokens && certificates ? " or " : "") + (certificates ? "a client certificate" : ""));
    }

    /** Checks that {@code caller} holds {@code role}. */
    static void authorize(Caller caller, Role role, String described) {
        if (!caller.may(role)) {
            throw new ReactorException.Forbidden(caller.name() + " may not " + described + ": it needs the "
                + role.name().toLowerCase(java.util.Locale.ROOT) + " role");
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
