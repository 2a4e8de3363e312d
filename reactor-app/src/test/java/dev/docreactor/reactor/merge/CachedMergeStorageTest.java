package dev.docreactor.reactor.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.StateTree;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-task cache of document branches: what it answers from memory, its bound, its failures. */
class CachedMergeStorageTest {

    private static final OperationKey KEY = new OperationKey(1L << 16, "a", "a:1");
    private static final DocumentHeader HEADER = new DocumentHeader("json", KEY, null, null, 1L << 16, List.of("global"));

    private static StreamId stream(String documentId) {
        return new StreamId(documentId, "main", "global");
    }

    private static StreamHead head(String state) {
        return new StreamHead(1, 1, StateTree.hash(CanonicalJson.parse(state)), KEY);
    }

    private static RunningState running(String state) {
        return RunningState.of(CanonicalJson.parse(state));
    }

    @Test
    void shouldAnswerHeaderHeadAndStateFromMemoryAfterAWrite() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 1 << 20);
        StreamHead written = head("{\"a\":1}");
        RunningState parsed = running("{\"a\":1}");
        cache.putHeader("d", "main", HEADER, null);
        cache.putHead(stream("d"), written, parsed);
        long getsBefore = base.accessCounts().gets();

        StreamHead read = cache.head(stream("d")).orElseThrow();

        assertThat(cache.header("d", "main")).as("header from memory").contains(HEADER);
        assertThat(read).as("head from memory, the same object").isSameAs(written);
        assertThat(cache.headState(stream("d"), read)).as("the state handed over, not rebuilt").isSameAs(parsed);
        assertThat(base.accessCounts().gets() - getsBefore).as("no read of the underlying storage").isZero();
        assertThat(base.head(stream("d"))).as("written through").contains(written);
    }

    @Test
    void shouldReadAColdBranchOnceAndRememberAnAbsentHead() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        base.putHead(stream("d"), head("{\"b\":2}"));
        CachedMergeStorage cache = new CachedMergeStorage(base, 1 << 20);
        long getsBefore = base.accessCounts().gets();

        for (int i = 0; i < 3; i++) {
            assertThat(cache.head(stream("d"))).as("head read from the storage").isPresent();
            assertThat(cache.head(stream("e"))).as("no head for another document").isEmpty();
        }

        assertThat(base.accessCounts().gets() - getsBefore).as("one read per stream, then memory").isEqualTo(2);
        assertThat(cache.hits()).as("hits").isEqualTo(4);
        assertThat(cache.misses()).as("misses").isEqualTo(2);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedBranchBeyondItsBound() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        String state = "{\"text\":\"" + "x".repeat(1000) + "\"}";
        long perBranch = 2 * 512 + running(state).memoryBytes();
        CachedMergeStorage cache = new CachedMergeStorage(base, 2 * perBranch + 100);
        cache.putHead(stream("d1"), head(state), running(state));
        cache.putHead(stream("d2"), head(state), running(state));
        cache.head(stream("d1"));
        cache.putHead(stream("d3"), head(state), running(state));
        long getsBefore = base.accessCounts().gets();

        cache.head(stream("d1"));
        cache.head(stream("d3"));
        assertThat(base.accessCounts().gets() - getsBefore).as("recently used branches stay").isZero();
        cache.head(stream("d2"));
        assertThat(base.accessCounts().gets() - getsBefore).as("the least recently used one was evicted").isEqualTo(1);
        assertThat(cache.bytes()).as("estimated bytes within the bound").isLessThanOrEqualTo(2 * perBranch + 100);
    }

    @Test
    void shouldNotKeepABranchLargerThanTheWholeBound() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        String state = "{\"text\":\"" + "x".repeat(10_000) + "\"}";
        CachedMergeStorage cache = new CachedMergeStorage(base, 50_000);
        cache.putHead(stream("big"), head(state), running(state));
        long getsBefore = base.accessCounts().gets();

        assertThat(cache.head(stream("big"))).as("still readable").isPresent();
        assertThat(base.accessCounts().gets() - getsBefore).as("read from the storage").isEqualTo(1);
        assertThat(cache.bytes()).as("nothing kept").isLessThanOrEqualTo(50_000);
    }

    @Test
    void shouldKeepTheEntriesOfAStreamWhoseEntriesAreReadAndNoneOfOneOnlyAppendedTo() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 1 << 20);
        for (long i = 0; i < 10; i++) {
            cache.appendLog(stream("d"), InMemoryMergeStorage.logEntry(stream("d"), i, "a"));
            cache.appendLog(stream("e"), InMemoryMergeStorage.logEntry(stream("e"), i, "a"));
        }
        long bytesAppendedOnly = cache.bytes();
        long getsBefore = base.accessCounts().gets();
        for (int round = 0; round < 3; round++) {
            for (long i = 5; i < 10; i++) {
                assertThat(cache.logEntry(stream("d"), i).map(op -> op.getIndex())).as("entry %d", i).contains(i);
            }
        }
        assertThat(base.accessCounts().gets() - getsBefore).as("each entry read from the storage once").isEqualTo(5);
        assertThat(bytesAppendedOnly).as("appends alone keep nothing").isZero();
        assertThat(cache.bytes()).as("the read stream's entries count").isGreaterThan(StreamTail.TABLE_BYTES);

        cache.appendLog(stream("d"), InMemoryMergeStorage.logEntry(stream("d"), 10, "a"));
        getsBefore = base.accessCounts().gets();
        assertThat(cache.logEntry(stream("d"), 10)).as("an append to a read stream is kept").isPresent();
        assertThat(cache.logEntry(stream("d"), 10 + StreamTail.SLOTS)).as("an index in the same slot is not taken for it").isEmpty();
        assertThat(base.accessCounts().gets() - getsBefore).as("only the absent index was read").isEqualTo(1);
    }

    @Test
    void shouldAnswerEffectiveEntriesAsLastWrittenAndRememberPositionsWithoutOne() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 1 << 20);
        EffectiveEntry first = new EffectiveEntry(KEY, 3, null);
        EffectiveEntry second = new EffectiveEntry(new OperationKey(2L << 16, "b", "b:1"), 7, "{}");
        base.putEffective(stream("d"), 3, first);
        long getsBefore = base.accessCounts().gets();
        assertThat(cache.effective(stream("d"), 3)).as("stored entry").contains(first);
        assertThat(cache.effective(stream("d"), 4)).as("no entry").isEmpty();
        assertThat(cache.effective(stream("d"), 3)).as("again").contains(first);
        assertThat(cache.effective(stream("d"), 4)).as("again none").isEmpty();
        assertThat(base.accessCounts().gets() - getsBefore).as("each position read once").isEqualTo(2);

        cache.putEffective(stream("d"), 3, second);
        cache.putEffective(stream("d"), 4, first);
        assertThat(cache.effective(stream("d"), 3)).as("a rewritten position answers the new entry").contains(second);
        assertThat(cache.effective(stream("d"), 4)).as("a position written since").contains(first);
        assertThat(base.effective(stream("d"), 3)).as("written through").contains(second);
        assertThat(base.accessCounts().gets() - getsBefore).as("no more reads").isEqualTo(2 + 1);
    }

    @Test
    void shouldNotKeepALargeDocumentsCheckpointsInMemory() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 64L << 20);
        String large = "{\"text\":\"" + "x".repeat(100_000) + "\"}";
        cache.effective(stream("d"), 0);
        long bytesBefore = cache.bytes();
        cache.putEffective(stream("d"), 64, new EffectiveEntry(KEY, 64, large));
        cache.putEffective(stream("d"), 128, new EffectiveEntry(KEY, 128, "{}"));
        assertThat(cache.bytes() - bytesBefore).as("only the small checkpoint counts").isLessThan(StreamTail.MAX_ENTRY_BYTES);
        long getsBefore = base.accessCounts().gets();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.effective(stream("d"), 64).map(EffectiveEntry::checkpoint)).as("large checkpoint").contains(large);
            assertThat(cache.effective(stream("d"), 128).map(EffectiveEntry::checkpoint)).as("small checkpoint").contains("{}");
        }
        assertThat(base.accessCounts().gets() - getsBefore).as("the large one is read from the storage each time, the small one never")
                .isEqualTo(3);
    }

    @Test
    void shouldKeepNoEntriesWhenTheBoundIsZero() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 0);
        cache.appendLog(stream("d"), InMemoryMergeStorage.logEntry(stream("d"), 0, "a"));
        cache.logEntry(stream("d"), 0);
        cache.logEntry(stream("d"), 0);
        assertThat(cache.bytes()).as("nothing kept").isZero();
    }

    @Test
    void shouldForgetADiscardedBranch() {
        InMemoryMergeStorage base = new InMemoryMergeStorage();
        CachedMergeStorage cache = new CachedMergeStorage(base, 1 << 20);
        StreamHead written = head("{\"a\":1}");
        cache.putHead(stream("d"), written, running("{\"a\":1}"));
        cache.putHead(stream("e"), head("{}"), running("{}"));

        cache.discard("d", "main");

        assertThat(cache.headState(stream("d"), cache.head(stream("d")).orElseThrow()))
                .as("a discarded branch's state is no longer in memory").isNull();
        assertThat(cache.head(stream("d"))).as("its head is read from the storage again").contains(written);
        assertThat(cache.headState(stream("e"), cache.head(stream("e")).orElseThrow()))
                .as("another branch stays").isNotNull();
    }

    @Test
    void shouldForgetABranchWhoseWriteFailed() {
        CachedMergeStorage failing = new CachedMergeStorage(new InMemoryMergeStorage() {
            @Override
            public void putHeader(String documentId, String branch, DocumentHeader header, DocumentHeader previous) {
                throw new IllegalStateException("store down");
            }
        }, 1 << 20);
        failing.header("d", "main");
        long missesBefore = failing.misses();

        assertThatThrownBy(() -> failing.putHeader("d", "main", HEADER, null)).as("the failure reaches the caller")
                .hasMessageContaining("store down");
        failing.header("d", "main");
        assertThat(failing.misses() - missesBefore).as("the branch is read again after the failed write").isEqualTo(1);
    }
}
