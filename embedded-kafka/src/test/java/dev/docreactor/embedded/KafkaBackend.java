package dev.docreactor.embedded;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * What runs the test clusters: a container when a Docker engine answers, the embedded broker otherwise.
 * The system property {@value #PROPERTY} ({@code auto}, {@code embedded}, {@code container}) overrides the
 * choice, e.g. {@code mvn verify -Dkafka.it.broker=embedded}.
 */
enum KafkaBackend {
    EMBEDDED,
    CONTAINER;

    /** The system property that forces a backend. */
    static final String PROPERTY = "kafka.it.broker";

    private static volatile Boolean dockerAvailable;

    /** The backend of this JVM's tests and why it was chosen. */
    record Choice(KafkaBackend backend, String reason) {
    }

    /** Chooses from the system property, else from whether a Docker engine answers (asked once per JVM). */
    static Choice choose() {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "embedded":
                return new Choice(EMBEDDED, PROPERTY + "=embedded");
            case "container":
                if (!dockerAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=container, but no Docker engine answers: start one, "
                        + "or run with -D" + PROPERTY + "=auto to fall back to the embedded broker");
                }
                return new Choice(CONTAINER, PROPERTY + "=container");
            case "auto":
                return dockerAvailable()
                    ? new Choice(CONTAINER, "a Docker engine answers")
                    : new Choice(EMBEDDED, "no Docker engine answers");
            default:
                throw new IllegalArgumentException(PROPERTY + "=" + forced + " is not one of auto, embedded, container");
        }
    }

    /** Whether Testcontainers finds a Docker engine; asked once per JVM. */
    static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            known = DockerClientFactory.instance().isDockerAvailable();
            dockerAvailable = known;
        }
        return known;
    }
}
