package dev.docreactor.formatter;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The properties a formatter reads from the console consumer's {@code --property key=value} options.
 * Unknown properties are ignored: the console consumer hands every {@code --property} to its formatter,
 * including its own ({@code print.value}, {@code key.separator}, ...).
 */
public final class FormatterConfig extends AbstractConfig {

    /** Print the record's key. */
    public static final String PRINT_KEY = "print.key";
    public static final String PRINT_KEY_DOC = "Add the record key (UTF-8 text) as \"key\".";
    public static final boolean PRINT_KEY_DEFAULT = true;

    /** Print the partition and offset. */
    public static final String PRINT_POSITION = "print.position";
    public static final String PRINT_POSITION_DOC = "Add \"partition\" and \"offset\" of the record.";
    public static final boolean PRINT_POSITION_DEFAULT = false;

    /** Print the record timestamp. */
    public static final String PRINT_TIMESTAMP = "print.timestamp";
    public static final String PRINT_TIMESTAMP_DOC = "Add the record timestamp (epoch milliseconds) as \"timestamp\".";
    public static final boolean PRINT_TIMESTAMP_DEFAULT = false;

    /** Longest value printed. */
    public static final String MAX_VALUE_CHARS = "max.value.chars";
    public static final String MAX_VALUE_CHARS_DOC = "A decoded value whose JSON is longer than this many characters is "
        + "cut and marked \"truncated\": true, so one huge record does not flood the terminal.";
    public static final int MAX_VALUE_CHARS_DEFAULT = 1_000_000;

    static final ConfigDef CONFIG = new ConfigDef()
        .define(PRINT_KEY, ConfigDef.Type.BOOLEAN, PRINT_KEY_DEFAULT, ConfigDef.Importance.MEDIUM, PRINT_KEY_DOC)
        .define(PRINT_POSITION, ConfigDef.Type.BOOLEAN, PRINT_POSITION_DEFAULT, ConfigDef.Importance.LOW, PRINT_POSITION_DOC)
        .define(PRINT_TIMESTAMP, ConfigDef.Type.BOOLEAN, PRINT_TIMESTAMP_DEFAULT, ConfigDef.Importance.LOW, PRINT_TIMESTAMP_DOC)
        .define(MAX_VALUE_CHARS, ConfigDef.Type.INT, MAX_VALUE_CHARS_DEFAULT, ConfigDef.Range.atLeast(16),
            ConfigDef.Importance.LOW, MAX_VALUE_CHARS_DOC);

    /** Parses the console consumer's properties. */
    public FormatterConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
    }

    /** The formatter properties and their documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Whether to print the key. */
    public boolean printKey() {
        return getBoolean(PRINT_KEY);
    }

    /** Whether to print partition and offset. */
    public boolean printPosition() {
        return getBoolean(PRINT_POSITION);
    }

    /** Whether to print the timestamp. */
    public boolean printTimestamp() {
        return getBoolean(PRINT_TIMESTAMP);
    }

    /** The longest decoded value printed in full. */
    public int maxValueChars() {
        return getInt(MAX_VALUE_CHARS);
    }
}
