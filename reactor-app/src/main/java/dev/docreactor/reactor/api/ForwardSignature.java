package dev.docreactor.reactor.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a request was forwarded by another instance of this reactor: the value of
 * {@link ApiRequest#FORWARDED_HEADER} is {@code <millis>.<HMAC-SHA256(secret, millis method pathAndQuery)>},
 * with the secret {@code http.forward.secret} shared by the instances. A client cannot make an instance
 * treat its request as forwarded without the secret, and a captured header is good for one method and
 * path for {@link #VALIDITY} only.
 */
final class ForwardSignature {

    /** How long a signature is accepted, either side of the receiver's clock. */
    static final Duration VALIDITY = Duration.ofSeconds(60);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    ForwardSignature(String secret, Clock clock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    /** The header value for forwarding {@code method pathAndQuery} now. */
    String sign(String method, String pathAndQuery) {
        long now = clock.millis();
        return now + "." + mac(now, method, pathAndQuery);
    }

    /** Whether {@code header} (may be null) is a valid, current signature of {@code method pathAndQuery}. */
    boolean verify(String header, String method, String pathAndQuery) {
        if (header == null) {
            return false;
        }
        int dot = header.indexOf('.');
        Optional<Long> millis = dot <= 0 ? Optional.empty() : parse(header.substring(0, dot));
        if (millis.isEmpty() || Math.abs(clock.millis() - millis.get()) > VALIDITY.toMillis()) {
            return false;
        }
        byte[] expected = mac(millis.get(), method, pathAndQuery).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<Long> parse(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String mac(long millis, String method, String pathAndQuery) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] signed = mac.doFinal((millis + " " + method + " " + pathAndQuery).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }
}
