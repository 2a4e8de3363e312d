/**
 * Administration of the reactor's topics: created when missing with the sizes the limits need, and
 * checked when they exist (the reactor refuses to start, saying what to change, when one is incompatible).
 */
package dev.docreactor.reactor.topics;
