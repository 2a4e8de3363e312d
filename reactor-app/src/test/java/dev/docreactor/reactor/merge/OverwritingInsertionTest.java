package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A late operation followed by one that overwrites what it changed: the operations after that one keep their states,
 * so they are not re-applied, their checkpoints move with them, and both reactors still agree with a full replay.
 */
class OverwritingInsertionTest {

    private static final long T = 1_800_000_000_000L;
    private static final String DOC = "overwritten";
    private static final String GLOBAL = Scopes.GLOBAL;
    private static final StreamId STREAM = new StreamId(DOC, TestReactor.MAIN, GLOBAL);
    private static final int WRITTEN = 200;

    private TestReactor a;
    private TestReactor b;

    @BeforeEach
    void twoReactorsWithADocument() {
        a = new TestReactor("a", T);
        // An hour behind: b's operations order before a's until b has seen them.
        b = new TestReactor("b", T - Duration.ofHours(1).toMillis());
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 1;
    }

    private void writeAtA(String path) {
        for (int i = 0; i < WRITTEN; i++) {
            assertThat(a.execute(DOC, patch("a" + i, path, i)).completed()).isTrue();
        }
    }

    private static dev.docreactor.schema.Action patch(String id, String path, long value) {
        return TestReactor.patch(id, GLOBAL, "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":" + value + "}]");
    }

    @Test
    void shouldNotReapplyWhatFollowsAnOverwrite() {
        writeAtA("/n");
        b.execute(DOC, patch("b1", "/n", -1));

        MergeResult first = a.loadAllFrom(b, DOC);

        assertThat(first.appended()).as("only the late operation is written").hasSize(1);
        Operation late = first.appended().get(0);
        assertThat(late.getBehind()).as("it orders before all of a's").isEqualTo(WRITTEN);
        assertThat(late.getHash()).as("its hash: the state up to it")
                .isEqualTo(StateTree.hash(CanonicalJson.parse("{\"n\":-1}")));
        assertThat(first.reapplied()).as("only a's first operation, which overwrites /n, is re-applied").isEqualTo(1);
        assertThat(first.spared()).as("the other operations keep their states").isEqualTo(WRITTEN - 1);
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("state, in memory and rebuilt from the stores")
                .isEqualTo("{\"n\":" + (WRITTEN - 1) + "}");

        // The checkpoint kept before position 64 (the state after 64 operations in effect) is now before 65.
        assertThat(a.storage.effective(STREAM, 64).map(EffectiveEntry::checkpoint)).as("no checkpoint left at 64")
                .isEmpty();
        assertThat(a.storage.effective(STREAM, 65).map(EffectiveEntry::checkpoint)).as("moved to 65")
                .contains("{\"n\":63}");
        assertStateBeforeEveryPositionMatchesReplay(a);

        b.wallMillis += 1;
        b.execute(DOC, patch("b2", "/n", -2));
        MergeResult second = a.loadAllFrom(b, DOC);
        assertThat(second.appended()).hasSize(1);
        assertThat(second.reapplied()).isEqualTo(1);
        assertThat(second.spared()).isEqualTo(WRITTEN - 1);
        assertThat(a.storage.effective(STREAM, 66).map(EffectiveEntry::checkpoint)).as("moved again")
                .contains("{\"n\":63}");
        assertStateBeforeEveryPositionMatchesReplay(a);

        MergeResult back = b.loadAllFrom(a, DOC);
        assertThat(back.appended()).as("b appends a's operations after its own").hasSize(WRITTEN);
        assertThat(b.head(DOC, GLOBAL).hash()).as("the same state on both").isEqualTo(a.head(DOC, GLOBAL).hash());
        assertThat(a.effectiveIds(DOC, GLOBAL)).isEqualTo(b.effectiveIds(DOC, GLOBAL));
    }

    @Test
    void shouldReapplyEverythingWhenNothingOverwritesTheChange() {
        writeAtA("/n");
        b.execute(DOC, patch("b1", "/other", 1));

        MergeResult result = a.loadAllFrom(b, DOC);

        assertThat(result.reapplied()).as("another member: every operation after it again").isEqualTo(WRITTEN);
        assertThat(result.spared()).isZero();
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).isEqualTo("{\"n\":" + (WRITTEN - 1) + ",\"other\":1}");
        assertStateBeforeEveryPositionMatchesReplay(a);
    }

    @Test
    void shouldReapplyEverythingAfterAnArrayInsertion() {
        a.execute(DOC, TestReactor.patch("list", GLOBAL, "[{\"op\":\"add\",\"path\":\"/l\",\"value\":[]}]"));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 2;
        writeAtA("/l/0");
        // b has seen the list but not a's insertions: its own orders between them.
        b.execute(DOC, patch("b1", "/l/0", -1));

        MergeResult result = a.loadAllFrom(b, DOC);

        assertThat(result.appended()).hasSize(1);
        assertThat(result.appended().get(0).getBehind()).isEqualTo(WRITTEN);
        assertThat(result.spared()).as("an insertion into an array moves what follows: nothing is spared").isZero();
        assertThat(result.reapplied()).isEqualTo(WRITTEN);
        assertThat(a.state(DOC, GLOBAL).path("l").get(WRITTEN).intValue()).as("b's value ends last").isEqualTo(-1);
        assertStateBeforeEveryPositionMatchesReplay(a);
        b.loadAllFrom(a, DOC);
        assertThat(b.head(DOC, GLOBAL).hash()).isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    /** Every stored checkpoint holds the state a full replay of the log has before its position. */
    private static void assertStateBeforeEveryPositionMatchesReplay(TestReactor reactor) {
        List<Operation> effective = LogReplay.of(reactor.log(DOC, GLOBAL)).effective();
        JsonDocumentModel model = new JsonDocumentModel();
        List<String> before = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode state = model.initialState(GLOBAL);
        for (Operation operation : effective) {
            before.add(CanonicalJson.write(state));
            var reduction = model.reduce(state, operation.getAction().getType(),
                    CanonicalJson.parse(operation.getAction().getInput()), GLOBAL);
            if (reduction instanceof dev.docreactor.reactor.model.Reduction.Applied applied) {
                state = applied.state();
            }
        }
        int checkpoints = 0;
        for (int position = 0; position < effective.size(); position++) {
            String checkpoint = reactor.storage.effective(STREAM, position).map(EffectiveEntry::checkpoint).orElse(null);
            if (checkpoint != null) {
                checkpoints++;
                assertThat(checkpoint).as("checkpoint at %s", position).isEqualTo(before.get(position));
            }
        }
        assertThat(checkpoints).as("checkpoints kept").isPositive();
        assertThat(reactor.head(DOC, GLOBAL).hash()).as("head hash: the replayed state's")
                .isEqualTo(StateTree.hash(state));
    }
}
