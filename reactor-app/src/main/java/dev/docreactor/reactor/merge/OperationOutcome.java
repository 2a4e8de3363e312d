package dev.docreactor.reactor.merge;

import dev.docreactor.schema.OperationRef;

/**
 * Where an operation of a job landed: the log entry that first put it in effect in this job.
 *
 * @param id the operation id
 * @param scope the scope of its stream
 * @param branch the branch of its stream
 * @param index the index of the log entry
 * @param hash the state hash after the entry
 * @param error why the reducer rejected it, or {@code null} when it applied
 */
public record OperationOutcome(String id, String scope, String branch, long index, String hash, String error) {

    /** This outcome as the Avro record of a job result. */
    public OperationRef toOperationRef() {
        return new OperationRef(id, scope, branch, index, hash, error);
    }
}
