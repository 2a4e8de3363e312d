package dev.docreactor.sync.connect;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A task's configuration: the connector's plus which share of the event-bus partitions the task
 * owns (partition {@code p} belongs to task {@code p % task.count}).
 */
public final class SyncTaskConfig extends SyncConnectorConfig {

    public static final String TASK_INDEX = "task.index";
    public static final String TASK_INDEX_DOC = "This task's index, set by the connector.";

    public static final String TASK_COUNT = "task.count";
    public static final String TASK_COUNT_DOC = "Number of tasks sharing the partitions, set by the connector.";

    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
        .define(TASK_INDEX, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW, TASK_INDEX_DOC)
        .define(TASK_COUNT, ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, TASK_COUNT_DOC);

    /** Parses a task's configuration. */
    public SyncTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    /** The connector configuration for task {@code index} of {@code count}. */
    public static Map<String, String> forTask(Map<String, String> connectorProps, int index, int count) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_INDEX, Integer.toString(index));
        props.put(TASK_COUNT, Integer.toString(count));
        return props;
    }

    /** This task's index. */
    public int taskIndex() {
        return getInt(TASK_INDEX);
    }

    /** Number of tasks. */
    public int taskCount() {
        return getInt(TASK_COUNT);
    }

    /** Whether this task owns event-bus partition {@code partition}. */
    public boolean ownsPartition(int partition) {
        return partition % taskCount() == taskIndex();
    }

    /** The configurations of {@code maxTasks} tasks of one connector, task 0 to {@code maxTasks - 1}. */
    static java.util.List<Map<String, String>> forTasks(Map<String, String> connectorProps, int maxTasks) {
        java.util.List<Map<String, String>> configs = new java.util.ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(forTask(connectorProps, i, maxTasks));
        }
        return configs;
    }
}
