package dev.docreactor.sync.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect distributed worker in this process, with its REST API: the dedicated mode's engine
 * and the integration tests' harness. Distributed (not standalone) so that source offsets live in the
 * local cluster and exactly-once source support works; several dedicated processes with the same
 * {@code group.id} form one Connect cluster.
 */
public final class EmbeddedConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectWorker.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final Connect<DistributedHerder> connect;

    private EmbeddedConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
    }

    /** Starts a worker with these settings and waits until it runs. */
    public static EmbeddedConnectWorker start(Map<String, String> workerProps) {
        long started = System.nanoTime();
        Connect<DistributedHerder> connect = new ConnectDistributed().startConnect(new HashMap<>(workerProps));
        log.info("Embedded Connect worker (group {}) started in {} ms, REST at {}", workerProps.get("group.id"),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), connect.rest().advertisedUrl());
        return new EmbeddedConnectWorker(connect);
    }

    /** The REST API's address. */
    public URI restUrl() {
        return connect.rest().advertisedUrl();
    }

    /** The herder, for direct management. */
    public Herder herder() {
        return connect.herder();
    }

    /** Creates or replaces a connector and waits until the worker accepted it. */
    public void putConnector(String name, Map<String, String> config) {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, config, true, done);
        await(done, "create connector " + name);
        log.info("Connector {} configured", name);
    }

    /** Deletes a connector and waits until the worker accepted it. */
    public void deleteConnector(String name) {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, done);
        await(done, "delete connector " + name);
    }

    /** Restarts a connector and all its tasks. */
    public void restartConnector(String name) {
        FutureCallback<ConnectorStateInfo> done = new FutureCallback<>();
        connect.herder().restartConnectorAndTasks(new RestartRequest(name, false, true), done);
        await(done, "restart connector " + name);
    }

    /** Restarts what failed of a connector: the connector itself if FAILED, and its FAILED tasks. */
    public void restartFailed(String name) {
        FutureCallback<ConnectorStateInfo> done = new FutureCallback<>();
        connect.herder().restartConnectorAndTasks(new RestartRequest(name, true, true), done);
        await(done, "restart what failed of connector " + name);
    }

    /** Names of the connectors this worker's cluster runs. */
    public Collection<String> connectors() {
        FutureCallback<Collection<String>> done = new FutureCallback<>();
        connect.herder().connectors(done);
        return await(done, "list connectors");
    }

    /** The status of a connector and its tasks. */
    public ConnectorStateInfo status(String name) {
        return connect.herder().connectorStatus(name);
    }

    /** Whether the connector and every task (at least one) are RUNNING. */
    public boolean isRunning(String name) {
        try {
            ConnectorStateInfo status = status(name);
            return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Makes the worker run exactly {@code connectors}: creates or updates them and deletes other
     * connectors whose names start with {@code managedPrefix}.
     */
    public void apply(Map<String, Map<String, String>> connectors, String managedPrefix) {
        for (String existing : Set.copyOf(connectors())) {
            if (existing.startsWith(managedPrefix) && !connectors.containsKey(existing)) {
                log.info("Connector {} is no longer configured; deleting it", existing);
                deleteConnector(existing);
            }
        }
        connectors.forEach(this::putConnector);
    }

    private static <T> T await(FutureCallback<T> done, String what) {
        try {
            return done.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + REQUEST_TIMEOUT + " waiting to " + what, e);
        }
    }

    /** Stops the worker and its connectors. */
    @Override
    public void close() {
        long started = System.nanoTime();
        connect.stop();
        connect.awaitStop();
        log.info("Embedded Connect worker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Blocks until the worker stops. */
    public void awaitStop() {
        connect.awaitStop();
    }
}
