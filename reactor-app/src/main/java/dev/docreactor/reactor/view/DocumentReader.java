package dev.docreactor.reactor.view;

import dev.docreactor.reactor.merge.DocumentMerger;
import dev.docreactor.reactor.merge.StateTexts;
import dev.docreactor.reactor.merge.TornReadException;
import dev.docreactor.schema.DocumentSnapshot;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a document branch's view as the HTTP API answers it. Its view records say whether it exists, whether
 * it is deleted or marked unprocessable, and when they were written; revision, hash and state per scope come
 * from the merge's stores ({@link DocumentMerger#snapshot}: the nearest checkpoint and the operations after
 * it), never from the records, which keep no state.
 *
 * <p>The stores are read while the stream thread writes them. A read that meets a job half written
 * ({@link TornReadException}) is read again, records and states, at most {@code maxAttempts} times in all;
 * then the last {@link TornReadException} is thrown, for the caller to answer "retry shortly".
 */
public final class DocumentReader {

    /** Reads of one document before a torn read is given up on, unless told otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DocumentReader.class);

    /** A document branch's view records, assembled ({@link DocumentViews#read}). */
    @FunctionalInterface
    public interface ViewRecords {
        /** The view records of a document branch as one snapshot, empty if it has none. */
        Optional<DocumentSnapshot> read(String documentId, String branch);
    }

    /** A document branch's view with its states ({@link DocumentMerger#snapshot}). */
    @FunctionalInterface
    public interface States {
        /**
         * The view with states, empty while the merge's stores do not have the document.
         *
         * @throws TornReadException if the stores changed while they were read
         */
        Optional<DocumentSnapshot> snapshot(String documentId, String branch, long updatedUtcMs);
    }

    private final ViewRecords records;
    private final States states;
    private final int maxAttempts;

    /**
     * @param records where the view records come from
     * @param states where the states come from
     * @param maxAttempts reads of one document before a torn read is given up on; at least 1
     */
    public DocumentReader(ViewRecords records, States states, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.records = Objects.requireNonNull(records, "records");
        this.states = Objects.requireNonNull(states, "states");
        this.maxAttempts = maxAttempts;
    }

    /**
     * A reader over a documents store (view records) and a merger over the same task's operations and
     * bookkeeping stores, giving up after {@link #DEFAULT_MAX_ATTEMPTS} torn reads.
     */
    public static DocumentReader over(ReadOnlyKeyValueStore<String, DocumentSnapshot> documents, DocumentMerger merger) {
        return over(documents, merger, null);
    }

    /**
     * {@link #over(ReadOnlyKeyValueStore, DocumentMerger)}, answering states from {@code texts} while their heads
     * have not moved, and keeping the states it rebuilds there.
     *
     * @param texts the state texts of recent reads; {@code null} for none
     */
    public static DocumentReader over(ReadOnlyKeyValueStore<String, DocumentSnapshot> documents, DocumentMerger merger,
            StateTexts texts) {
        return new DocumentReader((documentId, branch) -> DocumentViews.read(documents, documentId, branch),
            (documentId, branch, updatedUtcMs) -> merger.snapshot(documentId, branch, updatedUtcMs, texts), DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * The view of a document branch with every scope's state, or empty if it has no view record.
     *
     * @throws TornReadException if each of the {@code maxAttempts} reads met a job being written
     */
    public Optional<DocumentSnapshot> read(String documentId, String branch) {
        TornReadException torn = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return readOnce(documentId, branch);
            } catch (TornReadException e) {
                torn = e;
                LOG.debug("Read {} of document {}/{} was torn: {}", attempt, documentId, branch, e.getMessage());
            }
        }
        throw new TornReadException("document " + documentId + "/" + branch + " changed while it was read, " + maxAttempts
            + " times in a row; last: " + torn.getMessage());
    }

    private Optional<DocumentSnapshot> readOnce(String documentId, String branch) {
        Optional<DocumentSnapshot> record = records.read(documentId, branch);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        // The records are written after the merge's stores in the same job, so a record whose document the merge's
        // stores lack was read against stores restored apart (a standby) or changing under the read.
        DocumentSnapshot view = states.snapshot(documentId, branch, record.get().getUpdatedUtcMs()).orElseThrow(() ->
            new TornReadException(documentId + "/" + branch + ": a view record, but no document in the merge's stores"));
        return Optional.of(DocumentSnapshot.newBuilder(view).setDeleted(record.get().getDeleted())
            .setUnprocessable(record.get().getUnprocessable()).build());
    }
}
