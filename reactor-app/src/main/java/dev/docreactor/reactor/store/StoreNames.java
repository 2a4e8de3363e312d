package dev.docreactor.reactor.store;

import dev.docreactor.contract.TopicNames;

/** Names of the reactor's state stores; a store's changelog topic is {@link TopicNames#changelog}. */
public final class StoreNames {

    /** The operations store; its changelog is the event bus. */
    public static final String OPERATIONS = TopicNames.OPERATIONS_STORE;
    /** The document view: current state per document and branch. */
    public static final String DOCUMENTS = "documents";
    /** Job results by job id. */
    public static final String JOB_RESULTS = "job-results";
    /**
     * The reactor's own bookkeeping under string keys (idempotency keys, unprocessable documents, replication
     * watermarks); earlier releases also kept the merge's here, which a task moves to {@link #MERGE}.
     */
    public static final String STREAMS = "streams";
    /**
     * The merge component's bookkeeping (document headers, stream heads, effective pages and checkpoints, pending
     * operations) under the binary keys of {@link dev.docreactor.reactor.merge.MergeKeys}.
     */
    public static final String MERGE = "merge";
    /** The merge component's id index: which operation ids each stream has ({@link IdIndex}). */
    public static final String IDS = "ids";
    /** Which remote reactors acknowledged which operations (sync status). */
    public static final String SYNC_ACKS = "sync-acks";

    private StoreNames() {
    }
}
