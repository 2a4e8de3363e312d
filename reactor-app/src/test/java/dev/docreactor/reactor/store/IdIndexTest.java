package dev.docreactor.reactor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docreactor.reactor.merge.MergeKeys;
import dev.docreactor.reactor.merge.OperationKey;
import dev.docreactor.reactor.merge.StreamId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The id index in its own store, and the move of the entries an earlier release kept in the bookkeeping store. */
class IdIndexTest {

    private static final StreamId STREAM = new StreamId("doc", "main", "global");

    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> bookkeeping;
    private KeyValueStore<Bytes, byte[]> ids;

    @BeforeEach
    void initStores() {
        InMemoryStores stores = new InMemoryStores();
        context = stores.context();
        bookkeeping = stores.store(StoreNames.STREAMS, Serdes.String(), Serdes.ByteArray());
        ids = stores.store(StoreNames.IDS, Serdes.Bytes(), Serdes.ByteArray());
    }

    @Test
    void shouldReadAndWriteTheIdStoreOnlyWhenNoEntryOfTheEarlierLayoutIsLeft() {
        bookkeeping.put(MergeKeys.legacyHead(STREAM), new byte[] {1});
        IdIndex index = new IdIndex(ids, bookkeeping);
        assertThat(index.hasLegacy()).as("other bookkeeping keys are not id entries").isFalse();
        index.put(STREAM, "r:1", value("r:1"));
        assertThat(ids.get(Bytes.wrap(MergeKeys.id(STREAM, "r:1")))).as("written under its binary key").isEqualTo(value("r:1"));
        assertThat(index.get(STREAM, "r:1")).as("read back").isEqualTo(value("r:1"));
        bookkeeping.put(MergeKeys.legacyId(STREAM, "r:2"), value("r:2"));
        assertThat(index.get(STREAM, "r:2")).as("the bookkeeping store is not read when there was nothing to move").isNull();
        index.scheduleMoves(context);
        assertThat(context.scheduledPunctuators()).as("nothing to move, nothing scheduled").isEmpty();
    }

    @Test
    void shouldMoveEveryEntryOfTheEarlierLayoutInBatchesAndFindThemMeanwhile() {
        int count = 2 * IdIndex.MOVE_BATCH + 500;
        for (int i = 0; i < count; i++) {
            bookkeeping.put(MergeKeys.legacyId(STREAM, "r:" + i), value("r:" + i));
        }
        bookkeeping.put(MergeKeys.legacyHead(STREAM), new byte[] {7});
        bookkeeping.put("i/malformed", new byte[] {9});
        IdIndex index = new IdIndex(ids, bookkeeping);
        assertThat(index.hasLegacy()).as("entries of the earlier layout found").isTrue();
        assertThat(index.get(STREAM, "r:17")).as("found where an earlier release put it").isEqualTo(value("r:17"));
        assertThat(index.get(STREAM, "r:new")).as("an unknown id").isNull();

        index.scheduleMoves(context);
        assertThat(context.scheduledPunctuators()).as("one schedule").hasSize(1);
        MockProcessorContext.CapturedPunctuator moves = context.scheduledPunctuators().get(0);
        assertThat(moves.getInterval()).as("every 100 ms").isEqualTo(IdIndex.MOVE_INTERVAL);
        List<Long> left = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            moves.getPunctuator().punctuate(round * 100L);
            left.add(countLegacy());
            assertThat(index.get(STREAM, "r:" + (count - 1))).as("the last entry is found in round %d", round)
                .isEqualTo(value("r:" + (count - 1)));
        }
        assertThat(left).as("id entries left in the bookkeeping store after each round (the malformed key stays)")
            .containsExactly((long) count + 1 - IdIndex.MOVE_BATCH, (long) count + 1 - 2 * IdIndex.MOVE_BATCH, 1L);
        assertThat(moves.cancelled()).as("the schedule ends when nothing is left").isTrue();
        assertThat(index.hasLegacy()).as("lookups read the id store only").isFalse();
        for (int i = 0; i < count; i++) {
            assertThat(ids.get(Bytes.wrap(MergeKeys.id(STREAM, "r:" + i)))).as("entry %d moved unchanged", i).isEqualTo(value("r:" + i));
        }
        assertThat(bookkeeping.get(MergeKeys.legacyHead(STREAM))).as("other bookkeeping untouched").isEqualTo(new byte[] {7});
        assertThat(bookkeeping.get("i/malformed")).as("a key no lookup can build is left in place").isEqualTo(new byte[] {9});
    }

    private long countLegacy() {
        long n = 0;
        try (var it = bookkeeping.range(MergeKeys.LEGACY_ID_PREFIX, MergeKeys.LEGACY_ID_PREFIX + Character.MAX_VALUE)) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static byte[] value(String id) {
        return new OperationKey(5L, "r", id).toBytes();
    }
}
