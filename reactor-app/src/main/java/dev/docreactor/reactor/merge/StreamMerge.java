package dev.docreactor.reactor.merge;

import dev.docreactor.contract.Scopes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.StateTree;
import dev.docreactor.schema.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebase engine: merges new operations into the streams of one document branch, each stream with
 * at most one rebase, and keeps each stream's effective list, checkpoints and head. Insertion point,
 * rebase, checkpoints and their cost are described in the
 * {@linkplain dev.docreactor.reactor.merge package description}.
 */
final class StreamMerge {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMerge.class);

    /** The most paths a merge follows for {@link Applier#overwrites}; beyond, it re-applies everything after. */
    static final int MAX_CHANGED_PATHS = 64;

    private static final Comparator<Operation> CANONICAL = (a, b) -> OperationKey.of(a).compareTo(OperationKey.of(b));

    private final StagedMergeStorage storage;
    /** The most checkpoint intervals between two checkpoints of a large state. */
    static final long MAX_CHECKPOINT_SPACING = 16;

    private final int checkpointInterval;
    private final DocumentBranch branch;
    private final Applier applier;
    private final StateRebuild rebuild;
    private long reappliedCount;
    private long sparedCount;

    StreamMerge(StagedMergeStorage storage, int checkpointInterval, DocumentBranch branch, Applier applier) {
        this.storage = storage;
        this.checkpointInterval = checkpointInterval;
        this.branch = branch;
        this.applier = applier;
        this.rebuild = new StateRebuild(storage, applier);
    }

    /** How many operations in effect were re-applied in memory after an inserted one (none is written again). */
    long reapplied() {
        return reappliedCount;
    }

    /** How many operations in effect after inserted ones were not re-applied: an operation before them overwrote the change. */
    long spared() {
        return sparedCount;
    }

    /**
     * Merges operations into their streams, the {@code document} stream first (it decides the
     * lifecycle), then every other stream that has new operations or that a lifecycle change affects.
     *
     * @param byScope new operations by scope; none may be in its stream already
     * @param oldCreate the creation in effect before the job
     * @param oldDelete the deletion in effect before the job
     * @return the outcomes of the new operations (not of re-applied ones), in append order
     */
    List<OperationOutcome> mergeAll(Map<String, List<Operation>> byScope, OperationKey oldCreate,
            OperationKey oldDelete) {
        List<OperationOutcome> outcomes = new ArrayList<>();
        List<Operation> lifecycle = byScope.get(Scopes.DOCUMENT);
        if (lifecycle != null) {
            mergeStream(branch.stream(Scopes.DOCUMENT), lifecycle, false, null, outcomes);
        }
        DocumentHeader header = branch.header();
        // A different creation may change the type and the initial states: every stream starts over.
        // Before any creation no other stream can exist, so a first creation changes nothing.
        boolean recreated = oldCreate != null && !oldCreate.equals(header.createKey());
        // A different deletion changes the outcome of the operations after the earlier of the two.
        OperationKey deletionBound = Objects.equals(oldDelete, header.deleteKey()) ? null
                : OperationKey.min(oldDelete, header.deleteKey());
        TreeSet<String> scopes = new TreeSet<>(byScope.keySet());
        if (recreated || deletionBound != null) {
            scopes.addAll(header.scopes());
        }
        scopes.remove(Scopes.DOCUMENT);
        for (String scope : scopes) {
            mergeStream(branch.stream(scope), byScope.getOrDefault(scope, List.of()), recreated, deletionBound,
                    outcomes);
        }
        return outcomes;
    }

    /**
     * Merges new operations into one stream with at most one rebase.
     *
     * @param incoming new operations, none in the stream yet (sorted here)
     * @param rebaseAll re-apply the whole stream (the creation in effect changed)
     * @param rebaseAfter re-apply at least every operation ordering after this key, or {@code null}
     * @param outcomes receives the outcomes of the new operations
     */
    private void mergeStream(StreamId stream, List<Operation> incoming, boolean rebaseAll, OperationKey rebaseAfter,
            List<OperationOutcome> outcomes) {
        List<Operation> added = new ArrayList<>(incoming);
        added.sort(CANONICAL);
        StreamHead head = storage.head(stream).orElse(null);
        long size = head == null ? 0 : head.size();
        long from = size;
        if (rebaseAll) {
            from = 0;
        }
        if (rebaseAfter != null && head != null) {
            from = Math.min(from, firstAfter(stream, head, rebaseAfter));
        }
        if (!added.isEmpty() && head != null) {
            from = Math.min(from, firstAfter(stream, head, OperationKey.of(added.get(0))));
        }
        if (from == size && added.isEmpty()) {
            return;
        }
        int following = Math.toIntExact(size - from);
        List<EffectiveEntry> tail = new ArrayList<>(following);
        for (long position = from; position < size; position++) {
            tail.add(effectiveAt(stream, position));
        }
        RunningState state = from == size && head != null ? current(stream, head)
                : rebuild.stateBefore(stream, from, true);
        long lastCheckpoint = from == size ? -1 : rebuild.lastStart();
        boolean lifecycle = Scopes.DOCUMENT.equals(stream.scope());
        // Where the states with and without the new operations can differ, while an operation after them may
        // still overwrite all of it (see overwrites); null once that cannot happen in this merge.
        Set<String> changed = following > 0 && !added.isEmpty() && !lifecycle && !rebaseAll && rebaseAfter == null
                && head.hash().startsWith(StateTree.VERSION_PREFIX) ? new HashSet<>() : null;
        int total = tail.size() + added.size();
        long index = head == null ? 0 : head.nextIndex();
        int t = 0;
        int a = 0;
        OperationKey lastKey = null;
        for (int i = 0; i < total; i++) {
            boolean reapplied = a >= added.size()
                    || (t < tail.size() && tail.get(t).key().compareTo(OperationKey.of(added.get(a))) < 0);
            EffectiveEntry moved = reapplied ? tail.get(t++) : null;
            long logIndex = reapplied ? moved.logIndex() : index;
            Operation operation = reapplied ? logAt(stream, logIndex) : added.get(a++);
            OperationKey key = reapplied ? moved.key() : OperationKey.of(operation);
            if (i == 0 && lifecycle) {
                branch.forgetLifecycleFrom(key);
            }
            long position = from + i;
            String checkpoint = checkpointAt(position, state) ? state.text() : null;
            if (checkpoint != null) {
                lastCheckpoint = position;
            }
            boolean overwrites = false;
            if (changed != null) {
                JsonNode input = applier.inputOf(stream, operation);
                // Once every new operation is in, an operation in effect may overwrite all they changed.
                overwrites = reapplied && a == added.size() && t < tail.size()
                        && applier.overwrites(stream, state, operation, input, changed);
                List<String> paths = applier.changedPaths(stream, operation, input);
                if (paths == null || changed.size() + paths.size() > MAX_CHANGED_PATHS) {
                    changed = null;
                } else {
                    changed.addAll(paths);
                }
            }
            Applier.Step step = applier.apply(stream, state, operation, key);
            if (step.error() == null) {
                if (lifecycle) {
                    branch.learnLifecycle(operation, key);
                }
            } else if (step.spoiled()) {
                // The operation failed after changing the state in place: start again from the state
                // before it (the positions before it, this job's included, are staged).
                // A checkpoint taken just now is that state. An entry at this position is from before this
                // merge, so the rebuild must not use its checkpoint.
                state = checkpoint != null ? RunningState.of(CanonicalJson.parse(checkpoint))
                        : rebuild.stateBefore(stream, position, false);
                lastCheckpoint = checkpoint != null ? position : rebuild.lastStart();
            }
            if (!reapplied) {
                // Written once, where it belongs: the operations in effect after it are re-applied here, in
                // memory, and not written again.
                Operation entry = entry(stream, operation, index, tail.size() - t, state.hash(), step.error());
                storage.appendLog(stream, entry);
                storage.putIdEntry(stream, operation.getId(), key);
                outcomes.add(new OperationOutcome(entry.getId(), stream.scope(), stream.branch(), index,
                        entry.getHash(), step.error()));
                LOG.trace("{}: appended {} at index {} (behind {}, error {})", stream, entry.getId(), index,
                        entry.getBehind(), step.error());
                index++;
            } else {
                reappliedCount++;
            }
            if (position < size || logIndex != position || checkpoint != null) {
                // A position that is not its log index, or that holds a checkpoint, is stored; positions this
                // merge moved are rewritten. A position no merge ever moved is implicit (its log entry).
                storage.putEffective(stream, position, new EffectiveEntry(key, logIndex, checkpoint));
            }
            lastKey = key;
            if (overwrites && step.error() == null) {
                // Every state from here on is the one before the insertion: the rest keeps its outcomes, states and
                // checkpoints, one place further on per new operation, and the head its state.
                RunningState kept = storage.headState(stream, head);
                sparedCount += tail.size() - t;
                keepRest(stream, tail, t, position + 1, state, lastCheckpoint);
                LOG.debug("{}: inserted {} operations from position {}, re-applied {} of the {} after them", stream,
                        added.size(), from, t, following);
                storage.putHead(stream, new StreamHead(index, from + total, head.hash(), head.lastKey()), kept);
                branch.addScope(stream.scope());
                return;
            }
        }
        storage.putHead(stream, new StreamHead(index, from + total, state.hash(), lastKey), state);
        branch.addScope(stream.scope());
        if (following > 0) {
            LOG.debug("{}: re-applied {} operations from position {} and inserted {} new ones", stream, following,
                    from, added.size());
        }
    }

    /**
     * Moves the effective entries {@code tail[first..]}, whose states an overwriting operation made the same as
     * before the insertion, to {@code position} on, with their checkpoints. {@code state} is the state before the
     * first of them; it becomes that entry's checkpoint where the last one is as far back as the checkpoint
     * spacing, so that a rebuild never goes further back than before the insertion.
     */
    private void keepRest(StreamId stream, List<EffectiveEntry> tail, int first, long position, RunningState state,
            long lastCheckpoint) {
        for (int r = first; r < tail.size(); r++) {
            EffectiveEntry entry = tail.get(r);
            String checkpoint = entry.checkpoint();
            if (r == first && checkpoint == null && lastCheckpoint >= 0
                    && position - lastCheckpoint >= (long) checkpointInterval * spacing(state)) {
                checkpoint = state.text();
            }
            storage.putEffective(stream, position + (r - first), new EffectiveEntry(entry.key(), entry.logIndex(),
                    checkpoint));
        }
    }

    /**
     * The log entry that applies new {@code operation} at {@code index}, {@code behind} places before the end
     * of the effective list: its own fields, this outcome.
     */
    private Operation entry(StreamId stream, Operation operation, long index, int behind, String hash, String error) {
        String documentType = branch.header().type();
        String type = documentType != null ? documentType
                : operation.getDocumentType() != null ? operation.getDocumentType() : "";
        return new Operation(operation.getId(), stream.documentId(), type, stream.scope(), stream.branch(), index,
                0, operation.getTimestampUtcMs(), operation.getClock(), hash, operation.getOrigin(),
                operation.getAction(), error, false, behind);
    }

    /** The first position whose key orders after {@code key} (binary search; none when after the last). */
    private long firstAfter(StreamId stream, StreamHead head, OperationKey key) {
        if (!head.lastKey().isAfter(key)) {
            return head.size();
        }
        long low = 0;
        long high = head.size() - 1;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (effectiveAt(stream, middle).key().isAfter(key)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * Whether the state before {@code position} is kept as a checkpoint: at every positive multiple of the
     * checkpoint interval while the state is small, and at every 2nd, 4th, ... 16th multiple as it grows past
     * 128 KiB, 256 KiB, ... 1 MiB of canonical JSON, so that checkpoints cost a bounded number of bytes per
     * operation (at most about 64 KiB / interval) while a rebuild re-applies at most 16 intervals of
     * operations. Checkpoints stay at multiples of the interval, where a rebuild looks for them.
     */
    private boolean checkpointAt(long position, RunningState state) {
        if (position <= 0 || position % checkpointInterval != 0) {
            return false;
        }
        return (position / checkpointInterval) % spacing(state) == 0;
    }

    /** How many checkpoint intervals apart checkpoints of {@code state} are: 1, 2, 4 ... 16 as it grows. */
    private static long spacing(RunningState state) {
        return Math.min(MAX_CHECKPOINT_SPACING, Long.highestOneBit(Math.max(1, state.canonicalBytes() >> 16)));
    }

    /** The state at {@code head}: kept in memory, or rebuilt from the nearest checkpoint. */
    private RunningState current(StreamId stream, StreamHead head) {
        RunningState kept = storage.headState(stream, head);
        return kept != null ? kept : rebuild.stateBefore(stream, head.size(), true);
    }

    private EffectiveEntry effectiveAt(StreamId stream, long position) {
        return rebuild.effectiveAt(stream, position);
    }

    private Operation logAt(StreamId stream, long index) {
        return rebuild.logAt(stream, index);
    }
}
