package dev.docreactor.sync.connect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push: runs on the source side; Connect's consumer reads the local event bus (set {@code topics} to
 * it, {@code consumer.override.isolation.level=read_committed} and the ByteArrayConverter), and the
 * tasks write LOAD (and SYNC_ACK) jobs to the remote reactor's queue. The consumer-group offset (the
 * cursor) advances only after the remote cluster acknowledged the jobs.
 */
public final class SyncSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(SyncSinkConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        SyncConnectorConfig config = new SyncConnectorConfig(props);
        config.ensureValid(SyncMode.PUSH);
        this.props = new HashMap<>(props);
        log.info("Push of {} to remote {} ({} on {}) starting", config.sourceTopic(), config.remoteName(SyncMode.PUSH),
            config.targetQueueTopic(), config.getString(SyncConnectorConfig.TARGET_BOOTSTRAP_SERVERS));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyncSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return SyncTaskConfig.forTasks(props, maxTasks);
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return SyncConnectorConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = SyncSourceConnector.ConnectorValidation.validate(super.validate(connectorConfigs),
            connectorConfigs, SyncMode.PUSH);
        boolean parsed = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (parsed) {
            String expected = new SyncConnectorConfig(connectorConfigs).sourceTopic();
            String topics = connectorConfigs.getOrDefault(TOPICS_CONFIG, "").trim();
            if (!topics.equals(expected)) {
                for (ConfigValue value : config.configValues()) {
                    if (value.name().equals(SyncConnectorConfig.SOURCE_TOPIC)) {
                        value.addErrorMessage("push reads the source event bus through Connect's consumer: set "
                            + TOPICS_CONFIG + "=" + expected + " (now '" + topics + "')");
                    }
                }
            }
        }
        return config;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }
}
