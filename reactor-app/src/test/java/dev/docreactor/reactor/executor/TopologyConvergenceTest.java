package dev.docreactor.reactor.executor;

import static dev.docreactor.reactor.executor.ReactorDriver.action;
import static dev.docreactor.reactor.executor.ReactorDriver.create;
import static dev.docreactor.reactor.executor.ReactorDriver.execute;
import static dev.docreactor.reactor.executor.ReactorDriver.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.merge.DocumentLifecycle;
import dev.docreactor.reactor.merge.LogReplay;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.reactor.model.TodoListModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Operation;
import dev.docreactor.schema.ScopeState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Convergence through Kafka Streams: three reactor topologies in TopologyTestDrivers, each with a
 * skewed wall clock, write concurrently and exchange their event-bus records as LOAD jobs in random
 * order, with duplicates and with deliveries held back and redelivered later. Afterwards every reactor
 * has the same operations and states, and every event bus replays to them.
 */
class TopologyConvergenceTest {

    private static final List<String> DOCUMENTS = List.of("doc-a", "doc-b");
    private static final DocumentModelRegistry MODELS = DocumentModelRegistry.of(new JsonDocumentModel(), new TodoListModel());
    private static final Map<String, String> TYPES = Map.of("doc-a", "todo-list", "doc-b", "json");

    @Property(tries = 10)
    void shouldConvergeWhateverTheDeliveryOrder(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        Random random = new Random(seed);
        List<ReactorDriver> reactors = List.of(
            new ReactorDriver("r1", 1_700_000_000_000L),
            new ReactorDriver("r2", 1_700_000_000_000L - 3_600_000L),
            new ReactorDriver("r3", 1_700_000_000_000L + 5_000L));
        try {
            Map<String, Integer> delivered = new HashMap<>();
            for (String doc : DOCUMENTS) {
                reactors.get(random.nextInt(reactors.size())).submit(create(doc, TYPES.get(doc)));
            }
            for (int step = 0; step < 60; step++) {
                ReactorDriver reactor = reactors.get(random.nextInt(reactors.size()));
                reactor.wallClock.addAndGet(random.nextInt(3));
                if (random.nextInt(3) == 0) {
                    deliverSome(reactors, reactor, delivered, random);
                } else {
                    String doc = DOCUMENTS.get(random.nextInt(DOCUMENTS.size()));
                    reactor.submit(execute(doc, null, randomAction(doc, random, step)));
                }
            }
            // Deliver everything, twice, in random order: duplicates must be absorbed.
            for (int round = 0; round < 2; round++) {
                for (ReactorDriver target : reactors) {
                    for (ReactorDriver source : reactors) {
                        if (source != target) {
                            deliver(source, target, source.eventBus(), random);
                        }
                    }
                }
            }

            long inserted = reactors.stream().mapToLong(r -> r.eventBus().stream().filter(op -> op.getBehind() > 0).count()).sum();
            net.jqwik.api.statistics.Statistics.label("insertions").collect(inserted > 0 ? "some operations inserted" : "none");
            assertThat(reactors).as("no entry is a re-applied copy")
                .allMatch(r -> r.eventBus().stream().noneMatch(Operation::getReapplied));
            assertConverged(reactors);
            reactors.forEach(TopologyConvergenceTest::assertLogsReplay);
        } finally {
            reactors.forEach(ReactorDriver::close);
        }
    }

    private static Action randomAction(String doc, Random random, int step) {
        String scope = random.nextInt(5) == 0 ? "local" : "global";
        if (TYPES.get(doc).equals("todo-list")) {
            int id = random.nextInt(6);
            return switch (random.nextInt(3)) {
                case 0 -> action("ADD_TODO", scope, "{\"id\":\"t" + id + "\",\"text\":\"step " + step + "\"}");
                case 1 -> action("TOGGLE_TODO", scope, "{\"id\":\"t" + id + "\"}");
                default -> action("REMOVE_TODO", scope, "{\"id\":\"t" + id + "\"}");
            };
        }
        return action("PATCH", scope, "[{\"op\":\"add\",\"path\":\"/k" + random.nextInt(4) + "\",\"value\":" + step + "}]");
    }

