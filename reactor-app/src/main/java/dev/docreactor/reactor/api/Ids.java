package dev.docreactor.reactor.api;

import dev.docreactor.contract.IdRules;
import dev.docreactor.contract.Scopes;

/**
 * The HTTP API's checks of the ids and names clients choose: {@link IdRules#isClientId} and
 * {@link IdRules#isClientName}, answered with {@link ReactorException.InvalidRequest} naming the rule.
 */
public final class Ids {

    /** The branch used when none is given. */
    public static final String DEFAULT_BRANCH = "main";
    /** The scope used when none is given. */
    public static final String DEFAULT_SCOPE = Scopes.DEFAULT;

    private Ids() {
    }

    /** Returns a valid document id or throws {@link ReactorException.InvalidRequest}. */
    public static String requireDocumentId(String id) {
        if (!IdRules.isClientId(id)) {
            throw new ReactorException.InvalidRequest("invalid document id '" + shorten(id) + "': use " + IdRules.CLIENT_ID_RULE);
        }
        return id;
    }

    /** Returns a valid job id or throws {@link ReactorException.InvalidRequest}. */
    public static String requireJobId(String id) {
        if (!IdRules.isClientId(id)) {
            throw new ReactorException.InvalidRequest("invalid job id '" + shorten(id) + "'");
        }
        return id;
    }

    /** Returns a valid scope/branch/action id or throws {@link ReactorException.InvalidRequest} naming {@code what}. */
    public static String requireName(String what, String name) {
        if (!IdRules.isClientName(name)) {
            throw new ReactorException.InvalidRequest("invalid " + what + " '" + shorten(name) + "': use " + IdRules.CLIENT_NAME_RULE);
        }
        return name;
    }

    /** An invalid value as an error message shows it: at most 100 characters. */
    private static String shorten(String value) {
        return value == null || value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
