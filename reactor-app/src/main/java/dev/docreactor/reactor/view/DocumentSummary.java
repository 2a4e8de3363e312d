package dev.docreactor.reactor.view;

/**
 * One document as a listing shows it: its id, its type and whether it was deleted, read from the first
 * view record of the document (its states stay in the store).
 *
 * @param id the document id
 * @param type the document type
 * @param deleted whether the document was deleted
 */
public record DocumentSummary(String id, String type, boolean deleted) {
}
