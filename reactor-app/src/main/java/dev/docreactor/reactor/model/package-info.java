/**
 * Document models (reducers found with ServiceLoader), canonical JSON and its hash, and the limits
 * every job is checked against.
 */
package dev.docreactor.reactor.model;
