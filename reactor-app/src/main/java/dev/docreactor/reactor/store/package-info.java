/**
 * The operations store (IOperationsStore): the merge's storage port over Kafka Streams' RocksDB stores;
 * the operations store's changelog is the event bus.
 */
package dev.docreactor.reactor.store;
