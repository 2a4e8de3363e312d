package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.Limits;
import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge's limits: checked per operation, the same on every reactor, nothing written past them. */
class MergeLimitsTest {

    private static final long T = 1_800_000_000_000L;
    private static final String DOC = "d";
    private static final String GLOBAL = Scopes.GLOBAL;
    /** Small limits: 1 KiB states, depth 5. */
    private static final MergeSettings SMALL = new MergeSettings(DocumentMerger.DEFAULT_CHECKPOINT_INTERVAL,
            new Limits(1024, 5, 10, 10, 4096, 64 * 1024), Duration.ofMinutes(5).toMillis());

    private static String addString(String path, int length) {
        return "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"" + "x".repeat(length) + "\"}]";
    }

    @Test
    void shouldRejectAnActionWhoseStateWouldCrossTheStateLimitAndWriteNothing() {
        TestReactor a = new TestReactor("a", T, SMALL);
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        assertThat(a.execute(DOC, TestReactor.patch("p1", GLOBAL, addString("/a", 600))).completed())
                .as("600 bytes fit 1 KiB").isTrue();
        MergeResult tooLarge = a.execute(DOC, TestReactor.patch("p2", GLOBAL, addString("/b", 600)));
        assertThat(tooLarge.completed()).as("1,200 bytes do not").isFalse();
        assertThat(tooLarge.error()).as("reason").contains("reactor.max.state.bytes");
        assertThat(a.log(DOC, GLOBAL)).as("nothing appended for the rejected action").hasSize(1);
    }

    @Test
    void shouldRecordARemoteOperationCrossingTheLimitAsFailedOnEveryReactorAlike() {
        TestReactor generous = new TestReactor("g", T);
        TestReactor strict = new TestReactor("s", T, SMALL);
        TestReactor strictToo = new TestReactor("t", T, SMALL);
        generous.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE),
                TestReactor.patch("big", GLOBAL, addString("/big", 2000)));
        strict.loadAllFrom(generous, DOC);
        strictToo.loadAllFrom(generous, DOC);
        Operation onStrict = strict.log(DOC, GLOBAL).get(0);
        Operation onStrictToo = strictToo.log(DOC, GLOBAL).get(0);
        assertThat(onStrict.getError()).as("kept, failed, with the limit as reason").contains("reactor.max.state.bytes");
        assertThat(onStrictToo.getError()).as("the same error on another reactor with the same limits")
                .isEqualTo(onStrict.getError());
        assertThat(onStrictToo.getHash()).as("the same state hash").isEqualTo(onStrict.getHash());
    }

    @Test
    void shouldRejectStatesNestedDeeperThanTheLimit() {
        TestReactor a = new TestReactor("a", T, SMALL);
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        MergeResult deepInput = a.execute(DOC, TestReactor.patch("p1", GLOBAL,
                "[{\"op\":\"add\",\"path\":\"/a\",\"value\":[[[[[[[1]]]]]]]}]"));
        assertThat(deepInput.error()).as("an input deeper than 5").contains("reactor.max.json.depth");
        assertThat(a.execute(DOC, TestReactor.patch("p2", GLOBAL,
                "[{\"op\":\"add\",\"path\":\"/a\",\"value\":[[[1]]]}]")).completed()).as("depth 4 fits").isTrue();
        MergeResult copiedDeeper = a.execute(DOC, TestReactor.patch("p3", GLOBAL,
                "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/a/0/0/0\"}]"));
        assertThat(copiedDeeper.error()).as("a copy that nests the state deeper than 5").contains("reactor.max.json.depth");
    }

    @Test
    void shouldRejectAnInitialStateLargerThanTheStateLimit() {
        TestReactor a = new TestReactor("a", T, SMALL);
        MergeResult created = a.execute(DOC, TestReactor.action("c", Scopes.DOCUMENT,
                DocumentLifecycle.CREATE_DOCUMENT, "{\"type\":\"json\",\"initialState\":{\"global\":{\"s\":\""
                        + "x".repeat(2000) + "\"}}}"));
        assertThat(created.completed()).as("creation with a 2 KB initial state under a 1 KiB limit").isFalse();
        assertThat(created.error()).as("reason").contains("initial state of scope global");
    }

    @Test
    void shouldIgnoreARemoteClockBeyondTheLargestAcceptedOne() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        b.loadAllFrom(a, DOC);
        Operation forged = Operation.newBuilder(a.log(DOC, Scopes.DOCUMENT).get(0)).build();
        Operation edit = Operation.newBuilder(forged).setId("a:x").setScope(GLOBAL).setClock(Long.MAX_VALUE)
                .setAction(TestReactor.patch("x", GLOBAL, addString("/x", 1))).build();
        MergeResult result = b.load(DOC, List.of(edit));
        assertThat(result.ignored()).as("refused, deterministically").singleElement().asString()
                .contains("beyond the largest accepted clock");
        assertThat(b.execute(DOC, TestReactor.patch("after", GLOBAL, addString("/y", 1))).completed())
                .as("the document keeps working").isTrue();
        assertThat(b.log(DOC, GLOBAL).get(0).getClock()).as("and its clock did not overflow").isPositive();
    }

    @Test
    void shouldNotAdoptARemoteClockFarAheadOfTheWallClock() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T, SMALL);
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        a.wallMillis = T + Duration.ofDays(3650).toMillis();
        a.execute(DOC, TestReactor.patch("future", GLOBAL, addString("/f", 1)));
        b.loadAllFrom(a, DOC);
        MergeResult local = b.execute(DOC, TestReactor.patch("mine", GLOBAL, addString("/m", 1)));
        assertThat(local.error()).as("b's action applies").isNull();
        Operation mine = b.log(DOC, GLOBAL).stream().filter(op -> op.getId().equals("b:mine") && !op.getReapplied())
                .findFirst().orElseThrow();
        assertThat(HybridLogicalClock.physicalMillis(mine.getClock()))
                .as("b's clock stays within 5 minutes (+1 ms of logical carry) of its wall clock, not ten years ahead")
                .isLessThanOrEqualTo(T + Duration.ofMinutes(5).toMillis() + 1);
        a.loadAllFrom(b, DOC);
        assertThat(a.effectiveIds(DOC, GLOBAL)).as("both reactors order the two operations alike")
                .containsExactlyElementsOf(b.effectiveIds(DOC, GLOBAL));
    }

    @Test
    void shouldBoundTheClockAdoptedFromARemoteOperation() {
        long wall = T;
        long far = HybridLogicalClock.pack(T + Duration.ofDays(1).toMillis(), 0);
        assertThat(HybridLogicalClock.observe(0, far, wall, Duration.ofMinutes(5).toMillis()))
                .as("adopted up to the bound").isEqualTo(HybridLogicalClock.pack(T + Duration.ofMinutes(5).toMillis(), 0xFFFF));
        long near = HybridLogicalClock.pack(T + 1000, 3);
        assertThat(HybridLogicalClock.observe(0, near, wall, Duration.ofMinutes(5).toMillis()))
                .as("a clock within the bound is adopted as it is").isEqualTo(near);
        assertThat(HybridLogicalClock.tick(HybridLogicalClock.MAX_CLOCK, wall)).as("no overflow at the largest clock")
                .isGreaterThan(HybridLogicalClock.MAX_CLOCK);
    }
}
