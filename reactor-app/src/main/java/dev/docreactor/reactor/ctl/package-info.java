/**
 * reactorctl: the command line over a reactor's HTTP API and its topics.
 */
package dev.docreactor.reactor.ctl;
