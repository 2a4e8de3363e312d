/**
 * The HTTP API: one small resource per area (documents, operations, jobs, sync, models, health and
 * metrics) on an embedded Jetty server with bounded threads, queue and timeouts; one JSON form of the
 * records ({@link dev.docreactor.reactor.api.RecordJson}); domain exceptions turned into statuses in
 * one place ({@link dev.docreactor.reactor.api.ErrorMapper}).
 */
package dev.docreactor.reactor.api;
