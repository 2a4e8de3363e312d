package dev.docreactor.reactor.api;

import dev.docreactor.reactor.ReactorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP API's TLS from the {@code http.ssl.*} settings: Jetty's server side, and the client side
 * instances use to forward to each other (same keystore as client certificate, same truststore).
 * Errors name the file and setting, never a password.
 */
final class HttpTls {

    private final Map<String, Object> ssl;

    HttpTls(ReactorConfig config) {
        this.ssl = config.httpSslSettings();
    }

    /** The server side, with client certificates as {@code ssl.client.auth} asks. */
    SslContextFactory.Server server() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(string("ssl.keystore.location"));
        factory.setKeyStoreType(string("ssl.keystore.type"));
        password("ssl.keystore.password").ifPresent(factory::setKeyStorePassword);
        password("ssl.key.password").or(() -> password("ssl.keystore.password")).ifPresent(factory::setKeyManagerPassword);
        if (ssl.containsKey("ssl.truststore.location")) {
            factory.setTrustStorePath(string("ssl.truststore.location"));
            factory.setTrustStoreType(string("ssl.truststore.type"));
            password("ssl.truststore.password").ifPresent(factory::setTrustStorePassword);
        }
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        String clientAuth = string("ssl.client.auth").toLowerCase(Locale.ROOT);
        factory.setNeedClientAuth("required".equals(clientAuth));
        factory.setWantClientAuth("requested".equals(clientAuth));
        return factory;
    }

    /** The client side for forwarding: this instance's certificate, the configured trust. */
    SSLContext client() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            char[] keyPassword = password("ssl.key.password").or(() -> password("ssl.keystore.password")).map(String::toCharArray).orElse(null);
            keys.init(load("ssl.keystore"), keyPassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ssl.containsKey("ssl.truststore.location") ? load("ssl.truststore") : null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for forwarding from http.ssl.* settings: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private KeyStore load(String prefix) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(string(prefix + ".type"));
        try (InputStream in = Files.newInputStream(Path.of(string(prefix + ".location")))) {
            store.load(in, password(prefix + ".password").map(String::toCharArray).orElse(null));
        }
        return store;
    }

    private String string(String key) {
        return String.valueOf(ssl.get(key));
    }

    private java.util.Optional<String> password(String key) {
        return ssl.get(key) instanceof Password password ? java.util.Optional.of(password.value()) : java.util.Optional.empty();
    }
}
