package dev.docreactor.sync.connect;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedicated mode's self-healing: every {@code checkInterval} it reads the status of the connectors it
 * manages and restarts a connector that is FAILED or has a FAILED task (only what failed), waiting
 * longer after each restart that did not hold ({@code initialBackoff}, doubling, at most
 * {@code maxBackoff}); a connector that stays RUNNING for {@code maxBackoff} starts again from
 * {@code initialBackoff}. Each restart is logged with the failure's first line and counted
 * ({@link #restarts()}, JMX {@code dev.docreactor.sync:type=task-restarts,worker=<group.id>} attribute
 * {@code Restarts}), so a sync that keeps failing is visible without ever staying down.
 */
public final class FailedTaskRestarter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailedTaskRestarter.class);
    private static final String FAILED = "FAILED";

    /** The JMX view of the restarter. */
    public interface RestartsMXBean {
        /** Connector and task restarts since the process started. */
        long getRestarts();
    }

    private final EmbeddedConnectWorker worker;
    private final String managedPrefix;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final LongSupplier clock;
    private final AtomicLong restarts = new AtomicLong();
    private final Map<String, Backoff> backoffs = new HashMap<>();
    private ScheduledExecutorService executor;
    private ObjectName mbean;

    /** Per connector: restarts in a row and when the next one may happen. */
    private static final class Backoff {
        int inARow;
        long notBeforeMs;
        long runningSinceMs = -1;
    }

    /**
     * @param worker the worker whose connectors are watched
     * @param managedPrefix only connectors whose names start with it are restarted
     * @param initialBackoff wait after a first restart before the next
     * @param maxBackoff longest wait between restarts
     */
    public FailedTaskRestarter(EmbeddedConnectWorker worker, String managedPrefix, Duration initialBackoff,
                               Duration maxBackoff) {
        this(worker, managedPrefix, initialBackoff, maxBackoff, System::currentTimeMillis);
    }

    FailedTaskRestarter(EmbeddedConnectWorker worker, String managedPrefix, Duration initialBackoff, Duration maxBackoff,
                        LongSupplier clock) {
        this.worker = worker;
        this.managedPrefix = managedPrefix;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
        this.clock = clock;
    }

    /** Checks every {@code checkInterval} from now on, and registers the JMX counter under {@code workerName}. */
    public synchronized FailedTaskRestarter start(Duration checkInterval, String workerName) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sync-task-restarter");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, checkInterval.toMillis(), checkInterval.toMillis(),
            TimeUnit.MILLISECONDS);
        registerMBean(workerName);
        log.info("Restarting failed sync connectors and tasks ({}*) every {} ms at most, backoff {} to {} ms",
            managedPrefix, checkInterval.toMillis(), initialBackoff.toMillis(), maxBackoff.toMillis());
        return this;
    }

    /** Connector and task restarts so far. */
    public long restarts() {
        return restarts.get();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // The herder may be rebalancing or stopping; the next check tries again.
            log.debug("Cannot check the sync connectors' status now: {}", e.toString());
        }
    }

    /** One round: restarts what failed and is due. */
    synchronized void check() {
        long now = clock.getAsLong();
        for (String name : worker.connectors()) {
            if (!name.startsWith(managedPrefix)) {
                continue;
            }
            ConnectorStateInfo status = worker.status(name);
            Backoff backoff = backoffs.computeIfAbsent(name, n -> new Backoff());
            String failure = failure(status);
            if (failure == null) {
                if (backoff.runningSinceMs < 0) {
                    backoff.runningSinceMs = now;
                } else if (now - backoff.runningSinceMs >= maxBackoff.toMillis()) {
                    backoff.inARow = 0;
                }
                continue;
            }
            backoff.runningSinceMs = -1;
            if (now < backoff.notBeforeMs) {
                continue;
            }
            backoff.inARow++;
            long wait = SyncTaskSupport.backoff(initialBackoff, maxBackoff, backoff.inARow).toMillis();
            backoff.notBeforeMs = now + wait;
            long total = restarts.incrementAndGet();
            log.warn("Sync connector {} failed ({}); restarting what failed (restart {} in a row, {} in all; next "
                + "restart not before {} ms)", name, failure, backoff.inARow, total, wait);
            worker.restartFailed(name);
        }
        backoffs.keySet().retainAll(List.copyOf(worker.connectors()));
    }

    /** What failed in a status, as "task 0: first line of the trace"; {@code null} when nothing failed. */
    static String failure(ConnectorStateInfo status) {
        if (FAILED.equals(status.connector().state())) {
            return "connector: " + firstLine(status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if (FAILED.equals(task.state())) {
                return "task " + task.id() + ": " + firstLine(task.trace());
            }
        }
        return null;
    }

    private static String firstLine(String trace) {
        if (trace == null || trace.isBlank()) {
            return "no trace";
        }
        int end = trace.indexOf('\n');
        return end < 0 ? trace : trace.substring(0, end);
    }

    private void registerMBean(String workerName) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.docreactor.sync:type=task-restarts,worker="
                + ObjectName.quote(workerName));
            if (!server.isRegistered(name)) {
                RestartsMXBean view = restarts::get;
                server.registerMBean(new StandardMBean(view, RestartsMXBean.class, true), name);
                mbean = name;
            }
        } catch (JMException e) {
            log.warn("Cannot register the restart counter in JMX: {}", e.toString());
        }
    }

    /** Stops checking and unregisters the JMX counter. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (JMException e) {
                log.debug("Cannot unregister {}: {}", mbean, e.toString());
            }
            mbean = null;
        }
    }
}
