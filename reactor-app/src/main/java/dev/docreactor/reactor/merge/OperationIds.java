package dev.docreactor.reactor.merge;

/**
 * Operation ids and the rules for the names that make up storage keys.
 *
 * <p>An operation id is {@code origin + ":" + actionId}: the id of the reactor that created the
 * operation, a colon, and the id of the action it applies. It is stable (every reactor and every
 * re-applied copy of the operation has the same id) and unique as long as action ids are unique per
 * origin reactor. Reactor ids contain neither {@code ':'} nor {@code '/'}, so the origin part is
 * unambiguous.
 *
 * <p>Names used in storage keys (document ids, branches, scopes, reactor ids, action ids and hence
 * operation ids) are non-empty and never contain {@code '/'}, the key separator (see
 * {@link MergeKeys}).
 */
public final class OperationIds {

    /** Separates the origin reactor id from the action id in an operation id. */
    public static final char SEPARATOR = ':';

    private OperationIds() {
    }

    /** The id of the operation that reactor {@code origin} creates for action {@code actionId}. */
    public static String operationId(String origin, String actionId) {
        return origin + SEPARATOR + actionId;
    }

    /** Whether {@code name} may be used in a storage key: non-empty and without {@code '/'}. */
    public static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && name.indexOf('/') < 0;
    }

    /** Whether {@code reactorId} is a valid reactor id: a valid name without {@code ':'}. */
    public static boolean isValidReactorId(String reactorId) {
        return isValidName(reactorId) && reactorId.indexOf(SEPARATOR) < 0;
    }

    /**
     * Checks a name used in a storage key.
     *
     * @return {@code name}
     * @throws IllegalArgumentException if it is empty or contains {@code '/'}
     */
    static String requireValidName(String name, String what) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(what + " must be non-empty and must not contain '/': " + name);
        }
        return name;
    }
}
