package dev.docreactor.reactor.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's principals, read from {@code http.auth.principals.file} and re-read when the file
 * changes (checked at most once a second), so tokens are added and revoked without a restart.
 *
 * <pre>
 * # kind  credential                 name        roles
 * token   sha256:&lt;64 hex digits&gt;    alice       read,write
 * cert    ops-console                ops         read,operate
 * </pre>
 *
 * A token line holds the SHA-256 of the token, never the token; a cert line the certificate's subject
 * CN. A file that cannot be read or parsed keeps the last good principals in force (logged, without the
 * offending line's credential); at start it fails the reactor.
 */
public final class PrincipalsFile {

    private static final Logger log = LoggerFactory.getLogger(PrincipalsFile.class);
    private static final String TOKEN_PREFIX = "sha256:";
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_LINES = 100_000;

    /** The principals at one point in time. */
    private record Entries(Map<String, Caller> byTokenHash, Map<String, Caller> byCertificateName) {
    }

    private final Path file;
    private volatile Entries entries;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException when the file cannot be read or has an invalid line
     */
    public PrincipalsFile(Path file) {
        this.file = file;
        try {
            this.loadedVersion = Files.getLastModifiedTime(file);
            this.entries = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the principals file " + file + ": " + e.getMessage(), e);
        }
        this.lastCheck = System.nanoTime();
        log.info("HTTP principals loaded from {}: {} token(s), {} certificate name(s)", file, entries.byTokenHash().size(),
            entries.byCertificateName().size());
    }

    /** The caller holding bearer token {@code token}, if any. */
    public Optional<Caller> byToken(String token) {
        return Optional.ofNullable(current().byTokenHash().get(hash(token)));
    }

    /** The caller whose client certificate has subject CN {@code commonName}, if any. */
    public Optional<Caller> byCertificateName(String commonName) {
        return Optional.ofNullable(current().byCertificateName().get(commonName));
    }

    /** {@code sha256:<hex>} of a token, the form the file holds. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return TOKEN_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Entries current() {
        long now = System.nanoTime();
        if (now - lastCheck >= CHECK_INTERVAL_NANOS) {
            lastCheck = now;
            reloadIfChanged();
        }
        return entries;
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            Entries reloaded = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            entries = reloaded;
            loadedVersion = version;
            log.info("HTTP principals reloaded from {}: {} token(s), {} certificate name(s)", file,
                reloaded.byTokenHash().size(), reloaded.byCertificateName().size());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Keeping the previous HTTP principals: cannot reload {}: {}", file, e.getMessage());
        }
    }

    private static Entries parse(List<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("more than " + MAX_LINES + " lines");
        }
        Map<String, Caller> tokens = new HashMap<>();
        Map<String, Caller> certificates = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 4) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'token|cert <credential> <name> <roles>'");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            try {
                for (String role : fields[3].split(",")) {
                    roles.add(Role.parse(role));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
            Caller caller = new Caller(fields[2], roles);
            switch (fields[0]) {
                case "token" -> {
                    String credential = fields[1].toLowerCase(java.util.Locale.ROOT);
                    if (!credential.matches("sha256:[0-9a-f]{64}")) {
                        throw new IllegalArgumentException("line " + (i + 1) + ": a token is given as sha256:<64 hex digits> "
                            + "(reactor hash-token prints it), never in clear");
                    }
                    tokens.put(credential, caller);
                }
                case "cert" -> certificates.put(fields[1], caller);
                default -> throw new IllegalArgumentException("line " + (i + 1) + ": kind must be token or cert");
            }
        }
        return new Entries(Map.copyOf(tokens), Map.copyOf(certificates));
    }
}
