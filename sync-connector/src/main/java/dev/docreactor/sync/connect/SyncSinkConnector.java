package dev.docreactor.sync.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
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

    private final SyncConnectorSupport support = new SyncConnectorSupport(SyncMode.PUSH);

    @Override
    public void start(Map<String, String> props) {
        SyncConnectorConfig config = support.start(props);
        log.info("Push of {} to remote {} ({} on {}) starting", config.sourceTopic(), config.remoteName(SyncMode.PUSH),
            config.targetQueueTopic(), config.getString(SyncConnectorConfig.TARGET_BOOTSTRAP_SERVERS));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyncSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return support.taskConfigs(maxTasks);
    }

    @Override
    public void stop() {
        support.stop();
    }

    @Override
    public ConfigDef config() {
        return SyncConnectorConfig.CONFIG_DEF;
    }

    /** Besides the shared checks, {@code topics} must name the source event bus: Connect's consumer reads it. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = support.validate(super.validate(connectorConfigs), connectorConfigs);
        if (SyncConnectorSupport.isClean(config)) {
            String expected = new SyncConnectorConfig(connectorConfigs).sourceTopic();
            String topics = connectorConfigs.getOrDefault(TOPICS_CONFIG, "").trim();
            if (!topics.equals(expected)) {
                SyncConnectorSupport.addError(config, SyncConnectorConfig.SOURCE_TOPIC, "push reads the source event "
                    + "bus through Connect's consumer: set " + TOPICS_CONFIG + "=" + expected + " (now '" + topics + "')");
            }
        }
        return config;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }
}
