package dev.docreactor.reactor.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.reactor.merge.TornReadException;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.ScopeState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reading a document's view: records for existence, deletion and mark; states from the merge; torn reads read again, boundedly. */
class DocumentReaderTest {

    private static final int ATTEMPTS = 5;

    /** A view record as the executor writes it: revision, hash, next index, no state. */
    private static final DocumentSnapshot RECORD = new DocumentSnapshot("doc", "json", "main", false,
        Map.of("global", new ScopeState(1L, "", "2:old", 1L)), 1_000L, "bad input");
    /** The view with states, as the merge reads it. */
    private static final DocumentSnapshot STATES = new DocumentSnapshot("doc", "json", "main", false,
        Map.of("global", new ScopeState(7L, "{\"a\":7}", "2:h7", 7L)), 1_000L, null);

    private final AtomicInteger recordReads = new AtomicInteger();
    private final AtomicInteger stateReads = new AtomicInteger();

    @Test
    void shouldAnswerTheMergesStatesWithTheRecordsDeletionAndMark() {
        DocumentSnapshot view = reader(Optional.of(RECORD), 0).read("doc", "main").orElseThrow();

        assertThat(view.getScopes().get("global")).as("revision, state and hash from the merge, not the record")
            .isEqualTo(STATES.getScopes().get("global"));
        assertThat(view.getUnprocessable()).as("the mark from the record").isEqualTo(RECORD.getUnprocessable());
        assertThat(view.getDeleted()).as("deletion from the record").isEqualTo(RECORD.getDeleted());
        assertThat(stateReads.get()).as("one read of the states").isEqualTo(1);
    }

    @Test
    void shouldReadAgainWhenTornFewerTimesThanTheBound() {
        DocumentSnapshot view = reader(Optional.of(RECORD), ATTEMPTS - 1).read("doc", "main").orElseThrow();

        assertThat(view.getScopes().get("global").getState()).as("the state of the first whole read").isEqualTo("{\"a\":7}");
        assertThat(stateReads.get()).as("%d torn reads, then a whole one", ATTEMPTS - 1).isEqualTo(ATTEMPTS);
        assertThat(recordReads.get()).as("the records are read again with the states").isEqualTo(ATTEMPTS);
    }

    @Test
    void shouldGiveUpAfterTheBoundWithATornRead() {
        DocumentReader reader = reader(Optional.of(RECORD), Integer.MAX_VALUE);

        assertThatThrownBy(() -> reader.read("doc", "main")).as("torn every time")
            .isInstanceOf(TornReadException.class)
            .hasMessageContaining("doc/main")
            .hasMessageContaining(ATTEMPTS + " times in a row")
            .hasMessageContaining("torn read number " + ATTEMPTS);
        assertThat(stateReads.get()).as("exactly the bound of reads, no more").isEqualTo(ATTEMPTS);
    }

    @Test
    void shouldNotReadStatesOfADocumentWithoutRecords() {
        assertThat(reader(Optional.empty(), 0).read("doc", "main")).as("no record: no document").isEmpty();
        assertThat(stateReads.get()).as("no state read").isZero();
    }

    @Test
    void shouldTreatARecordWithoutADocumentInTheMergesStoresAsTorn() {
        AtomicInteger reads = new AtomicInteger();
        DocumentReader reader = new DocumentReader((id, branch) -> Optional.of(RECORD),
            (id, branch, updated) -> reads.incrementAndGet() == 1 ? Optional.empty() : Optional.of(STATES), ATTEMPTS);

        assertThat(reader.read("doc", "main")).as("read again: the merge's stores caught up").isPresent();
        assertThat(reads.get()).as("the states read twice").isEqualTo(2);

        DocumentReader never = new DocumentReader((id, branch) -> Optional.of(RECORD),
            (id, branch, updated) -> Optional.empty(), ATTEMPTS);
        assertThatThrownBy(() -> never.read("doc", "main")).as("records whose document the merge never has")
            .isInstanceOf(TornReadException.class).hasMessageContaining("no document in the merge's stores");
    }

    @Test
    void shouldRefuseABoundBelowOne() {
        assertThatThrownBy(() -> new DocumentReader((id, branch) -> Optional.empty(), (id, branch, updated) -> Optional.empty(), 0))
            .as("at least one read").isInstanceOf(IllegalArgumentException.class);
    }

    /** A reader whose states are torn the first {@code tornReads} times they are read. */
    private DocumentReader reader(Optional<DocumentSnapshot> record, int tornReads) {
        return new DocumentReader((id, branch) -> {
            recordReads.incrementAndGet();
            return record;
        }, (id, branch, updatedUtcMs) -> {
            int read = stateReads.incrementAndGet();
            if (read <= tornReads) {
                throw new TornReadException("torn read number " + read);
            }
            return Optional.of(STATES);
        }, ATTEMPTS);
    }
}
