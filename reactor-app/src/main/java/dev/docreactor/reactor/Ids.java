package dev.docreactor.reactor;

import dev.docreactor.reactor.api.ReactorException;
import java.util.regex.Pattern;

/**
 * Rules for ids and names. Document ids, scopes and branches never contain '/', which separates them in
 * store keys and event-bus keys, so a key prefix always selects exactly one stream.
 */
public final class Ids {

    /** The branch used when none is given. */
    public static final String DEFAULT_BRANCH = "main";
    /** The scope used when none is given. */
    public static final String DEFAULT_SCOPE = "global";

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    private Ids() {
    }

    /** Whether a document id is valid. */
    public static boolean isDocumentId(String id) {
        return id != null && DOCUMENT_ID.matcher(id).matches();
    }

    /** Whether a scope, branch or action id is valid. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns a valid document id or throws {@link ReactorException.InvalidRequest}. */
    public static String requireDocumentId(String id) {
        if (!isDocumentId(id)) {
            throw new ReactorException.InvalidRequest("invalid document id '" + shorten(id)
                + "': use 1-200 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit");
        }
        return id;
    }

    /** Returns a valid job id or throws {@link ReactorException.InvalidRequest}. */
    public static String requireJobId(String id) {
        if (!isDocumentId(id)) {
            throw new ReactorException.InvalidRequest("invalid job id '" + shorten(id) + "'");
        }
        return id;
    }

    /** Returns a valid scope/branch/action id or throws {@link ReactorException.InvalidRequest} naming {@code what}. */
    public static String requireName(String what, String name) {
        if (!isName(name)) {
            throw new ReactorException.InvalidRequest("invalid " + what + " '" + shorten(name)
                + "': use 1-100 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** An invalid value as an error message shows it: at most 100 characters. */
    private static String shorten(String value) {
        return value == null || value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
