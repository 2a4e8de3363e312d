package dev.docreactor.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed TLS identities generated at test time with the JDK's {@code keytool} (no private key is
 * ever committed): one PKCS12 keystore per name, valid for {@code localhost} and {@code 127.0.0.1}, and
 * one truststore trusting all of them. Every store has the same random password.
 */
public final class TestCertificates {

    private final Path dir;
    private final String password;

    private TestCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** Generates a keystore for each of {@code names} (used as the certificate's CN) under {@code dir}. */
    public static TestCertificates generate(Path dir, String... names) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        TestCertificates certificates = new TestCertificates(dir, Base64.getUrlEncoder().encodeToString(random));
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                certificates.keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", certificates.keystore(name).toString(),
                    "-storetype", "PKCS12", "-storepass", certificates.password);
                Path cert = dir.resolve(name + ".crt");
                certificates.keytool("-exportcert", "-rfc", "-alias", name, "-file", cert.toString(),
                    "-keystore", certificates.keystore(name).toString(), "-storepass", certificates.password);
                certificates.keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
                    "-keystore", certificates.truststore().toString(), "-storetype", "PKCS12", "-storepass", certificates.password);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot generate test certificates: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The PKCS12 keystore of {@code name}. */
    public Path keystore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** The PKCS12 truststore trusting every generated certificate. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The password of every store and key. */
    public String password() {
        return password;
    }

    /** A client TLS context trusting the generated certificates, presenting {@code name}'s certificate (none when null). */
    public SSLContext clientContext(String name) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore()));
            KeyManagerFactory keys = null;
            if (name != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore(name)), password.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e.getMessage(), e);
        }
    }

    private KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
