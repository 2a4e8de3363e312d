/**
 * Read models (IDocumentView): the document view, stored one record per scope and read with one prefix
 * scan, and the job results, a global store every instance answers from.
 */
package dev.docreactor.reactor.view;
