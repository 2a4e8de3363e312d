package dev.docreactor.contract;

import java.util.regex.Pattern;

/**
 * Which ids and names are valid. There are three rules, each for its own reason, from the loosest to
 * the strictest:
 *
 * <ol>
 *   <li><b>Key names</b> ({@link #isKeyName}): every document id, branch, scope and action id a reactor
 *       stores, including those in operations from other reactors, is non-empty and free of
 *       {@value EventBusKey#SEPARATOR}, the separator of store and event-bus keys ({@link EventBusKey}).
 *       An <b>origin</b> ({@link #isOrigin}), the id of the reactor that created an operation, is a key
 *       name without {@value #OPERATION_ID_SEPARATOR}, so that the operation id
 *       {@code <origin>:<actionId>} ({@link #operationId}) splits unambiguously. This is all the merge
 *       needs, so it is all it checks: a reactor accepts what another reactor wrote.</li>
 *   <li><b>Client ids and names</b> ({@link #isClientId}, {@link #isClientName}): what an HTTP client may
 *       choose as a document or job id (1-200 characters) or as a scope, branch or action id (1-100):
 *       letters, digits, {@code . _ : @ -}, starting with a letter or digit. Safe in URLs, logs and JSON
 *       without escaping; every such id is also a key name.</li>
 *   <li><b>Reactor ids</b> ({@link #isReactorId}): what {@code reactor.id} may be, 1-100 letters, digits,
 *       {@code . _ -}. A reactor id names topics ({@link TopicNames}), and these are the characters Kafka
 *       allows in topic names; 100 keeps the longest derived name well below Kafka's limit of 249.
 *       Every reactor id is also an origin.</li>
 * </ol>
 */
public final class IdRules {

    /** Separates the origin reactor id from the action id in an operation id. */
    public static final char OPERATION_ID_SEPARATOR = ':';

    /** The client id rule in words, for error messages. */
    public static final String CLIENT_ID_RULE = "1-200 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit";

    /** The client name rule in words, for error messages. */
    public static final String CLIENT_NAME_RULE = "1-100 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit";

    /** The reactor id rule in words, for error messages. */
    public static final String REACTOR_ID_RULE = "1-100 letters, digits, '.', '_' or '-'";

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");
    private static final Pattern REACTOR_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private IdRules() {
    }

    /** Whether {@code name} may be part of a store or event-bus key: non-empty and without {@code '/'}. */
    public static boolean isKeyName(String name) {
        return name != null && !name.isEmpty() && name.indexOf(EventBusKey.SEPARATOR) < 0;
    }

    /**
     * Checks a name that becomes part of a key.
     *
     * @param what what the name is, for the message
     * @return {@code name}
     * @throws IllegalArgumentException if it is not a {@linkplain #isKeyName key name}
     */
    public static String requireKeyName(String name, String what) {
        if (!isKeyName(name)) {
            throw new IllegalArgumentException(what + " must be non-empty and must not contain '/': " + name);
        }
        return name;
    }

    /** Whether {@code reactorId} may be the origin of an operation: a key name without {@code ':'}. */
    public static boolean isOrigin(String reactorId) {
        return isKeyName(reactorId) && reactorId.indexOf(OPERATION_ID_SEPARATOR) < 0;
    }

    /** The id of the operation that reactor {@code origin} creates for action {@code actionId}: {@code <origin>:<actionId>}. */
    public static String operationId(String origin, String actionId) {
        return origin + OPERATION_ID_SEPARATOR + actionId;
    }

    /** Whether an HTTP client may use {@code id} as a document id or job id. */
    public static boolean isClientId(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** Whether an HTTP client may use {@code name} as a scope, branch or action id. */
    public static boolean isClientName(String name) {
        return name != null && CLIENT_NAME.matcher(name).matches();
    }

    /** Whether {@code reactorId} may be configured as a reactor's id. */
    public static boolean isReactorId(String reactorId) {
        return reactorId != null && REACTOR_ID.matcher(reactorId).matches();
    }
}
