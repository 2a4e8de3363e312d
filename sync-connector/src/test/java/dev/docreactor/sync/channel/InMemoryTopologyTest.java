package dev.docreactor.sync.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import dev.docreactor.sync.Ops;
import dev.docreactor.sync.storage.CursorKey;
import dev.docreactor.sync.storage.InMemorySyncStorage;
import dev.docreactor.sync.manager.Outbound;
import dev.docreactor.sync.manager.SyncFilter;
import dev.docreactor.sync.manager.SyncManager;
import dev.docreactor.sync.manager.SyncPlan;
import dev.docreactor.sync.manager.SyncSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reactors in memory connected by in-memory channels (pull direction): chain, mesh and ping-pong
 * converge, echoes are acknowledged and never loaded back, nothing loops.
 */
class InMemoryTopologyTest {

    /** A reactor that applies LOAD jobs idempotently and appends what is new to its event bus. */
    static final class Reactor {
        final String id;
        final InMemoryEventBus bus;
        final List<Outbound> queue = new ArrayList<>();
        final Set<String> applied = new LinkedHashSet<>();
        final Map<String, Set<String>> ackedBy = new HashMap<>();
        int loadsReceived;

        Reactor(String id) {
            this.id = id;
            this.bus = new InMemoryEventBus("reactor-" + id + "-operations-changelog", 1);
        }

        void create(Operation op) {
            applied.add(op.getId());
            bus.append(0, Ops.key(op).getBytes(StandardCharsets.UTF_8), Ops.encode(op), op.getTimestampUtcMs());
        }

        /** Processes the queue; returns whether anything changed. */
        boolean drain() {
            List<Outbound> jobs;
            synchronized (queue) {
                jobs = new ArrayList<>(queue);
                queue.clear();
            }
            boolean changed = false;
            for (Outbound o : jobs) {
                Job job = o.job();
                if (job.getKind() == JobKind.SYNC_ACK) {
                    job.getOperations().forEach(op -> ackedBy.computeIfAbsent(op.getId(), k -> new LinkedHashSet<>())
                        .add(job.getSource()));
                    continue;
                }
                loadsReceived += job.getOperations().size();
                for (Operation op : job.getOperations()) {
                    if (applied.add(op.getId())) {
                        bus.append(0, Ops.key(op).getBytes(StandardCharsets.UTF_8), Ops.encode(op), 0);
                        changed = true;
                    }
                }
            }
            return changed || !jobs.isEmpty();
        }
    }

    /** A pull link: target pulls source's bus through a channel and enqueues the plan into target's queue. */
    record Link(Reactor source, Reactor target, InMemoryChannel channel, SyncManager manager, InMemorySyncStorage storage) {
        static Link pull(Reactor source, Reactor target, SyncFilter filter) {
            InMemorySyncStorage storage = new InMemorySyncStorage();
            InMemoryChannel channel = new InMemoryChannel(source.id, source.bus, target.queue, storage);
            return new Link(source, target, channel, new SyncManager(SyncSettings.of(source.id, target.id, filter)),
                storage);
        }

        boolean step() {
            SyncPlan plan = manager.plan(channel.pull(Duration.ZERO));
            InMemoryChannel toTarget = new InMemoryChannel(target.id, target.bus, target.queue, storage);
            toTarget.push(plan.outbound()).join();
            plan.endCursors().forEach((p, c) -> storage.advance(new CursorKey(source.id, source.bus.topic(), p), c));
            return !plan.outbound().isEmpty();
        }
    }

    private static void runUntilQuiet(List<Reactor> reactors, List<Link> links) {
        for (int round = 0; round < 50; round++) {
            boolean busy = false;
            for (Link link : links) {
                busy |= link.step();
            }
            for (Reactor r : reactors) {
                busy |= r.drain();
            }
            if (!busy) {
                return;
            }
        }
        throw new AssertionError("synchronization did not settle: a loop?");
    }

    @Test
    void shouldPingPongTwoReactorsAndAcknowledgeEachOthersOperations() {
        Reactor a = new Reactor("a");
        Reactor b = new Reactor("b");
        Operation fromA = Ops.op("a", "doc", 0);
        Operation fromB = Ops.op("b", "doc", 1);
        a.create(fromA);
        b.create(fromB);

        runUntilQuiet(List.of(a, b), List.of(Link.pull(a, b, SyncFilter.all()), Link.pull(b, a, SyncFilter.all())));

        assertThat(a.applied).as("a has both").containsExactlyInAnyOrder(fromA.getId(), fromB.getId());
        assertThat(b.applied).as("b has both").containsExactlyInAnyOrder(fromA.getId(), fromB.getId());
        assertThat(a.loadsReceived).as("a never gets its own operation back as LOAD").isEqualTo(1);
        assertThat(a.ackedBy.get(fromA.getId())).as("a learns that b applied its operation").containsExactly("b");
        assertThat(b.ackedBy.get(fromB.getId())).as("b learns that a applied its operation").containsExactly("a");
    }

