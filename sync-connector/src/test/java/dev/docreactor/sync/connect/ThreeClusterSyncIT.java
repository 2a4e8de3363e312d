package dev.docreactor.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.embedded.KafkaClusterExtension;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three reactors on three clusters: a chain A - B - C (one dedicated worker next to B) and a full
 * mesh (a second worker next to A adds the A - C link), with filters. Reactors are stood in for by
 * {@link FakeReactor}s that apply LOAD jobs idempotently.
 */
class ThreeClusterSyncIT {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.clusters(3);

    static EmbeddedConnectWorker workerB;
    static EmbeddedConnectWorker workerA;

    @BeforeAll
    static void startWorkers() {
        workerB = EmbeddedConnectWorker.start(workerProps("it-b", B));
        workerA = EmbeddedConnectWorker.start(workerProps("it-a", A));
    }

    @AfterAll
    static void stopWorkers() {
        if (workerA != null) {
            workerA.close();
        }
        if (workerB != null) {
            workerB.close();
        }
    }

    private static Map<String, String> workerProps(String name, int cluster) {
        Map<String, String> props = new HashMap<>(DedicatedConfig.workerDefaults(name));
        props.put("bootstrap.servers", KAFKA.cluster(cluster).bootstrapServers());
        props.put("listeners", "http://localhost:0");
        props.put("offset.flush.interval.ms", "1000");
        return props;
    }

    /** Dedicated config next to {@code local} (on cluster {@code localCluster}) with ping-pong remotes. */
    private static DedicatedConfig config(String local, int localCluster, Map<String, Integer> remotes,
                                          Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("bootstrap.servers", KAFKA.cluster(localCluster).bootstrapServers());
        props.put("local.reactor.id", local);
        props.put("remotes", String.join(",", remotes.keySet()));
        remotes.forEach((remote, cluster) -> {
            props.put("remote." + remote + ".bootstrap.servers", KAFKA.cluster(cluster).bootstrapServers());
            props.put("remote." + remote + ".mode", "pull,push");
            props.put("remote." + remote + ".scheduler.max.interval.ms", "300");
        });
        return DedicatedConfig.parse(props);
    }

    private static void start(EmbeddedConnectWorker worker, DedicatedConfig config) {
        config.connectors().forEach(worker::putConnector);
        config.connectors().keySet().forEach(name ->
            await().atMost(CONVERGE).until(() -> worker.isRunning(name)));
    }

    private static void stop(EmbeddedConnectWorker worker, DedicatedConfig config) {
        config.connectors().keySet().forEach(worker::deleteConnector);
    }

    private static void topics(String reactor, int cluster) {
        ClusterFixtures.createReactorTopics(KAFKA, cluster, reactor, 1);
    }

    private static List<Operation> ops(String origin, String type, int count) {
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(Ops.op(origin, origin + "-" + type, type, "global", "main", i));
        }
        return ops;
    }

    private static Set<String> ids(List<Operation> ops) {
        return ops.stream().map(Operation::getId).collect(Collectors.toSet());
    }

    @Test
    void shouldReachEveryReactorOfAChainExactlyOnce() throws Exception {
        topics("ca", A);
        topics("cb", B);
        topics("cc", C);
        DedicatedConfig chain = config("cb", B, Map.of("ca", A, "cc", C), Map.of());
        start(workerB, chain);
        try (FakeReactor a = new FakeReactor(KAFKA.cluster(A).bootstrapServers(), "ca");
             FakeReactor b = new FakeReactor(KAFKA.cluster(B).bootstrapServers(), "cb");
             FakeReactor c = new FakeReactor(KAFKA.cluster(C).bootstrapServers(), "cc")) {
            List<Operation> fromA = ops("ca", "todo", 3);
            List<Operation> fromC = ops("cc", "todo", 3);
            List<Operation> fromB = ops("cb", "todo", 2);
            a.create(fromA);
            c.create(fromC);
            b.create(fromB);
            Set<String> all = new java.util.HashSet<>(ids(fromA));
            all.addAll(ids(fromB));
            all.addAll(ids(fromC));

            await().atMost(CONVERGE).untilAsserted(() -> {
                for (FakeReactor r : List.of(a, b, c)) {
                    assertThat(r.applied()).as("%s holds every operation of the chain", r.id)
                        .containsExactlyInAnyOrderElementsOf(all);
                }
            });
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(a.ackedBy(fromA.get(0).getId())).as("B acknowledges A's operation to A").contains("cb");
                assertThat(c.ackedBy(fromC.get(0).getId())).as("B acknowledges C's operation to C").contains("cb");
            });
            for (FakeReactor r : List.of(a, b, c)) {
                assertThat(r.appended()).as("%s appended each operation once: no loop, duplicates absorbed", r.id)
                    .doesNotHaveDuplicates().hasSize(all.size());
            }
        } finally {
            stop(workerB, chain);
        }
    }

    @Test
    void shouldConvergeAFullMeshHonouringFilters() throws Exception {
        topics("ma", A);
        topics("mb", B);
        topics("mc", C);
        // Everything C receives is restricted to invoices, on both links into C.
        Map<String, String> onlyInvoicesToC = Map.of("remote.mc.push.filter.document.types", "invoice");
        DedicatedConfig nextToB = config("mb", B, Map.of("ma", A, "mc", C), onlyInvoicesToC);
        DedicatedConfig nextToA = config("ma", A, Map.of("mc", C), onlyInvoicesToC);
        start(workerB, nextToB);
        start(workerA, nextToA);
        try (FakeReactor a = new FakeReactor(KAFKA.cluster(A).bootstrapServers(), "ma");
             FakeReactor b = new FakeReactor(KAFKA.cluster(B).bootstrapServers(), "mb");
             FakeReactor c = new FakeReactor(KAFKA.cluster(C).bootstrapServers(), "mc")) {
            List<Operation> aTodos = ops("ma", "todo", 2);
            List<Operation> aInvoices = ops("ma", "invoice", 2);
            List<Operation> bTodos = ops("mb", "todo", 2);
            List<Operation> cTodos = ops("mc", "todo", 2);
            a.create(aTodos);
            a.create(aInvoices);
            b.create(bTodos);
            c.create(cTodos);
            Set<String> all = new java.util.HashSet<>();
            List.of(aTodos, aInvoices, bTodos, cTodos).forEach(l -> all.addAll(ids(l)));
            Set<String> admittedByC = new java.util.HashSet<>(ids(aInvoices));
            admittedByC.addAll(ids(cTodos));

            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(a.applied()).as("A holds everything").containsExactlyInAnyOrderElementsOf(all);
                assertThat(b.applied()).as("B holds everything").containsExactlyInAnyOrderElementsOf(all);
                assertThat(c.applied()).as("C holds its own operations and the invoices only")
                    .containsExactlyInAnyOrderElementsOf(admittedByC);
            });
            for (FakeReactor r : List.of(a, b, c)) {
                assertThat(r.appended()).as("%s appended each operation once although the mesh has two paths", r.id)
                    .doesNotHaveDuplicates();
            }
        } finally {
            stop(workerA, nextToA);
            stop(workerB, nextToB);
        }
    }
}
