/**
 * The event bus (IEventBus) as Kafka tooling reads it: the operations store's changelog, decoded by
 * a console-consumer formatter. Its name and key format are in {@link dev.docreactor.contract}.
 */
package dev.docreactor.reactor.events;
