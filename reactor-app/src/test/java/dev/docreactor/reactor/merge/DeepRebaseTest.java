package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.JsonDocumentModel;
import dev.docreactor.schema.Action;
import dev.docreactor.schema.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A late operation that orders before 10,000 operations in effect still merges: one rebase re-applies
 * them all. The duration is logged (and published as a test report entry), never asserted.
 */
class DeepRebaseTest {

    private static final Logger LOG = LoggerFactory.getLogger(DeepRebaseTest.class);

    private static final long T = 1_800_000_000_000L;
    private static final int DEPTH = 10_000;
    private static final String DOC = "deep";
    private static final String GLOBAL = Scopes.GLOBAL;

    @Test
    void shouldInsertBeforeTenThousandOperations(TestReporter reporter) {
        TestReactor a = new TestReactor("a", T);
        TestReactor b = new TestReactor("b", T - Duration.ofHours(1).toMillis());
        a.execute(DOC, TestReactor.create("c", JsonDocumentModel.TYPE));
        b.loadAllFrom(a, DOC);
        a.wallMillis = T + 1;
        for (int job = 0; job < DEPTH / 100; job++) {
            List<Action> actions = new ArrayList<>();
            for (int i = job * 100; i < (job + 1) * 100; i++) {
                actions.add(TestReactor.patch("a" + i, GLOBAL, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":" + i + "}]"));
            }
            assertThat(a.merger.execute(DOC, TestReactor.MAIN, null, actions).completed()).as("job %s", job).isTrue();
        }
        b.execute(DOC, TestReactor.patch("b", GLOBAL, "[{\"op\":\"add\",\"path\":\"/b\",\"value\":true}]"));

        long start = System.nanoTime();
        MergeResult result = a.loadAllFrom(b, DOC);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        LOG.info("Deep rebase: merged 1 operation before {} operations in effect ({} entries appended) in {} ms",
                DEPTH, result.appended().size(), millis);
        reporter.publishEntry("deepRebaseMillis", Long.toString(millis));

        assertThat(result.appended()).as("only the new operation is written").hasSize(1);
        Operation first = result.appended().get(0);
        assertThat(first.getId()).as("the late operation").isEqualTo("b:b");
        assertThat(first.getBehind()).as("it goes before all 10,000").isEqualTo(DEPTH);
        assertThat(result.reapplied()).as("the 10,000 are re-applied in memory").isEqualTo(DEPTH);
        LogReplay replay = LogReplay.of(a.log(DOC, GLOBAL));
        assertThat(replay.effective()).as("each operation once").hasSize(DEPTH + 1);
        assertThat(CanonicalJson.write(a.state(DOC, GLOBAL))).as("state").isEqualTo("{\"b\":true,\"n\":9999}");

        MergeResult back = b.loadAllFrom(a, DOC);
        assertThat(back.appended()).as("b appends a's operations after its own").hasSize(DEPTH);
        assertThat(b.head(DOC, GLOBAL).hash()).as("same state on b").isEqualTo(a.head(DOC, GLOBAL).hash());
    }
}
