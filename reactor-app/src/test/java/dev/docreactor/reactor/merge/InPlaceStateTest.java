package dev.docreactor.reactor.merge;

import static dev.docreactor.reactor.merge.TestReactor.create;
import static dev.docreactor.reactor.merge.TestReactor.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.StateTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * States changed in place: a rejected job or operation leaves nothing of its changes, neither in the stores
 * nor in the state the reactor keeps in memory ({@link TestReactor#state} reads both and requires them equal).
 */
class InPlaceStateTest {

    private static final long T = 1_800_000_000_000L;
    private static final String DOC = "doc";
    private static final String GLOBAL = Scopes.GLOBAL;

    private static TestReactor createdWithA() {
        TestReactor reactor = new TestReactor("a", T);
        reactor.execute(DOC, create("c", JsonDocumentModel.TYPE));
        assertThat(reactor.execute(DOC, patch("p1", GLOBAL, "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]")).completed())
                .as("first patch").isTrue();
        return reactor;
    }

    @Test
    void shouldLeaveNothingOfAPatchRejectedAfterItChangedTheState() {
        TestReactor reactor = createdWithA();

        MergeResult rejected = reactor.execute(DOC, patch("p2", GLOBAL,
                "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":5}]"));

        assertThat(rejected.completed()).as("the failing test rejects the whole patch").isFalse();
        assertThat(CanonicalJson.write(reactor.state(DOC, GLOBAL))).as("its add is gone from memory and stores")
                .isEqualTo("{\"a\":1}");
        assertThat(reactor.execute(DOC, patch("p3", GLOBAL, "[{\"op\":\"add\",\"path\":\"/c\",\"value\":3}]")).completed())
                .as("the next patch").isTrue();
        assertThat(CanonicalJson.write(reactor.state(DOC, GLOBAL))).as("state after the next patch")
                .isEqualTo("{\"a\":1,\"c\":3}");
        assertThat(reactor.head(DOC, GLOBAL).hash()).as("its hash")
                .isEqualTo(StateTree.hash(CanonicalJson.parse("{\"a\":1,\"c\":3}")));
    }

    @Test
    void shouldLeaveNothingOfAJobWhoseLaterActionIsRejected() {
        TestReactor reactor = createdWithA();

        MergeResult rejected = reactor.execute(DOC,
                patch("p2", GLOBAL, "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":7}]"),
                patch("p3", GLOBAL, "[{\"op\":\"remove\",\"path\":\"/missing\"}]"));

        assertThat(rejected.completed()).as("all or nothing").isFalse();
        assertThat(CanonicalJson.write(reactor.state(DOC, GLOBAL))).as("the first action's change is gone too")
                .isEqualTo("{\"a\":1}");
        assertThat(reactor.log(DOC, GLOBAL)).as("nothing appended").hasSize(1);
    }

    @Test
    void shouldGoOnFromTheStateInMemoryAcrossManyJobs() {
        TestReactor reactor = createdWithA();
        for (int i = 0; i < 200; i++) {
            assertThat(reactor.execute(DOC, patch("q" + i, GLOBAL,
                    "[{\"op\":\"add\",\"path\":\"/m" + (i % 50) + "\",\"value\":" + i + "}]")).completed())
                    .as("patch %d", i).isTrue();
        }

        String expected = CanonicalJson.write(reactor.state(DOC, GLOBAL));
        assertThat(CanonicalJson.parse(expected).size()).as("members").isEqualTo(51);
        assertThat(reactor.head(DOC, GLOBAL).hash()).as("the hash kept up to date in memory is the state's")
                .isEqualTo(StateTree.hash(CanonicalJson.parse(expected)));
        assertThat(reactor.head(DOC, GLOBAL).size()).as("revision").isEqualTo(201);
    }

    @Test
    void shouldCallAStateThatDoesNotMatchItsHeadATornRead() {
        TestReactor reactor = createdWithA();
        StreamId global = new StreamId(DOC, TestReactor.MAIN, GLOBAL);
        StreamHead head = reactor.storage.head(global).orElseThrow();
        // As a reader on another thread sees a head whose job's log entry it does not see yet.
        reactor.storage.putHead(global, new StreamHead(head.nextIndex(), head.size(),
                StateTree.hash(CanonicalJson.parse("{\"a\":2}")), head.lastKey()));
        DocumentMerger reader = new DocumentMerger(reactor.storage, TestReactor.MODELS, "a", () -> T);

        assertThatThrownBy(() -> reader.snapshot(DOC, TestReactor.MAIN, 0)).as("the rebuilt state has another hash")
                .isInstanceOf(TornReadException.class).hasMessageContaining("does not have the head's hash");
        reactor.storage.putHead(global, new StreamHead(head.nextIndex() + 1, head.size() + 1, head.hash(), head.lastKey()));
        assertThatThrownBy(() -> reader.snapshot(DOC, TestReactor.MAIN, 0)).as("an entry the head counts is missing")
                .isInstanceOf(TornReadException.class).hasMessageContaining("changed while the state was read");
    }

    @Test
    void shouldKeepFewerCheckpointsOfALargeStateAndStillRebuildIt() {
        TestReactor reactor = new TestReactor("a", T, 4);
        reactor.execute(DOC, create("c", JsonDocumentModel.TYPE));
        String chunk = "x".repeat(40_000);
        // Positions 0-3: two 40 KB chunks and two small patches; 4-5: two more chunks; 6-17: small patches.
        List<String> patches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            patches.add("[{\"op\":\"add\",\"path\":\"/s" + i + "\",\"value\":\"" + chunk + "\"}]");
        }
        patches.add(2, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":-1}]");
        patches.add(3, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":-2}]");
        for (int i = 0; i < 12; i++) {
            patches.add("[{\"op\":\"add\",\"path\":\"/n\",\"value\":" + i + "}]");
        }
        for (int i = 0; i < patches.size(); i++) {
            assertThat(reactor.execute(DOC, patch("p" + i, GLOBAL, patches.get(i))).completed()).as("patch %d", i).isTrue();
        }
        StreamId global = new StreamId(DOC, TestReactor.MAIN, GLOBAL);

        assertThat(reactor.storage.effective(global, 4)).as("80 KB of state: a checkpoint at every interval")
                .hasValueSatisfying(entry -> assertThat(entry.checkpoint()).as("checkpoint at 4").isNotNull());
        assertThat(reactor.storage.effective(global, 8)).as("160 KB: at every second interval (8 = 2 x 4)")
                .hasValueSatisfying(entry -> assertThat(entry.checkpoint()).as("checkpoint at 8").isNotNull());
        assertThat(reactor.storage.effective(global, 12)).as("but none at 12 = 3 x 4").isEmpty();
        assertThat(reactor.storage.effective(global, 16)).as("and again at 16")
                .hasValueSatisfying(entry -> assertThat(entry.checkpoint()).as("checkpoint at 16").isNotNull());
        assertThat(reactor.state(DOC, GLOBAL).path("n").intValue())
                .as("the state rebuilt from the stores (checkpoint at 16, then 2 operations) is the one in memory")
                .isEqualTo(11);
    }
}
