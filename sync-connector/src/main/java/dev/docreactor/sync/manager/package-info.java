/**
 * The design's {@code ISyncManager}: {@link dev.docreactor.sync.manager.SyncManager} turns event-bus
 * records into jobs for the target reactor's queue (filter, drop echoes, batch, dead-letter), with the
 * records it reads and plans. Pure logic without Kafka clients.
 */
package dev.docreactor.sync.manager;
