package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.DocumentModel;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.model.Reduction;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Re-applications after late insertions hand the reducer the input it parsed before (kept with the log entry by the
 * task's cache), only for a model that says its states share no node with the input; any other model gets a tree of
 * its own each time.
 */
class ReappliedInputsTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void shouldHandTheSameParsedInputAgainToAModelWhoseStatesShareNoInput() {
        List<JsonNode> seen = appliedInputsOfTheFirstLocalOperation(true);

        assertThat(seen).as("applied, then re-applied after each of three late insertions").hasSize(4);
        // The first re-application reads the entry from the stores (the task keeps it from then on) and parses it.
        assertThat(seen.subList(2, 4)).as("then the tree parsed then")
                .allSatisfy(tree -> assertThat(tree).isSameAs(seen.get(1)));
    }

    @Test
    void shouldParseTheInputForEveryApplicationOfAnotherModel() {
        List<JsonNode> seen = appliedInputsOfTheFirstLocalOperation(false);

        assertThat(seen).as("applied, then re-applied after each of three late insertions").hasSize(4);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("application %d: a tree of its own", i).isNotSameAs(seen.get(i - 1))
                    .isEqualTo(seen.get(i - 1));
        }
    }

    @Test
    void shouldKeepAParsedInputOnlyWithTheEntryItWasParsedFromAndCountIt() {
        StreamTail tail = new StreamTail();
        Operation entry = InMemoryMergeStorage.logEntry(new StreamId("doc", "main", Scopes.GLOBAL), 7, "a");
        JsonNode tree = new ObjectNode(JsonNodeFactory.instance);
        assertThat(tail.keepParsedInput(entry, tree)).as("not kept without its entry").isZero();
        tail.putLogEntry(entry);
        long before = tail.bytes();
        long added = tail.keepParsedInput(entry, tree);
        assertThat(added).as("counted").isPositive();
        assertThat(tail.bytes()).isEqualTo(before + added);
        assertThat(tail.parsedInput(entry)).as("found with the entry").isSameAs(tree);
        Operation copy = Operation.newBuilder(entry).build();
        assertThat(tail.parsedInput(copy)).as("not with an equal entry of another object").isNull();
        tail.putLogEntry(InMemoryMergeStorage.logEntry(new StreamId("doc", "main", Scopes.GLOBAL), 7 + StreamTail.SLOTS, "a"));
        assertThat(tail.parsedInput(entry)).as("gone with the entry its slot no longer holds").isNull();
        tail.putLogEntry(entry);
        Operation large = Operation.newBuilder(entry).setIndex(8)
                .setAction(Action.newBuilder(entry.getAction()).setInput("[" + "1,".repeat(StreamTail.MAX_INPUT_CHARS) + "1]").build())
                .build();
        tail.putLogEntry(large);
        assertThat(tail.keepParsedInput(large, tree)).as("a long input is not kept").isZero();
        assertThat(tail.parsedInput(large)).isNull();
    }

    /**
     * Reactor a applies three operations of a recording model; reactor b, which has only the creation, writes three that
     * order before them (its wall clock is behind), and a takes each in a job of its own, re-applying its three each time.
     */
    private static List<JsonNode> appliedInputsOfTheFirstLocalOperation(boolean sharesNoInput) {
        RecordingModel model = new RecordingModel(sharesNoInput);
        DocumentModelRegistry models = DocumentModelRegistry.of(model);
        InMemoryMergeStorage storageA = new InMemoryMergeStorage();
        InMemoryMergeStorage storageB = new InMemoryMergeStorage();
        long[] wallA = {T};
        DocumentMerger a = new DocumentMerger(new CachedMergeStorage(storageA, 1 << 20), models, "a", () -> wallA[0]);
        DocumentMerger b = new DocumentMerger(new CachedMergeStorage(storageB, 1 << 20), models, "b", () -> T - 3_600_000L);
        assertThat(a.execute("doc", "main", null, List.of(TestReactor.create("c", RecordingModel.TYPE))).completed())
                .as("created").isTrue();
        b.load("doc", storageA.eventBus());
        // a's operations a second later: b's, whose clock has seen only the creation, order before all of them.
        wallA[0] = T + 1_000;
        for (int i = 0; i < 3; i++) {
            assertThat(a.execute("doc", "main", null, List.of(set("a" + i, i))).completed()).as("a's %d", i).isTrue();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(b.execute("doc", "main", null, List.of(set("b" + i, 10 + i))).completed()).as("b's %d", i).isTrue();
            MergeResult late = a.load("doc", storageB.eventBus());
            assertThat(late.appended()).as("b's operation %d", i).hasSize(1);
            assertThat(late.reapplied()).as("a's operations after it").isPositive();
        }
        return model.inputsOf(1);
    }

    private static Action set(String id, int value) {
        return Action.newBuilder().setId(id).setScope(Scopes.GLOBAL).setType(RecordingModel.SET)
                .setInput("{\"v\":" + value + "}").build();
    }

    /** Sets {@code last} to the input's {@code v} (a copy), recording each input tree it is given. */
    private static final class RecordingModel implements DocumentModel {
        static final String TYPE = "recording";
        static final String SET = "set";

        private final boolean sharesNoInput;
        private final List<JsonNode> inputs = new ArrayList<>();

        RecordingModel(boolean sharesNoInput) {
            this.sharesNoInput = sharesNoInput;
        }

        /** The trees given with input {@code v} equal to {@code value}, in order. */
        List<JsonNode> inputsOf(int value) {
            return inputs.stream().filter(input -> input.path("v").intValue() == value).toList();
        }

        @Override
        public boolean sharesNoInput() {
            return sharesNoInput;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<String> actionTypes() {
            return List.of(SET);
        }

        @Override
        public JsonNode initialState(String scope) {
            return new ObjectNode(JsonNodeFactory.instance);
        }

        @Override
        public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope) {
            inputs.add(input);
            ObjectNode next = ((ObjectNode) state).deepCopy();
            next.set("last", input.path("v").deepCopy());
            return Reduction.applied(next);
        }
    }
}
