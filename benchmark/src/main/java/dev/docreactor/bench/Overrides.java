package dev.docreactor.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings given to the benchmark as system properties for experiments: {@code -D<prefix><key>=<value>} becomes
 * {@code <key>=<value>} of the components the prefix names ({@code bench.reactor.}, {@code bench.sync.}).
 */
public final class Overrides {

    private Overrides() {
    }

    /** The system properties whose names start with {@code prefix}, by their names without it. */
    public static Map<String, String> withPrefix(String prefix) {
        Map<String, String> overrides = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
            .forEach(k -> overrides.put(k.substring(prefix.length()), System.getProperty(k)));
        return overrides;
    }
}
