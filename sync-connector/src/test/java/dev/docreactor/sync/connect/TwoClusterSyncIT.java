package dev.docreactor.sync.connect;

import static dev.docreactor.sync.connect.ClusterFixtures.createReactorTopics;
import static dev.docreactor.sync.connect.ClusterFixtures.operationIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import dev.docreactor.sync.connect.ClusterFixtures.EventBusWriter;
import dev.docreactor.sync.connect.ClusterFixtures.TopicReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pull, push and ping-pong between two real clusters, with echoes, acknowledgements and filters. */
class TwoClusterSyncIT extends TwoClusterSyncITBase {

    @Test
    void shouldPullRemoteOperationsIntoLocalQueueAsLoadJobsAndAcknowledgeEchoes() {
        createReactorTopics(KAFKA, LOCAL, "pa", 2);
        createReactorTopics(KAFKA, REMOTE, "pb", 2);
        List<Operation> remoteOps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            remoteOps.add(Ops.op("pb", "d1", i));
        }
        for (int i = 0; i < 3; i++) {
            remoteOps.add(Ops.op("pb", "d2", i));
        }
        Operation localScope = Ops.op("pb", "d1", "todo", "local", "main", 0);
        Operation echo1 = Ops.op("pa", "d3", 0);
        Operation echo2 = Ops.op("pa", "d3", 1);
        Operation reappliedEcho = Ops.reapplied(echo1);
        Operation reapplied = Ops.reapplied(remoteOps.get(0));
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "pb", 2)) {
            bus.write(remoteOps.subList(0, 3));
            bus.writeAborted(List.of(Ops.op("pb", "aborted", 0)));
            bus.write(List.of(localScope, echo1, echo2, reappliedEcho, reapplied));
            bus.write(remoteOps.subList(3, remoteOps.size()));
        }

        DedicatedConfig config = startConnectors(dedicated("pa", "pb", "pull"));
        try (TopicReader queue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "pa.queue")) {
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("remote operations loaded")
                    .hasSize(remoteOps.size()));
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(operationIds(queue.jobs(), JobKind.SYNC_ACK)).as("echoes acknowledged, re-applied copy not")
                    .containsExactlyInAnyOrder(echo1.getId(), echo2.getId()));
            List<Job> jobs = queue.jobs();
            assertThat(operationIds(jobs, JobKind.LOAD)).as("every remote operation exactly once (EOS), nothing else")
                .containsExactlyInAnyOrderElementsOf(remoteOps.stream().map(Operation::getId).toList());
            assertInDocumentOrder(jobs);
            assertThat(jobs).as("every job names the source reactor and its document")
                .allSatisfy(j -> {
                    assertThat(j.getSource()).isEqualTo("pb");
                    assertThat(j.getOperations()).allMatch(op -> op.getDocumentId().equals(j.getDocumentId()));
                });
            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(metric("pb", "operations-total")).as("operations metric in Connect's JMX")
                    .isEqualTo((double) remoteOps.size());
                assertThat(metric("pb", "acknowledgements-total")).as("acknowledgements metric").isEqualTo(2.0);
                assertThat(metric("pb", "replication-latency-ms-max")).as("replication latency measured").isPositive();
                assertThat(metric("pb", "replication-latency-ms-p99")).as("replication latency p99 in Connect's JMX")
                    .isPositive().isLessThanOrEqualTo(metric("pb", "replication-latency-ms-max"));
                assertThat(metric("pb", "replication-latency-ms-p50")).as("median at most the p99")
                    .isLessThanOrEqualTo(metric("pb", "replication-latency-ms-p99"));
                assertThat(metric("pb", "record-age-ms-max")).as("record age measured").isPositive();
                assertThat(metric("pb", "scheduler-interval-ms")).as("scheduler interval published").isNotNull();
                assertThat(metric("pb", "lag")).as("lag per remote: caught up").isEqualTo(0.0);
            });
        } finally {
            stopConnectors(config);
        }
    }

    @Test
    void shouldPushLocalOperationsToRemoteQueueAndAcknowledgeEchoes() {
        createReactorTopics(KAFKA, LOCAL, "sa", 2);
        createReactorTopics(KAFKA, REMOTE, "sb", 2);
        List<Operation> localOps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            localOps.add(Ops.op("sa", "doc-" + (i % 3), i / 3));
        }
        Operation echo = Ops.op("sb", "doc-9", 0);
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(LOCAL).bootstrapServers(), "sa", 2)) {
            bus.write(localOps);
            bus.writeAborted(List.of(Ops.op("sa", "aborted", 0)));
            bus.write(List.of(echo, Ops.op("sa", "doc-0", "todo", "local", "main", 9)));
        }

        DedicatedConfig config = startConnectors(dedicated("sa", "sb", "push"));
        try (TopicReader queue = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "sb.queue")) {
            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                List<Job> jobs = queue.jobs();
                assertThat(operationIds(jobs, JobKind.LOAD)).as("local operations pushed, no echo, no local scope")
                    .containsExactlyInAnyOrderElementsOf(localOps.stream().map(Operation::getId).toList());
                assertThat(operationIds(jobs, JobKind.SYNC_ACK)).as("the echo acknowledged").containsExactly(echo.getId());
            });
            assertInDocumentOrder(queue.jobs());
            assertThat(queue.jobs()).as("jobs name the source reactor").allMatch(j -> "sa".equals(j.getSource()));
        } finally {
            stopConnectors(config);
        }
    }

    @Test
    void shouldPingPongBetweenTwoReactorsWithoutSendingEchoesBack() {
        createReactorTopics(KAFKA, LOCAL, "xa", 1);
        createReactorTopics(KAFKA, REMOTE, "xb", 1);
        DedicatedConfig config = startConnectors(dedicated("xa", "xb", "pull,push"));
        try (EventBusWriter busA = new EventBusWriter(KAFKA.cluster(LOCAL).bootstrapServers(), "xa", 1);
             EventBusWriter busB = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "xb", 1);
             TopicReader queueA = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "xa.queue");
             TopicReader queueB = new TopicReader(KAFKA.cluster(REMOTE).bootstrapServers(), "xb.queue")) {
            List<Operation> fromA = List.of(Ops.op("xa", "shared", 0), Ops.op("xa", "shared", 1));
            List<Operation> fromB = List.of(Ops.op("xb", "shared", 2), Ops.op("xb", "other", 0));
            busA.write(fromA);
            busB.write(fromB);

            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(operationIds(queueB.jobs(), JobKind.LOAD)).as("A's operations pushed to B")
                    .containsExactlyInAnyOrderElementsOf(ids(fromA));
                assertThat(operationIds(queueA.jobs(), JobKind.LOAD)).as("B's operations pulled into A")
                    .containsExactlyInAnyOrderElementsOf(ids(fromB));
            });

            // Each reactor applies what it received: the copies appear on its event bus with their origin.
            busB.write(loadedOperations(queueB.jobs()));
            busA.write(loadedOperations(queueA.jobs()));

            await().atMost(SYNC_TIMEOUT).untilAsserted(() -> {
                assertThat(operationIds(queueA.jobs(), JobKind.SYNC_ACK)).as("B applied A's operations: ack to A")
                    .containsExactlyInAnyOrderElementsOf(ids(fromA));
                assertThat(operationIds(queueB.jobs(), JobKind.SYNC_ACK)).as("A applied B's operations: ack to B")
                    .containsExactlyInAnyOrderElementsOf(ids(fromB));
            });
            assertThat(operationIds(queueA.jobs(), JobKind.LOAD)).as("A's own operations never come back to A as LOAD")
                .doesNotContainAnyElementsOf(ids(fromA));
            assertThat(operationIds(queueB.jobs(), JobKind.LOAD)).as("B's own operations never come back to B as LOAD")
                .doesNotContainAnyElementsOf(ids(fromB));
        } finally {
            stopConnectors(config);
        }
    }

    @Test
    void shouldHonourFilters() {
        createReactorTopics(KAFKA, LOCAL, "fa", 1);
        createReactorTopics(KAFKA, REMOTE, "fb", 1);
        Operation wanted = Ops.op("fb", "inv-1", "invoice", "global", "main", 0);
        Operation wantedDocumentScope = Ops.op("fb", "inv-1", "invoice", "document", "main", 0);
        List<Operation> unwanted = List.of(
            Ops.op("fb", "todo-1", "todo", "global", "main", 0),
            Ops.op("fb", "inv-2", "invoice", "global", "feature", 0),
            Ops.op("fb", "inv-3", "invoice", "local", "main", 0),
            Ops.op("fb", "inv-4", "invoice", "audit", "main", 0));
        try (EventBusWriter bus = new EventBusWriter(KAFKA.cluster(REMOTE).bootstrapServers(), "fb", 1)) {
            List<Operation> all = new ArrayList<>(unwanted);
            all.add(wanted);
            all.add(wantedDocumentScope);
            bus.write(all);
        }
        Map<String, String> props = new HashMap<>(dedicated("fa", "fb", "pull"));
        props.put("remote.fb.filter.document.types", "invoice");
        props.put("remote.fb.filter.scopes", "global,document");
        props.put("remote.fb.filter.branch", "main");
        DedicatedConfig config = startConnectors(props);
        try (TopicReader queue = new TopicReader(KAFKA.cluster(LOCAL).bootstrapServers(), "fa.queue")) {
            await().atMost(SYNC_TIMEOUT).untilAsserted(() ->
                assertThat(operationIds(queue.jobs(), JobKind.LOAD)).as("only operations the filters admit")
                    .containsExactlyInAnyOrder(wanted.getId(), wantedDocumentScope.getId()));
        } finally {
            stopConnectors(config);
        }
    }

    /** A sync metric of remote {@code remote} from the platform MBean server (Connect's JMX reporter). */
    static Double metric(String remote, String attribute) throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName("kafka.connect:*"), null)) {
            if (remote.equals(name.getKeyProperty("remote"))) {
                try {
                    return ((Number) server.getAttribute(name, attribute)).doubleValue();
                } catch (javax.management.AttributeNotFoundException e) {
                    // another bean of the same remote
                }
            }
        }
        return null;
    }

    static List<String> ids(List<Operation> ops) {
        return ops.stream().map(Operation::getId).toList();
    }

    static List<Operation> loadedOperations(List<Job> jobs) {
        return jobs.stream().filter(j -> j.getKind() == JobKind.LOAD).flatMap(j -> j.getOperations().stream()).toList();
    }

    /** Per document (and scope), LOAD operations arrive in index order. */
    static void assertInDocumentOrder(List<Job> jobs) {
        Map<String, Long> last = new HashMap<>();
        for (Job job : jobs) {
            if (job.getKind() != JobKind.LOAD) {
                continue;
            }
            for (Operation op : job.getOperations()) {
                String stream = op.getDocumentId() + "/" + op.getScope() + "/" + op.getBranch();
                Long previous = last.put(stream, op.getIndex());
                assertThat(previous == null || previous < op.getIndex())
                    .as("operation %s of %s after index %s", op.getIndex(), stream, previous).isTrue();
            }
        }
    }
}
