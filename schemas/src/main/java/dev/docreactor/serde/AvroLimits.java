package dev.docreactor.serde;

import org.apache.avro.SystemLimitException;

/**
 * Avro's decoding limits ({@code org.apache.avro.limits.*}: the longest string and byte array and the
 * most collection items a decoder accepts), set so that a body declaring a 2 GB string is refused
 * before anything is allocated for it. Avro reads these system properties once, when
 * {@link SystemLimitException} is first used, and they hold for the whole JVM; values the user set
 * on the command line are kept.
 */
public final class AvroLimits {

    /** The limit installed when the application sets none: larger than any record this project writes. */
    public static final int DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;

    private AvroLimits() {
    }

    /**
     * Sets the three limits to {@code maxLength} unless already set; call before the first Avro decode.
     * No string, byte array or collection inside a record can be longer than the record itself, so the
     * largest record a component reads is the right value.
     *
     * @return the string limit now in force
     */
    public static synchronized int install(int maxLength) {
        String value = Integer.toString(maxLength);
        for (String property : new String[] {SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
            SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        }
        return Integer.parseInt(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY));
    }
}
