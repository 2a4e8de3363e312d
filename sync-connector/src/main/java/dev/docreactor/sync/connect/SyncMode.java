package dev.docreactor.sync.connect;

import java.util.Locale;

/** Direction of a channel, seen from the side the connector runs on. */
public enum SyncMode {
    /** A SinkConnector next to the source: local event bus to the remote queue. */
    PUSH,
    /** A SourceConnector next to the target: remote event bus to the local queue. */
    PULL;

    /** The mode named {@code value}, case-insensitive. */
    public static SyncMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The lower-case name used in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
