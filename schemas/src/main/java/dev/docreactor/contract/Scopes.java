package dev.docreactor.contract;

/**
 * The scope names with a meaning of their own. A document branch holds one stream of operations per
 * scope; any valid name ({@link IdRules#isKeyName}) is a scope, and these three are special:
 *
 * <ul>
 *   <li>{@value #DOCUMENT}: the lifecycle stream (creation and deletion of the document), merged before
 *       every other scope;</li>
 *   <li>{@value #GLOBAL}: the scope of actions that name none, always present in a document's view;</li>
 *   <li>{@value #LOCAL}: per reactor, never synchronized: the sync connector never sends it and a reactor
 *       rejects it from others.</li>
 * </ul>
 */
public final class Scopes {

    /** The scope of the document's lifecycle stream. */
    public static final String DOCUMENT = "document";

    /** The shared scope every document view has. */
    public static final String GLOBAL = "global";

    /** The scope that stays on its reactor. */
    public static final String LOCAL = "local";

    /** The scope of an action that names none. */
    public static final String DEFAULT = GLOBAL;

    private Scopes() {
    }

    /** Whether operations of {@code scope} travel to other reactors: every scope but {@value #LOCAL}. */
    public static boolean isSynchronized(String scope) {
        return !LOCAL.equals(scope);
    }
}
