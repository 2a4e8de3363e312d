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
    void shouldRebaseALateEarlierOperationWithSkipAndReappliedCopies() {
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

        assertThat(merged.appended()).as("the affected tail is re-applied after the new operation")
                .extracting(Operation::getId, Operation::getIndex, Operation::getSkip, Operation::getReapplied)
                .containsExactly(
                        tuple("b:b1", 2L, 2, false),
                        tuple("a:a1", 3L, 0, true),
                        tuple("a:a2", 4L, 0, true));
        Operation copy = merged.appended().get(1);
        Operation original = a.log(DOC, GLOBAL).get(0);
        assertThat(copy).as("a re-applied copy keeps its original's clock, origin, timestamp and action")
                .extracting(Operation::getClock, Operation::getOrigin, Operation::getTimestampUtcMs, Operation::getAction)
                .containsExactly(original.getClock(), original.getOrigin(), original.getTimestampUtcMs(),
                        original.getAction());
        assertThat(a.effectiveIds(DOC, GLOBAL)).as("replaying (index, skip) gives canonical order")
                .containsExactly("b:b1", "a:a1", "a:a2");
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("a2 replaced b1's list: it orders after it")
                .isEqualTo("{\"a\":1,\"list\":[\"a\"]}");

        MergeResult other = b.loadAllFrom(a, DOC);
        assertThat(other.appended()).as("b appends a's operations after its own, no rebase")
                .extracting(Operation::getSkip).containsOnly(0);
        assertThat(b.head(DOC, GLOBAL).hash()).as("both reactors reach the same state").isEqualTo(a.head(DOC, GLOBAL).hash());
    }

    @Test
    void shouldKeepAnActionRejectedAfterARebaseWithItsErrorOnEveryReactor() {
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

        Operation toggleOnA = onA.appended().get(onA.appended().size() - 1);
        assertThat(toggleOnA.getId()).as("the toggle is re-applied after the remove").isEqualTo("a:toggle");
        assertThat(toggleOnA.getError()).as("the re-applied toggle fails").contains("no todo with id");
        assertThat(toggleOnA.getReapplied()).as("it is a re-applied copy").isTrue();
        assertThat(onB.outcomes()).as("b appends the toggle with the same error")
                .extracting(OperationOutcome::id, OperationOutcome::error)
                .containsExactly(tuple("a:toggle", toggleOnA.getError()));
        assertThat(a.state(DOC, GLOBAL)).as("same state on both").isEqualTo(b.state(DOC, GLOBAL));
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("the todo is gone").isEqualTo("{\"todos\":[]}");
        assertThat(a.effectiveIds(DOC, GLOBAL)).as("same operations in effect")
                .isEqualTo(b.effectiveIds(DOC, GLOBAL)).contains("a:toggle");
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
        List<Operation> rebasedOnB = onB.appended().stream().filter(op -> op.getScope().equals(GLOBAL)).toList();
        assertThat(rebasedOnB).as("b re-applies its operations after the late deletion, failed")
                .extracting(Operation::getId, Operation::getError, Operation::getReapplied)
                .containsExactly(tuple("b:t", DocumentLifecycle.DELETED, true),
                        tuple("b:u", DocumentLifecycle.DELETED, true));
        assertThat(rebasedOnB.get(0).getSkip()).as("the rebase undoes both").isEqualTo(2);
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
            List<Operation> lifecycle = LogReplay.of(reactor.log(DOC, LIFECYCLE)).effective();
            assertThat(lifecycle).as("%s: the later creation fails", reactor.id)
                    .extracting(Operation::getId, Operation::getError)
                    .containsExactly(tuple("a:c", null),
                            tuple("b:c", DocumentLifecycle.ALREADY_EXISTS));
            List<Operation> global = LogReplay.of(reactor.log(DOC, GLOBAL)).effective();
            assertThat(global.get(1).getError()).as("%s: the todo action fails under the json model", reactor.id)
                    .contains("unknown action type ADD_TODO");
            assertThat(CanonicalJson.write(reactor.state(DOC, GLOBAL))).as("%s: state", reactor.id)
                    .isEqualTo("{\"k\":1}");
        }
        assertThat(b.log(DOC, GLOBAL)).as("b re-applied its global stream from the start with the new type")
                .extracting(Operation::getSkip).containsExactly(0, 1, 0);
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

        assertThat(merged.appended().get(0).getSkip()).as("undoes the operations ordering after b's").isEqualTo(21);
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
