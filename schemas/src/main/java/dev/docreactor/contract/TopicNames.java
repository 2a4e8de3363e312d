package dev.docreactor.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * The names a reactor's topics have unless configured otherwise, all derived from the reactor id.
 *
 * <table>
 *   <caption>Names derived from reactor id {@code <id>}</caption>
 *   <tr><th>what</th><th>name</th></tr>
 *   <tr><td>Kafka Streams application id (also the consumer group reading the queue)</td><td>{@code reactor-<id>}</td></tr>
 *   <tr><td>queue: jobs keyed by document id</td><td>{@code <id>.queue}</td></tr>
 *   <tr><td>dead-letter topic</td><td>{@code <id>.dlq}</td></tr>
 *   <tr><td>job results, compacted, keyed by job id</td><td>{@code <id>.job-results}</td></tr>
 *   <tr><td>changelog of state store {@code <store>} (created by Kafka Streams)</td><td>{@code reactor-<id>-<store>-changelog}</td></tr>
 *   <tr><td>event bus: the changelog of the {@value #OPERATIONS_STORE} store</td><td>{@code reactor-<id>-operations-changelog}</td></tr>
 * </table>
 *
 * <p>The reactor and reactorctl may override the queue, dead-letter and job-results names and the sync
 * connector every name it uses; these are the defaults they fall back to. Changelog names are Kafka
 * Streams' own ({@code <application.id>-<store>-changelog}) and cannot be overridden, so the event bus
 * of a reactor is always found from its id.
 */
public final class TopicNames {

    /** The name of the operations store, whose changelog is the event bus. */
    public static final String OPERATIONS_STORE = "operations";

    private static final String APPLICATION_ID_PREFIX = "reactor-";
    private static final String CHANGELOG_SUFFIX = "-changelog";
    private static final String EVENT_BUS_SUFFIX = "-" + OPERATIONS_STORE + CHANGELOG_SUFFIX;

    private TopicNames() {
    }

    /** The Kafka Streams application id of reactor {@code reactorId}: {@code reactor-<id>}. */
    public static String applicationId(String reactorId) {
        return APPLICATION_ID_PREFIX + Objects.requireNonNull(reactorId, "reactorId");
    }

    /** The queue of reactor {@code reactorId}: {@code <id>.queue}. */
    public static String queue(String reactorId) {
        return Objects.requireNonNull(reactorId, "reactorId") + ".queue";
    }

    /** The dead-letter topic of reactor {@code reactorId}: {@code <id>.dlq}. */
    public static String deadLetters(String reactorId) {
        return Objects.requireNonNull(reactorId, "reactorId") + ".dlq";
    }

    /** The job-results topic of reactor {@code reactorId}: {@code <id>.job-results}. */
    public static String jobResults(String reactorId) {
        return Objects.requireNonNull(reactorId, "reactorId") + ".job-results";
    }

    /** The changelog of state store {@code store} of reactor {@code reactorId}: {@code reactor-<id>-<store>-changelog}. */
    public static String changelog(String reactorId, String store) {
        return internalTopicPrefix(reactorId) + Objects.requireNonNull(store, "store") + CHANGELOG_SUFFIX;
    }

    /** The event bus of reactor {@code reactorId}: {@code reactor-<id>-operations-changelog}. */
    public static String eventBus(String reactorId) {
        return changelog(reactorId, OPERATIONS_STORE);
    }

    /**
     * The prefix of every topic Kafka Streams creates for reactor {@code reactorId} (changelogs and
     * repartition topics): {@code reactor-<id>-}.
     */
    public static String internalTopicPrefix(String reactorId) {
        return applicationId(reactorId) + "-";
    }

    /** Whether {@code topic} is named like a Kafka Streams changelog ({@code ...-changelog}). */
    public static boolean isChangelog(String topic) {
        return topic.endsWith(CHANGELOG_SUFFIX);
    }

    /**
     * The reactor whose event bus {@code topic} is, when it has the default event-bus name.
     *
     * @return the reactor id, or empty when {@code topic} is not named {@code reactor-<id>-operations-changelog}
     */
    public static Optional<String> eventBusReactorId(String topic) {
        int idLength = topic.length() - APPLICATION_ID_PREFIX.length() - EVENT_BUS_SUFFIX.length();
        if (idLength <= 0 || !topic.startsWith(APPLICATION_ID_PREFIX) || !topic.endsWith(EVENT_BUS_SUFFIX)) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(APPLICATION_ID_PREFIX.length(), APPLICATION_ID_PREFIX.length() + idLength));
    }
}
