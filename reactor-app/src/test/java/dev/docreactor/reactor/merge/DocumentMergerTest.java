package dev.docreactor.reactor.merge;

import static dev.docreactor.reactor.merge.TestReactor.addTodo;
import static dev.docreactor.reactor.merge.TestReactor.create;
import static dev.docreactor.reactor.merge.TestReactor.delete;
import static dev.docreactor.reactor.merge.TestReactor.patch;
import static dev.docreactor.reactor.merge.TestReactor.removeTodo;
import static dev.docreactor.reactor.merge.TestReactor.toggleTodo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.reactor.model.TodoListModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.Job;
import dev.docreactor.schema.JobKind;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of EXECUTE and LOAD jobs on one or two reactors. */
class DocumentMergerTest {

    private static final long T = 1_800_000_000_000L;
    private static final String DOC = "doc-1";
    private static final String GLOBAL = Scopes.GLOBAL;
    private static final String LOCAL = Scopes.LOCAL;
    private static final String LIFECYCLE = Scopes.DOCUMENT;

    @Test
    void shouldCreateADocumentAndApplyActionsInOrder() {
        TestReactor a = new TestReactor("a", T);

        MergeResult result = a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"),
                toggleTodo("2", GLOBAL, "x"));

        assertThat(result.completed()).as("job completes: %s", result.error()).isTrue();
        assertThat(result.outcomes()).as("one outcome per action, in order")
                .extracting(OperationOutcome::id).containsExactly("a:c", "a:1", "a:2");
        assertThat(result.outcomes()).as("indices per stream")
                .extracting(OperationOutcome::scope, OperationOutcome::index)
                .containsExactly(tuple(LIFECYCLE, 0L),
                        tuple(GLOBAL, 0L), tuple(GLOBAL, 1L));
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("state after add and toggle")
                .isEqualTo("{\"todos\":[{\"done\":true,\"id\":\"x\",\"text\":\"x\"}]}");
        assertThat(a.head(DOC, GLOBAL).hash()).as("head hash is the state hash (StateTree.hash) of the state")
                .isEqualTo(StateTree.hash(a.state(DOC, GLOBAL)));
        assertThat(result.appended().get(2).getHash()).as("last entry hash is the state hash")
                .isEqualTo(a.head(DOC, GLOBAL).hash());
        assertThat(CanonicalJson.write(a.state(DOC, LIFECYCLE))).as("lifecycle state")
                .isEqualTo("{\"deleted\":false,\"type\":\"todo-list\"}");
    }

    @Test
    void shouldIgnoreOperationsItAlreadyHasWhateverTheirOrder() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"), addTodo("2", GLOBAL, "y"));
        List<Operation> bus = new ArrayList<>(a.storage.eventBus());

        MergeResult first = b.load(DOC, bus);
        List<Operation> reversed = new ArrayList<>(bus);
        Collections.reverse(reversed);
        reversed.addAll(bus);
        MergeResult again = b.load(DOC, reversed);
        MergeResult echo = a.load(DOC, b.storage.eventBus());

        assertThat(first.appended()).as("first delivery appends everything").hasSize(3);
        assertThat(again.appended()).as("a repeated delivery appends nothing").isEmpty();
        assertThat(again.duplicates()).as("every repeated operation is counted as duplicate").isEqualTo(6);
        assertThat(echo.appended()).as("the origin ignores its own operations coming back").isEmpty();
        assertThat(b.effectiveIds(DOC, GLOBAL)).as("same operations").isEqualTo(a.effectiveIds(DOC, GLOBAL));
        assertThat(b.head(DOC, GLOBAL).hash()).as("same state hash").isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    @Test
    void shouldInsertALateEarlierOperationOnceBehindTheOperationsAfterIt() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", JsonDocumentModel.TYPE));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 10;
        a.execute(DOC, patch("a1", GLOBAL, "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"));
        a.execute(DOC, patch("a2", GLOBAL, "[{\"op\":\"add\",\"path\":\"/list\",\"value\":[\"a\"]}]"));
        b.wallMillis = T + 5;
        b.execute(DOC, patch("b1", GLOBAL, "[{\"op\":\"add\",\"path\":\"/list\",\"value\":[\"b\"]}]"));

        MergeResult merged = a.loadAllFrom(b, DOC);

        assertThat(merged.appended()).as("only the late operation is written, two places before the end")
                .extracting(Operation::getId, Operation::getIndex, Operation::getSkip, Operation::getBehind,
                        Operation::getReapplied)
                .containsExactly(tuple("b:b1", 2L, 0, 2, false));
        assertThat(merged.reapplied()).as("the two after it are re-applied in memory").isEqualTo(2);
        assertThat(merged.appended().get(0).getHash()).as("its hash: the state up to and including it")
                .isEqualTo(StateTree.hash(CanonicalJson.parse("{\"list\":[\"b\"]}")));
        assertThat(a.effectiveIds(DOC, GLOBAL)).as("replaying (index, behind) gives canonical order")
                .containsExactly("b:b1", "a:a1", "a:a2");
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("a2 replaced b1's list: it orders after it")
                .isEqualTo("{\"a\":1,\"list\":[\"a\"]}");
        assertThat(a.head(DOC, GLOBAL).hash()).as("the head has the whole state's hash")
                .isEqualTo(StateTree.hash(CanonicalJson.parse("{\"a\":1,\"list\":[\"a\"]}")));

        MergeResult other = b.loadAllFrom(a, DOC);
        assertThat(other.appended()).as("b appends a's operations after its own")
                .extracting(Operation::getBehind).containsOnly(0);
        assertThat(b.head(DOC, GLOBAL).hash()).as("both reactors reach the same state").isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    @Test
    void shouldFailAnActionThatNoLongerAppliesAfterAnInsertionOnEveryReactor() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 10;
        assertThat(a.execute(DOC, toggleTodo("toggle", GLOBAL, "x")).completed()).as("toggle applies on a").isTrue();
        b.wallMillis = T + 5;
        assertThat(b.execute(DOC, removeTodo("remove", GLOBAL, "x")).completed()).as("remove applies on b").isTrue();

        MergeResult onA = a.loadAllFrom(b, DOC);
        MergeResult onB = b.loadAllFrom(a, DOC);

        assertThat(onA.appended()).as("a writes the remove before its toggle, and nothing else")
                .extracting(Operation::getId, Operation::getBehind).containsExactly(tuple("b:remove", 1));
        assertThat(onA.reapplied()).as("the toggle is re-applied in memory, and fails").isEqualTo(1);
        assertThat(onB.outcomes()).as("b appends the toggle, failed").singleElement()
                .satisfies(outcome -> assertThat(outcome.id()).as("id").isEqualTo("a:toggle"))
                .satisfies(outcome -> assertThat(outcome.error()).as("error").contains("no todo with id"));
        assertThat(a.state(DOC, GLOBAL)).as("same state on both").isEqualTo(b.state(DOC, GLOBAL));
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("the todo is gone").isEqualTo("{\"todos\":[]}");
        assertThat(a.head(DOC, GLOBAL).hash()).as("same hash on both").isEqualTo(b.head(DOC, GLOBAL).hash());
        assertThat(a.effectiveIds(DOC, GLOBAL)).as("same operations in effect")
                .isEqualTo(b.effectiveIds(DOC, GLOBAL)).contains("a:toggle");
    }

    @Test
    void shouldRebuildAroundAnOperationThatAnInsertionMakesFailAfterItChangedTheState() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", JsonDocumentModel.TYPE));
        a.wallMillis = T + 10;
        a.execute(DOC, patch("x", GLOBAL, "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"));
        a.wallMillis = T + 20;
        // Applies now; once b's replace orders before it, its first step changes the state and its test fails.
        assertThat(a.execute(DOC, patch("y", GLOBAL, "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2},"
                + "{\"op\":\"test\",\"path\":\"/a\",\"value\":1}]")).completed()).as("y applies on a").isTrue();
        a.wallMillis = T + 30;
        a.execute(DOC, patch("w", GLOBAL, "[{\"op\":\"add\",\"path\":\"/c\",\"value\":3}]"));

        MergeResult late = a.load(DOC, List.of(lateReplace("c", T + 15)));

        assertThat(late.appended()).as("the replace goes before y and w")
                .extracting(Operation::getId, Operation::getBehind).containsExactly(tuple("c:z", 2));
        String expected = "{\"a\":7,\"c\":3}";
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL)))
                .as("y fails and changes nothing, in memory and rebuilt from the stores (which fold it again)")
                .isEqualTo(expected);
        assertThat(a.head(DOC, GLOBAL).hash()).as("the head's hash").isEqualTo(StateTree.hash(CanonicalJson.parse(expected)));
        LogReplay replay = LogReplay.of(a.log(DOC, GLOBAL));
        assertThat(CanonicalJson.write(replay.state(CanonicalJson.parse("{}"), LogReplay.modelReducer(new JsonDocumentModel()))))
                .as("what an event-bus consumer replays").isEqualTo(expected);
    }

    /** A replace of /a by 7, created at {@code wallMillis} by reactor {@code origin}, as its event bus has it. */
    private static Operation lateReplace(String origin, long wallMillis) {
        Action action = TestReactor.patch("z", GLOBAL, "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":7}]");
        return Operation.newBuilder().setId(origin + ":z").setDocumentId(DOC).setDocumentType(JsonDocumentModel.TYPE)
                .setScope(GLOBAL).setBranch(TestReactor.MAIN).setIndex(0).setTimestampUtcMs(wallMillis)
                .setClock(wallMillis << 16).setHash("").setOrigin(origin).setAction(action).build();
    }

    @Test
    void shouldWriteNothingWhenAnyActionOfAnExecuteJobIsRejected() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        int busBefore = a.storage.eventBus().size();
        DocumentHeader headerBefore = a.storage.header(DOC, TestReactor.MAIN).orElseThrow();
        a.wallMillis = T + 1000;

        MergeResult result = a.execute(DOC, addTodo("2", GLOBAL, "y"), addTodo("3", LOCAL, "z"),
                toggleTodo("4", GLOBAL, "missing"));

        assertThat(result.completed()).as("the job fails").isFalse();
        assertThat(result.error()).as("the reason names the action and the reducer's reason")
                .contains("action 4 rejected").contains("no todo with id");
        assertThat(result.appended()).as("nothing appended").isEmpty();
        assertThat(a.storage.eventBus()).as("the event bus is unchanged").hasSize(busBefore);
        assertThat(a.storage.header(DOC, TestReactor.MAIN)).as("the header (and clock) is unchanged").contains(headerBefore);
        assertThat(a.storage.streams()).as("no local stream was created")
                .doesNotContain(new StreamId(DOC, TestReactor.MAIN, LOCAL));
    }

    @Test
    void shouldRejectExecuteJobsForMissingOrDeletedDocumentsUnknownTypesAndReusedActionIds() {
        TestReactor a = new TestReactor("a", T);
        assertThat(a.execute(DOC, addTodo("1", GLOBAL, "x")).error()).as("no document yet")
                .isEqualTo(DocumentLifecycle.MISSING);
        assertThat(a.execute(DOC, create("c", "spreadsheet")).error()).as("unknown type")
                .contains("unknown document type 'spreadsheet'");
        assertThat(a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x")).completed())
                .as("creation").isTrue();
        assertThat(a.execute(DOC, create("c2", TodoListModel.TYPE)).error()).as("second creation")
                .isEqualTo(DocumentLifecycle.ALREADY_EXISTS);
        assertThat(a.execute(DOC, addTodo("1", GLOBAL, "y")).error()).as("reused action id")
                .contains("already exists");
        assertThat(a.execute(DOC, delete("d")).completed()).as("deletion").isTrue();
        assertThat(a.execute(DOC, addTodo("2", GLOBAL, "y")).error()).as("after deletion")
                .isEqualTo(DocumentLifecycle.DELETED);
        assertThat(a.execute(DOC, delete("d2")).error()).as("second deletion").isEqualTo(DocumentLifecycle.DELETED);
    }

    @Test
    void shouldTakeTheTypeOfACreationFromTheJob() {
        TestReactor a = new TestReactor("a", T);
        Job job = Job.newBuilder().setJobId("j").setKind(JobKind.EXECUTE).setDocumentId(DOC)
                .setDocumentType(TodoListModel.TYPE)
                .setActions(List.of(TestReactor.action("c", LIFECYCLE, DocumentLifecycle.CREATE_DOCUMENT, "null")))
                .build();

        MergeResult result = a.merger.execute(job);

        assertThat(result.completed()).as("creation applies: %s", result.error()).isTrue();
        assertThat(result.appended().get(0).getAction().getInput()).as("the stored input names the type")
                .isEqualTo("{\"type\":\"todo-list\"}");
        assertThat(a.storage.header(DOC, TestReactor.MAIN).orElseThrow().type()).as("document type")
                .isEqualTo(TodoListModel.TYPE);
    }

    @Test
    void shouldBufferOperationsThatArriveBeforeTheirDocumentsCreation() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"), addTodo("2", "notes", "n"));
        List<Operation> bus = a.storage.eventBus();

        MergeResult early = b.load(DOC, List.of(bus.get(2), bus.get(1), bus.get(2)));

        assertThat(early.appended()).as("nothing can be appended before the creation").isEmpty();
        assertThat(early.buffered()).as("both operations wait").isEqualTo(2);
        assertThat(early.duplicates()).as("the repeated one is a duplicate").isEqualTo(1);
        assertThat(b.storage.pendingCount()).as("pending operations").isEqualTo(2);
        assertThat(b.merger.snapshot(DOC, TestReactor.MAIN, 0)).as("no document view yet").isEmpty();

        MergeResult creation = b.load(DOC, List.of(bus.get(0), bus.get(1)));

        assertThat(creation.released()).as("both waiting operations are released").isEqualTo(2);
        assertThat(creation.appended()).as("creation and the two released operations")
                .extracting(Operation::getId).containsExactlyInAnyOrder("a:c", "a:1", "a:2");
        assertThat(b.storage.pendingCount()).as("nothing waits any more").isZero();
        assertThat(b.head(DOC, GLOBAL).hash()).as("global state as on a").isEqualTo(a.head(DOC, GLOBAL).hash());
        assertThat(b.head(DOC, "notes").hash()).as("notes state as on a").isEqualTo(a.head(DOC, "notes").hash());
    }

    @Test
    void shouldKeepOperationsAfterADeleteAsFailedOnEveryReactor() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 10;
        assertThat(a.execute(DOC, delete("del")).completed()).as("a deletes").isTrue();
        b.wallMillis = T + 20;
        assertThat(b.execute(DOC, toggleTodo("t", GLOBAL, "x"), addTodo("u", GLOBAL, "y")).completed())
                .as("b, not knowing, edits").isTrue();

        MergeResult onA = a.loadAllFrom(b, DOC);
        MergeResult onB = b.loadAllFrom(a, DOC);

        assertThat(onA.outcomes()).as("a keeps b's later operations, failed")
                .extracting(OperationOutcome::error).containsOnly(DocumentLifecycle.DELETED);
        assertThat(onB.appended()).as("b writes the late deletion only").extracting(Operation::getId)
                .containsExactly("a:del");
        assertThat(onB.reapplied()).as("b re-applies its two operations after the deletion, in memory, failed")
                .isEqualTo(2);
        assertThat(b.state(DOC, GLOBAL)).as("same state: only the first todo").isEqualTo(a.state(DOC, GLOBAL));
        assertThat(b.merger.snapshot(DOC, TestReactor.MAIN, 0).orElseThrow().getDeleted()).as("deleted on b").isTrue();
    }

    @Test
    void shouldNotLoadTheLocalScope() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T);
        a.execute(DOC, create("c", JsonDocumentModel.TYPE),
                patch("l", LOCAL, "[{\"op\":\"add\",\"path\":\"/draft\",\"value\":true}]"));

        MergeResult result = b.loadAllFrom(a, DOC);

        assertThat(result.ignored()).as("the local operation is ignored with a reason")
                .containsExactly("a:l: the local scope is never synchronized");
        assertThat(b.storage.streams()).as("b has no local stream")
                .doesNotContain(new StreamId(DOC, TestReactor.MAIN, LOCAL));
        assertThat(a.effectiveIds(DOC, LOCAL)).as("a keeps its local operation").containsExactly("a:l");
    }

    @Test
    void shouldLetTheCanonicallyFirstOfConcurrentCreationsWin() {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T + 50);
        a.execute(DOC, create("c", JsonDocumentModel.TYPE),
                patch("p", GLOBAL, "[{\"op\":\"add\",\"path\":\"/k\",\"value\":1}]"));
        b.execute(DOC, create("c", TodoListModel.TYPE), addTodo("t", GLOBAL, "x"));

        b.loadAllFrom(a, DOC);
        a.loadAllFrom(b, DOC);

        for (TestReactor reactor : List.of(a, b)) {
            DocumentSnapshot view = reactor.merger.snapshot(DOC, TestReactor.MAIN, 0).orElseThrow();
            assertThat(view.getDocumentType()).as("%s: the earlier creation's type wins", reactor.id)
                    .isEqualTo(JsonDocumentModel.TYPE);
            assertThat(LogReplay.of(reactor.log(DOC, LIFECYCLE)).effectiveIds()).as("%s: both creations", reactor.id)
                    .containsExactly("a:c", "b:c");
            assertThat(reactor.storage.header(DOC, TestReactor.MAIN).orElseThrow().createKey().id())
                    .as("%s: the earlier creation is in effect", reactor.id).isEqualTo("a:c");
            assertThat(LogReplay.of(reactor.log(DOC, GLOBAL)).effectiveIds()).as("%s: operations in effect", reactor.id)
                    .containsExactly("a:p", "b:t");
            assertThat(CanonicalJson.write(reactor.state(DOC, GLOBAL))).as("%s: state", reactor.id)
                    .isEqualTo("{\"k\":1}");
        }
        assertThat(a.log(DOC, LIFECYCLE).get(1).getError()).as("a records b's creation as failed")
                .isEqualTo(DocumentLifecycle.ALREADY_EXISTS);
        assertThat(a.log(DOC, GLOBAL).get(1).getError()).as("the todo action fails under the json model")
                .contains("unknown action type ADD_TODO");
        assertThat(b.log(DOC, GLOBAL)).as("b re-applied its global stream with the new type and wrote a's before it")
                .extracting(Operation::getId, Operation::getBehind).containsExactly(tuple("b:t", 0), tuple("a:p", 1));
    }

    @Test
    void shouldRebuildTheStateBeforeADeepInsertionFromCheckpoints() {
        TestReactor a = new TestReactor("a", T, 4);
        TestReactor b = new TestReactor("b", T, 4);
        a.execute(DOC, create("c", TodoListModel.TYPE));
        b.loadAllFrom(a, DOC);
        for (int i = 0; i < 30; i++) {
            a.wallMillis = T + 100 + i * 2L;
            a.execute(DOC, addTodo("a" + i, GLOBAL, "a" + i));
        }
        b.wallMillis = T + 100 + 17;
        b.execute(DOC, addTodo("b", GLOBAL, "b"), toggleTodo("bt", GLOBAL, "b"));

        MergeResult merged = a.loadAllFrom(b, DOC);

        assertThat(merged.appended()).as("b's two, each before the 21 operations ordering after them")
                .extracting(Operation::getId, Operation::getBehind).containsExactly(tuple("b:b", 21), tuple("b:bt", 21));
        assertThat(merged.reapplied()).as("re-applied in memory").isEqualTo(21);
        LogReplay replay = LogReplay.of(a.log(DOC, GLOBAL));
        assertThat(replay.state(new TodoListModel().initialState(GLOBAL), LogReplay.modelReducer(new TodoListModel())))
                .as("head state equals a full replay").isEqualTo(a.state(DOC, GLOBAL));
        b.loadAllFrom(a, DOC);
        assertThat(b.head(DOC, GLOBAL).hash()).as("b agrees").isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    @Test
    void shouldAppendALocalActionToAHotBranchWithOneReadAndNoScan() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        InMemoryMergeStorage.AccessCounts before = a.storage.accessCounts();

        a.execute(DOC, toggleTodo("2", GLOBAL, "x"));

        InMemoryMergeStorage.AccessCounts after = a.storage.accessCounts();
        assertThat(after.scans() - before.scans()).as("no scans").isZero();
        assertThat(after.gets() - before.gets()).as("gets: the id index only (header and head are kept in memory)")
                .isEqualTo(1);
        assertThat(after.puts() - before.puts())
                .as("puts: log, id index, head (no header: only its clock moved, and the head carries it; no effective"
                        + " entry: the stream was never rebased)")
                .isEqualTo(3);
    }

    @Test
    void shouldWriteTheHeaderOnlyWhenMoreThanItsClockChangesAndReadTheClockFromTheHeads() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        byte[] headerBefore = a.storage.rawBookkeeping(MergeKeys.header(DOC, TestReactor.MAIN));

        a.wallMillis = T + 5;
        MergeResult toggled = a.execute(DOC, toggleTodo("2", GLOBAL, "x"));

        long clock = toggled.appended().get(0).getClock();
        assertThat(a.storage.rawBookkeeping(MergeKeys.header(DOC, TestReactor.MAIN))).as("the header is not written again")
                .isEqualTo(headerBefore);
        assertThat(clock).as("a clock after the wall clock moved").isGreaterThan(HybridLogicalClock.pack(T, 0));
        assertThat(a.head(DOC, GLOBAL).clock()).as("the head carries the branch's clock").isEqualTo(clock);
        assertThat(a.storage.header(DOC, TestReactor.MAIN).orElseThrow().clock())
                .as("the header read back has the clock of its newest head").isEqualTo(clock);

        a.execute(DOC, addTodo("3", LOCAL, "y"));
        assertThat(a.storage.rawBookkeeping(MergeKeys.header(DOC, TestReactor.MAIN))).as("a new scope writes the header")
                .isNotEqualTo(headerBefore);
    }

    @Test
    void shouldStoreEffectiveEntriesOnlyWhereTheySayMoreThanTheLogIndex() {
        TestReactor a = new TestReactor("a", T, 4);
        a.execute(DOC, create("c", JsonDocumentModel.TYPE));
        for (int i = 0; i < 9; i++) {
            a.execute(DOC, patch("p" + i, GLOBAL, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":" + i + "}]"));
        }
        StreamId global = new StreamId(DOC, TestReactor.MAIN, GLOBAL);
        assertThat(a.storage.effective(global, 3)).as("an appended position is its log index: implicit").isEmpty();
        assertThat(a.storage.effective(global, 4)).as("a checkpoint position is stored")
                .hasValueSatisfying(entry -> assertThat(entry.checkpoint()).as("checkpoint").isEqualTo("{\"n\":3}"));

        TestReactor b = new TestReactor("b", T - 1, 4);
        b.execute(DOC, create("c", JsonDocumentModel.TYPE));
        b.execute(DOC, patch("early", GLOBAL, "[{\"op\":\"add\",\"path\":\"/early\",\"value\":true}]"));
        a.loadAllFrom(b, DOC);

        assertThat(a.storage.effective(global, 3)).as("a rebased position is stored").isPresent();
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("state after the rebase, in memory and rebuilt")
                .isEqualTo("{\"early\":true,\"n\":8}");
        b.loadAllFrom(a, DOC);
        assertThat(b.head(DOC, GLOBAL).hash()).as("b agrees").isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    @Test
    void shouldIgnoreMalformedOrForeignOperations() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", GLOBAL, "x"));
        Operation good = a.storage.eventBus().get(1);
        Operation wrongId = Operation.newBuilder(good).setId("a:other").build();
        Operation otherDocument = Operation.newBuilder(good).setDocumentId("doc-2").build();
        TestReactor b = new TestReactor("b", T);

        MergeResult result = b.load(DOC, List.of(wrongId, otherDocument));

        assertThat(result.ignored()).as("both ignored with reasons").containsExactly(
                "a:other: the id is not origin:actionId", "a:1: belongs to document doc-2, not doc-1");
        assertThat(result.appended()).as("nothing appended").isEmpty();
    }

    @Test
    void shouldDescribeTheDocumentInASnapshot() {
        TestReactor a = new TestReactor("a", T);
        a.execute(DOC, create("c", TodoListModel.TYPE), addTodo("1", "notes", "x"), addTodo("2", "notes", "y"));

        DocumentSnapshot view = a.merger.snapshot(DOC, TestReactor.MAIN, 77).orElseThrow();

        assertThat(view.getDocumentType()).as("type").isEqualTo(TodoListModel.TYPE);
        assertThat(view.getScopes()).as("lifecycle, notes and the untouched global scope")
                .containsOnlyKeys(LIFECYCLE, "notes", GLOBAL);
        assertThat(view.getScopes().get("notes").getRevision()).as("notes revision").isEqualTo(2);
        assertThat(view.getScopes().get("notes").getNextIndex()).as("notes next index").isEqualTo(2);
        assertThat(view.getScopes().get(GLOBAL).getState()).as("global at its initial state").isEqualTo("{\"todos\":[]}");
        assertThat(view.getUpdatedUtcMs()).as("updated time").isEqualTo(77);
    }
}
