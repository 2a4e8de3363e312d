package dev.docreactor.sync.connect;

import dev.docreactor.sync.manager.SyncManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;

/**
 * What the push and pull tasks share, whichever Connect base class they extend: the checked task
 * configuration, the remote's name, the {@link SyncManager} and the {@link SyncMetrics} they start
 * with, and the count of failures of the remote in a row that sets the retry backoff.
 */
final class SyncTaskSupport {

    private final SyncMode mode;
    private final Logger log;
    private final SyncTaskConfig config;
    private final String remote;
    private final SyncManager manager;
    private final SyncMetrics metrics;
    private int failuresInARow;

    /**
     * Checks a task's configuration and creates its manager and metrics.
     *
     * @param props the task configuration
     * @param mode the direction the task runs
     * @param pluginMetrics Connect's metrics for the task, {@code null} outside Connect
     * @param log the task's logger, so operators see its lines under the task's name
     * @throws org.apache.kafka.common.config.ConfigException when the configuration is invalid for this mode
     */
    SyncTaskSupport(Map<String, String> props, SyncMode mode, PluginMetrics pluginMetrics, Logger log) {
        this.mode = mode;
        this.log = log;
        this.config = new SyncTaskConfig(props);
        config.ensureValid(mode);
        this.remote = config.remoteName(mode);
        this.manager = new SyncManager(config.syncSettings(), Clock.systemUTC(), config.valueSerdes());
        this.metrics = new SyncMetrics(pluginMetrics, remote);
    }

    SyncTaskConfig config() {
        return config;
    }

    String remote() {
        return remote;
    }

    SyncManager manager() {
        return manager;
    }

    SyncMetrics metrics() {
        return metrics;
    }

    /** The client configuration of a cluster with this task's client id, {@code sync-<remote>-<mode>-<task>}. */
    Map<String, Object> clientConfig(Map<String, Object> cluster) {
        cluster.putIfAbsent("client.id", "sync-" + remote + "-" + (mode == SyncMode.PUSH ? "push" : "pull") + "-"
            + config.taskIndex());
        return cluster;
    }

    void logStarted() {
        log.info("{} task {}/{} for remote {} started: {} -> {} with {}", label(), config.taskIndex(),
            config.taskCount(), remote, config.sourceTopic(), config.targetQueueTopic(), config.filter());
    }

    /** The remote answered: the next failure is the first in a row again. */
    void remoteAnswered() {
        failuresInARow = 0;
    }

    /**
     * The remote failed once more: logs it and returns how long to wait before {@code nextAttempt}
     * (e.g. "retrying"), growing with the failures in a row.
     */
    long remoteFailed(Throwable error, String nextAttempt) {
        failuresInARow++;
        long wait = backoff(config.retryBackoff(), config.retryBackoffMax(), failuresInARow).toMillis();
        log.warn("Remote {} unreachable ({} failure(s) in a row), {} in {} ms: {}", remote, failuresInARow,
            nextAttempt, wait, error.toString());
        return wait;
    }

    /** The wait before the next attempt after {@code failures} failures in a row. */
    static Duration backoff(Duration initial, Duration max, int failures) {
        long wait = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis(wait);
    }

    private String label() {
        return mode == SyncMode.PUSH ? "Push" : "Pull";
    }
}
