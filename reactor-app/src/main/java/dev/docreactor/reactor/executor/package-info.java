/**
 * The job executor (IJobExecutor): the Kafka Streams topology that takes jobs off the queue, runs them
 * through the merge, appends operations to the operations store (whose changelog is the event bus),
 * refreshes the document view and publishes job results and dead letters; its metrics and the handlers
 * that turn every failure into one job's failure.
 */
package dev.docreactor.reactor.executor;
