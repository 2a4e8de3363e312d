package dev.docreactor.reactor;

import dev.docreactor.contract.IdRules;
import dev.docreactor.reactor.api.ApiException;

/**
 * The HTTP API's checks of the ids and names clients choose: {@link IdRules#isClientId} and
 * {@link IdRules#isClientName}, answered with a 400 naming the rule.
 */
public final class Ids {

    /** The branch used when none is given. */
    public static final String DEFAULT_BRANCH = "main";

    private Ids() {
    }

    /** Returns a valid document id or throws a 400. */
    public static String requireDocumentId(String id) {
        if (!IdRules.isClientId(id)) {
            throw ApiException.badRequest("invalid document id '" + id + "': use " + IdRules.CLIENT_ID_RULE);
        }
        return id;
    }

    /** Returns a valid job id or throws a 400. */
    public static String requireJobId(String id) {
        if (!IdRules.isClientId(id)) {
            throw ApiException.badRequest("invalid job id '" + id + "'");
        }
        return id;
    }

    /** Returns a valid scope/branch/action id or throws a 400 naming {@code what}. */
    public static String requireName(String what, String name) {
        if (!IdRules.isClientName(name)) {
            throw ApiException.badRequest("invalid " + what + " '" + name + "': use " + IdRules.CLIENT_NAME_RULE);
        }
        return name;
    }
}
