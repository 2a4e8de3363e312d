package dev.docreactor.reactor.merge;

import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one EXECUTE or LOAD job.
 *
 * <p>{@link #appended()} lists every log entry the job appended, in append order (so per stream in
 * index order); each is one event-bus record, already written to the {@link MergeStorage}. A failed
 * EXECUTE appends nothing. A LOAD never fails as a whole: operations it cannot use are listed in
 * {@link #ignored()}, rejected ones are appended with an error.
 *
 * @param documentId the document of the job
 * @param completed whether the job completed; {@code false} only for an EXECUTE job that was rejected
 * @param error why an EXECUTE job was rejected; {@code null} when completed
 * @param outcomes EXECUTE: where each action's operation landed, in action order; LOAD: where each
 *     operation that is new to this reactor's streams landed (including ones released from pending)
 * @param appended all log entries appended, in append order
 * @param duplicates LOAD: operations ignored because this reactor already has them (in a stream or
 *     pending) or because the batch repeats them
 * @param buffered LOAD: operations that now wait for their document's creation
 * @param released operations that waited for their document's creation and were merged by this job
 * @param ignored LOAD: operations that were not used, each as {@code "<operation id>: <reason>"}
 *     (the local scope, another document, malformed ids)
 * @param reapplied operations in effect re-applied in memory because operations were inserted before them
 *     (they are not written again)
 * @param spared operations in effect after inserted ones that were not re-applied, because an operation before them
 *     overwrote everything the insertion changed ({@link dev.docreactor.reactor.model.DocumentModel#overwrites})
 */
public record MergeResult(
        String documentId,
        boolean completed,
        String error,
        List<OperationOutcome> outcomes,
        List<Operation> appended,
        int duplicates,
        int buffered,
        int released,
        List<String> ignored,
        long reapplied,
        long spared) {

    /** Copies the lists. */
    public MergeResult {
        outcomes = List.copyOf(outcomes);
        appended = Collections.unmodifiableList(appended);
        ignored = List.copyOf(ignored);
    }

    /** A rejected EXECUTE job: nothing was written. */
    static MergeResult rejected(String documentId, String error) {
        return new MergeResult(documentId, false, error, List.of(), List.of(), 0, 0, 0, List.of(), 0, 0);
    }

    /** The appended entries grouped by stream, streams in order of their first append. */
    public Map<StreamId, List<Operation>> appendedByStream() {
        Map<StreamId, List<Operation>> byStream = new LinkedHashMap<>();
        for (Operation entry : appended) {
            byStream.computeIfAbsent(new StreamId(entry.getDocumentId(), entry.getBranch(), entry.getScope()),
                    stream -> new ArrayList<>()).add(entry);
        }
        return byStream;
    }

    /** The branches whose streams this job appended to: the document views to refresh. */
    public Set<String> changedBranches() {
        Set<String> branches = new LinkedHashSet<>();
        for (Operation entry : appended) {
            branches.add(entry.getBranch());
        }
        return branches;
    }
}
