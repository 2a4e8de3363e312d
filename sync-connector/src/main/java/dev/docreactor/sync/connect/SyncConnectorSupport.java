package dev.docreactor.sync.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * What the push and pull connectors share, whichever Connect base class they extend: checking and
 * keeping the connector configuration, adding the cross-key errors to Connect's validation, and the
 * tasks' configurations.
 */
final class SyncConnectorSupport {

    private final SyncMode mode;
    private Map<String, String> props;

    /** Support for a connector running in {@code mode}. */
    SyncConnectorSupport(SyncMode mode) {
        this.mode = mode;
    }

    /**
     * Checks the connector configuration and keeps it for the tasks.
     *
     * @return the parsed configuration
     * @throws org.apache.kafka.common.config.ConfigException when it is invalid for this mode
     */
    SyncConnectorConfig start(Map<String, String> props) {
        SyncConnectorConfig config = new SyncConnectorConfig(props);
        config.ensureValid(mode);
        this.props = new HashMap<>(props);
        return config;
    }

    /** The configurations of {@code maxTasks} tasks sharing the event-bus partitions. */
    List<Map<String, String>> taskConfigs(int maxTasks) {
        return SyncTaskConfig.forTasks(props, maxTasks);
    }

    /** Forgets the configuration. */
    void stop() {
        props = null;
    }

    /**
     * Adds the cross-key errors of {@link SyncConnectorConfig#validate(SyncMode)} to Connect's per-key
     * result {@code config}; when a key does not even parse, the per-key errors are left to speak alone.
     */
    Config validate(Config config, Map<String, String> connectorConfigs) {
        if (!isClean(config)) {
            return config;
        }
        Map<String, List<String>> errors = new SyncConnectorConfig(connectorConfigs).validate(mode);
        errors.forEach((key, messages) -> messages.forEach(message -> addError(config, key, message)));
        return config;
    }

    /** Whether no key of a validation result has an error. */
    static boolean isClean(Config config) {
        return config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
    }

    /**
     * Adds {@code message} to the errors of key {@code key} of a validation result; a key the result does
     * not list (a Connect setting such as {@code consumer.override.isolation.level}) is added to it.
     */
    static void addError(Config config, String key, String message) {
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(key)) {
                value.addErrorMessage(message);
                return;
            }
        }
        ConfigValue value = new ConfigValue(key);
        value.addErrorMessage(message);
        config.configValues().add(value);
    }
}