    /** Delivers a random slice of another reactor's event bus, shuffled, possibly duplicated. */
    private static void deliverSome(List<ReactorDriver> reactors, ReactorDriver target, Map<String, Integer> delivered,
                                    Random random) {
        ReactorDriver source = reactors.get(random.nextInt(reactors.size()));
        if (source == target) {
            return;
        }
        List<Operation> bus = source.eventBus();
        String link = source.reactorId + "->" + target.reactorId;
        int from = Math.max(0, delivered.getOrDefault(link, 0) - random.nextInt(3));
        int to = from + random.nextInt(Math.max(1, bus.size() - from + 1));
        if (to > bus.size()) {
            to = bus.size();
        }
        List<Operation> slice = new ArrayList<>(bus.subList(from, to));
        if (random.nextBoolean() && !slice.isEmpty()) {
            // Hold one back: it is redelivered by the final full delivery.
            slice.remove(random.nextInt(slice.size()));
        }
        deliver(source, target, slice, random);
        delivered.put(link, Math.max(delivered.getOrDefault(link, 0), to));
    }

    /** Sends operations as LOAD jobs, one job per document, dropping echoes and the local scope as the channel does. */
    private static void deliver(ReactorDriver source, ReactorDriver target, List<Operation> ops, Random random) {
        List<Operation> shuffled = new ArrayList<>(ops);
        Collections.shuffle(shuffled, random);
        Map<String, List<Operation>> byDocument = new LinkedHashMap<>();
        for (Operation op : shuffled) {
            if (!op.getOrigin().equals(target.reactorId) && !op.getScope().equals("local")) {
                byDocument.computeIfAbsent(op.getDocumentId(), d -> new ArrayList<>()).add(op);
            }
        }
        byDocument.forEach((doc, batch) -> {
            for (int start = 0; start < batch.size(); start += 4) {
                target.submit(load(doc, source.reactorId, batch.subList(start, Math.min(batch.size(), start + 4))));
            }
        });
    }

    private static void assertConverged(List<ReactorDriver> reactors) {
        for (String doc : DOCUMENTS) {
            Map<String, Map<String, String>> hashes = new TreeMap<>();
            Map<String, Set<String>> ids = new TreeMap<>();
            for (ReactorDriver reactor : reactors) {
                DocumentSnapshot view = reactor.document(doc);
                assertThat(view).as("%s knows %s", reactor.reactorId, doc).isNotNull();
                Map<String, String> synced = new TreeMap<>();
                for (Map.Entry<String, ScopeState> scope : view.getScopes().entrySet()) {
                    if (!scope.getKey().equals("local")) {
                        synced.put(scope.getKey(), scope.getValue().getHash() + "@" + scope.getValue().getRevision());
                    }
                }
                hashes.put(reactor.reactorId, synced);
                ids.put(reactor.reactorId, reactor.eventBus().stream()
                    .filter(op -> op.getDocumentId().equals(doc) && !op.getScope().equals("local"))
                    .map(Operation::getId).collect(Collectors.toCollection(TreeSet::new)));
            }
            assertThat(new TreeSet<>(hashes.values().stream().map(Object::toString).toList()))
                .as("same state hash and revision per synchronized scope of %s on every reactor: %s", doc, hashes).hasSize(1);
            assertThat(new TreeSet<>(ids.values().stream().map(Object::toString).toList()))
                .as("same operation ids of %s on every reactor", doc).hasSize(1);
        }
    }

    /**
     * Every stream of the event bus replays (index, skip, behind) to its operations, each in effect once,
     * whose fold has the view's hash.
     */
    private static void assertLogsReplay(ReactorDriver reactor) {
        Map<String, List<Operation>> streams = reactor.eventBus().stream().collect(Collectors.groupingBy(
            op -> op.getDocumentId() + "/" + op.getBranch() + "/" + op.getScope(), TreeMap::new, Collectors.toList()));
        streams.forEach((stream, log) -> {
            LogReplay replay = LogReplay.of(log);
            assertThat(replay.effectiveIds()).as("%s on %s: each operation in effect exactly once", stream, reactor.reactorId)
                .doesNotHaveDuplicates();
            assertThat(new TreeSet<>(replay.effectiveIds()))
                .as("%s on %s: every appended operation is in effect", stream, reactor.reactorId)
                .isEqualTo(log.stream().map(Operation::getId).collect(Collectors.toCollection(TreeSet::new)));
            String[] parts = stream.split("/");
            ScopeState scope = reactor.document(parts[0]).getScopes().get(parts[2]);
            JsonNode state = parts[2].equals("document")
                ? replay.state(DocumentLifecycle.initialState(), LogReplay.lifecycleReducer())
                : replay.state(MODELS.require(TYPES.get(parts[0])).initialState(parts[2]),
                    LogReplay.modelReducer(MODELS.require(TYPES.get(parts[0]))));
            assertThat(StateTree.hash(state)).as("%s on %s: the replayed state has the view's hash", stream,
                reactor.reactorId).isEqualTo(scope.getHash());
        });
    }
}