    @Test
    void shouldReachEveryReactorOfAChainWithoutLooping() {
        Reactor a = new Reactor("a");
        Reactor b = new Reactor("b");
        Reactor c = new Reactor("c");
        Operation fromA = Ops.op("a", "doc", 0);
        Operation fromC = Ops.op("c", "doc", 1);
        a.create(fromA);
        c.create(fromC);
        SyncFilter all = SyncFilter.all();

        runUntilQuiet(List.of(a, b, c), List.of(Link.pull(a, b, all), Link.pull(b, a, all), Link.pull(b, c, all),
            Link.pull(c, b, all)));

        for (Reactor r : List.of(a, b, c)) {
            assertThat(r.applied).as("%s has every operation", r.id).containsExactlyInAnyOrder(fromA.getId(),
                fromC.getId());
        }
        assertThat(a.ackedBy.get(fromA.getId())).as("a's neighbour acknowledges").containsExactly("b");
    }

    @Test
    void shouldConvergeAFullMeshAbsorbingDuplicates() {
        Reactor a = new Reactor("a");
        Reactor b = new Reactor("b");
        Reactor c = new Reactor("c");
        List<Reactor> all = List.of(a, b, c);
        List<String> expected = new ArrayList<>();
        for (Reactor r : all) {
            for (int i = 0; i < 3; i++) {
                Operation op = Ops.op(r.id, "doc-" + r.id, i);
                r.create(op);
                expected.add(op.getId());
            }
        }
        List<Link> links = new ArrayList<>();
        for (Reactor s : all) {
            for (Reactor t : all) {
                if (s != t) {
                    links.add(Link.pull(s, t, SyncFilter.all()));
                }
            }
        }

        runUntilQuiet(all, links);

        for (Reactor r : all) {
            assertThat(r.applied).as("%s has every operation exactly once", r.id)
                .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.bus.endOffset(0)).as("%s's bus holds each operation once", r.id).isEqualTo(expected.size());
        }
    }

    @Test
    void shouldHonourFiltersAlongTheWay() {
        Reactor a = new Reactor("a");
        Reactor b = new Reactor("b");
        a.create(Ops.op("a", "inv", "invoice", "global", "main", 0));
        a.create(Ops.op("a", "todo", "todo", "global", "main", 0));
        a.create(Ops.op("a", "inv", "invoice", "local", "main", 1));
        runUntilQuiet(List.of(a, b), List.of(Link.pull(a, b,
            new SyncFilter(Set.of(), Set.of("invoice"), Set.of(), null))));
        assertThat(b.applied).as("only the non-local invoice operation").containsExactly("a:inv-global-0");
    }

    @Test
    void shouldPushToEveryChannelOfACollectionAndPullFromAll() {
        Reactor a = new Reactor("a");
        Reactor b = new Reactor("b");
        a.create(Ops.op("a", "d", 0));
        b.create(Ops.op("b", "d", 1));
        List<Outbound> sinkA = new ArrayList<>();
        List<Outbound> sinkB = new ArrayList<>();
        InMemorySyncStorage storage = new InMemorySyncStorage();
        try (ChannelCollection<InMemoryChannel> channels = new ChannelCollection<>("all", List.of(
            new InMemoryChannel("a", a.bus, sinkA, storage), new InMemoryChannel("b", b.bus, sinkB, storage)))) {
            assertThat(channels.pull(Duration.ofMillis(10))).as("records of both remotes").hasSize(2);
            assertThat(channels.pull(Duration.ofMillis(10))).as("nothing new").isEmpty();
            SyncPlan plan = new SyncManager(SyncSettings.of("x", "y", SyncFilter.all()))
                .plan(List.of(Ops.record("t", 0, 0, Ops.op("x", "d", 0))));
            channels.push(plan.outbound()).join();
            assertThat(sinkA).as("pushed to a").hasSize(1);
            assertThat(sinkB).as("pushed to b").hasSize(1);
        }
    }

    @Test
    void shouldResumeFromTheStoredCursorAndNeverMoveItBackwards() {
        Reactor a = new Reactor("a");
        for (int i = 0; i < 4; i++) {
            a.create(Ops.op("a", "d", i));
        }
        CursorKey key = new CursorKey("a", a.bus.topic(), 0);
        InMemorySyncStorage storage = new InMemorySyncStorage(Map.of(key, 2L));
        InMemoryChannel channel = new InMemoryChannel("a", a.bus, new ArrayList<>(), storage);
        assertThat(channel.pull(Duration.ZERO)).extracting(r -> r.offset()).as("resumes at the cursor")
            .containsExactly(2L, 3L);
        assertThat(storage.advance(key, 1)).as("a cursor never moves backwards").isFalse();
        assertThat(storage.cursor(key)).as("still 2").hasValue(2);
        assertThat(storage.advance(key, 4)).as("forward").isTrue();
        channel.rewindToCursors();
        assertThat(channel.pull(Duration.ZERO)).as("after a restart at the end, nothing again").isEmpty();
    }

    @Test
    void shouldFailPushAndPullWhileTheRemoteIsUnreachable() {
        Reactor a = new Reactor("a");
        a.create(Ops.op("a", "d", 0));
        InMemoryChannel channel = new InMemoryChannel("a", a.bus, new ArrayList<>(), new InMemorySyncStorage());
        channel.setUnreachable(true);
        assertThat(channel.push(List.of())).as("push fails").isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> channel.pull(Duration.ZERO)).as("pull fails")
            .isInstanceOf(IllegalStateException.class);
        channel.setUnreachable(false);
        assertThat(channel.pull(Duration.ZERO)).as("nothing lost once reachable").hasSize(1);
    }
}
