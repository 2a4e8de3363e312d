package dev.docreactor.bench.child;

import dev.docreactor.sync.connect.DedicatedConfig;
import dev.docreactor.sync.connect.EmbeddedConnectWorker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/**
 * The sync components the benchmark runs in their own JVM: {@code connector} (the sync connector's
 * dedicated mode: an embedded Connect worker with the configured remotes) and {@code mirrormaker}
 * (MirrorMaker 2's dedicated mode, {@link MirrorMaker}).
 */
final class ChildRoles {

    /** Key naming the MirrorMaker 2 target cluster alias (the role's own setting). */
    static final String MM2_TARGET = "bench.mm2.target";
    /** Key naming the MirrorMaker 2 source cluster alias. */
    static final String MM2_SOURCE = "bench.mm2.source";

    private ChildRoles() {
    }

    static AutoCloseable start(String role, Properties props) throws InterruptedException {
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return switch (role) {
            case "connector" -> connector(map);
            case "mirrormaker" -> mirrorMaker(map);
            default -> throw new IllegalArgumentException("unknown role " + role + "; expected reactor, bare, connector or mirrormaker");
        };
    }

    private static AutoCloseable connector(Map<String, String> props) throws InterruptedException {
        DedicatedConfig config = DedicatedConfig.parse(props);
        EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(config.workerProps());
        worker.apply(config.connectors(), "sync-");
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (String name : config.connectors().keySet()) {
            while (!worker.isRunning(name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("connector " + name + " is not RUNNING after 120 s: " + worker.status(name));
                }
                Thread.sleep(50);
            }
        }
        Thread monitor = new Thread(() -> reportFailedTasks(worker, config.connectors().keySet()), "task-monitor");
        monitor.setDaemon(true);
        monitor.start();
        return worker;
    }

    /**
     * Prints {@code TASK_FAILED <connector>: <reason>} once when a connector or one of its tasks is FAILED, so
     * the benchmark stops waiting for progress that will not come.
     */
    private static void reportFailedTasks(EmbeddedConnectWorker worker, java.util.Set<String> names) {
        while (true) {
            for (String name : names) {
                try {
                    ConnectorStateInfo status = worker.status(name);
                    String trace = "FAILED".equals(status.connector().state()) ? status.connector().trace()
                        : status.tasks().stream().filter(t -> "FAILED".equals(t.state())).map(ConnectorStateInfo.TaskState::trace)
                            .findFirst().orElse(null);
                    if (trace != null) {
                        String reason = trace.lines().filter(l -> l.contains("Exception")).reduce((a, b) -> b).orElse(trace.lines().findFirst().orElse(""));
                        System.out.println("TASK_FAILED " + name + ": " + reason.trim());
                        System.out.flush();
                        return;
                    }
                } catch (RuntimeException e) {
                    // The worker is starting or stopping: look again.
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static AutoCloseable mirrorMaker(Map<String, String> props) throws InterruptedException {
        String source = props.remove(MM2_SOURCE);
        String target = props.remove(MM2_TARGET);
        MirrorMaker mm2 = new MirrorMaker(props, List.of(target));
        mm2.start();
        SourceAndTarget flow = new SourceAndTarget(source, target);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                ConnectorStateInfo status = mm2.connectorStatus(flow, MirrorSourceConnector.class.getSimpleName());
                if (status != null && "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))) {
                    break;
                }
            } catch (RuntimeException e) {
                // not created yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MirrorSourceConnector " + flow + " is not RUNNING after 120 s");
            }
            Thread.sleep(50);
        }
        return () -> {
            mm2.stop();
            mm2.awaitStop();
        };
    }
}
