package dev.docreactor.reactor.store;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Kafka Streams' in-memory key-value stores, initialised and unlogged, for unit tests of the store layer. */
final class InMemoryStores {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    /** The context the stores are initialised with (its punctuations are captured). */
    MockProcessorContext<Object, Object> context() {
        return context;
    }

    /** A new store named {@code name} (one of {@link StoreNames}) with the given serdes. */
    <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
