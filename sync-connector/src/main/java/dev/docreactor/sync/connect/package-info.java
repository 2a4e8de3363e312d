/**
 * The sync connector on Kafka Connect: the pull ({@link dev.docreactor.sync.connect.SyncSourceConnector})
 * and push ({@link dev.docreactor.sync.connect.SyncSinkConnector}) connectors and their tasks, which own
 * the Kafka clients and drive the manager, channel, storage and scheduler; their configuration, metrics,
 * and the dedicated mode's embedded Connect worker.
 */
package dev.docreactor.sync.connect;
