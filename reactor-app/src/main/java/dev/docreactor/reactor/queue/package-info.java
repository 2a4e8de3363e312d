/**
 * The queue (IQueue): enqueuing jobs on the queue topic, keyed by document id.
 */
package dev.docreactor.reactor.queue;
