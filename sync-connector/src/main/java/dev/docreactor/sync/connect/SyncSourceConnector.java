package dev.docreactor.sync.connect;

import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.SourceOffsetSyncStorage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull: runs on the target side, reads a remote reactor's event bus on the remote cluster and writes
 * LOAD (and SYNC_ACK) jobs to the local reactor's queue. Cursors are Connect source offsets in the
 * local cluster, written atomically with the jobs when the worker has
 * {@code exactly.once.source.support=enabled}. Tasks share the event-bus partitions ({@code tasks.max}).
 */
public final class SyncSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(SyncSourceConnector.class);

    private final SyncConnectorSupport support = new SyncConnectorSupport(SyncMode.PULL);

    @Override
    public void start(Map<String, String> props) {
        SyncConnectorConfig config = support.start(props);
        log.info("Pull from remote {} ({} on {}) into {} starting", config.remoteName(SyncMode.PULL),
            config.sourceTopic(), config.getString(SyncConnectorConfig.SOURCE_BOOTSTRAP_SERVERS),
            config.targetQueueTopic());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyncSourceTask.class;
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

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return support.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /** Every record carries its source offset and the task emits no records outside a poll batch. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets written by this connector's tasks, so cursors can be reset through the REST API. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            CursorKey.fromSourcePartition(entry.getKey());
            if (entry.getValue() != null && !SourceOffsetSyncStorage.isSourceOffset(entry.getValue())) {
                throw new ConnectException("A sync cursor is {\"offset\": <next event-bus offset>}; got "
                    + entry.getValue());
            }
        }
        return true;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }
}
