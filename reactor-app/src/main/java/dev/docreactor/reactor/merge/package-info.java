/**
 * Convergence: the merge that turns local actions (EXECUTE jobs) and other reactors' operations (LOAD
 * jobs) into append-only operation logs on which every reactor agrees, whatever the order, delay or
 * duplication of deliveries. Pure logic without Kafka; the Kafka Streams executor drives it through
 * {@link dev.docreactor.reactor.merge.DocumentMerger} over a
 * {@link dev.docreactor.reactor.merge.MergeStorage} backed by its state stores. This is the one
 * description of the algorithm; the classes link here.
 *
 * <h2>Streams, ids and order</h2>
 * <ul>
 *   <li>A <em>stream</em> is one (document, branch, scope); streams are independent. The {@code document}
 *       scope holds the lifecycle ({@code CREATE_DOCUMENT}, {@code DELETE_DOCUMENT}); the {@code local}
 *       scope belongs to one reactor and is never synchronized; every other scope is.
 *   <li>An operation's id is {@code <origin reactor id>:<action id>}. Reactor ids contain neither
 *       {@code ':'} nor {@code '/'}; no name used in a key (document id, branch, scope, action id)
 *       contains {@code '/'}.
 *   <li>Every operation carries a hybrid logical clock value {@code (physicalMillis << 16) | counter}
 *       from its document branch's clock: an operation created after its reactor has seen another orders
 *       after it, and one origin's operations keep their order, whatever the wall clocks say.
 *   <li>The canonical order of a stream is by {@code (clock, origin, id)}, strings compared by their UTF-8
 *       bytes as unsigned values (code point order; no locale).
 * </ul>
 *
 * <h2>Replaying a log: {@code index} and {@code behind}</h2>
 * A stream's log only grows, and holds each operation once: each entry's {@code index} is the previous
 * one's + 1, starting at 0. To read it, keep an <em>effective list</em> (initially empty) and, for each
 * entry in index order:
 * <ol>
 *   <li>remove the last {@code skip} operations of the effective list;
 *   <li>insert the entry {@code behind} places before the list's end ({@code 0}: append it).
 * </ol>
 * The effective list is then the stream's operations in effect, sorted by canonical key, each operation
 * id exactly once. The <em>state</em> is the effective list applied in order, an operation that fails
 * changing nothing (see "Applying an operation" below). When a late operation orders before k operations
 * already in effect, the reactor writes it once with {@code behind = k} and re-applies the k in memory,
 * from the nearest checkpoint; they are not written again. An entry's {@code hash} (version 2,
 * {@code model.StateTree}: a hash tree over the state's structure, prefixed {@code 2:}; entries written
 * before it carry version 1, the SHA-256 of the canonical JSON) and its {@code error} are those after the
 * operations up to and including it, when it was written; for {@code behind = 0}, the stream's whole state
 * then. An operation inserted before it later can change its outcome, identically on every reactor; the
 * stream's current hash is its head's. {@code skip} is non-zero only in logs of releases before
 * {@code Operation} v2, whose rebases re-appended copies ({@code reapplied = true}) of the k operations
 * after the first entry ({@code skip = k}); the same rule replays them, and a LOAD ignores such copies as
 * duplicates. {@link dev.docreactor.reactor.merge.LogReplay} implements this reading.
 *
 * <h2>EXECUTE: local actions</h2>
 * A job's actions apply to one document branch in order, all or nothing: each becomes the operation
 * {@code <this reactor>:<action id>} in the stream of its scope with a fresh clock tick, so it orders
 * after everything this reactor has seen and appends at the end of its stream. A {@code CREATE_DOCUMENT}
 * whose input names no {@code type} takes the job's document type; when the job names one, the
 * creation's type must match it, and it must be a registered model. Every other action needs an
 * existing, not deleted document. If any action is rejected (malformed, its reducer rejects it, the
 * document is missing or deleted, the type is unknown, or the action id was used before in that scope)
 * nothing is written and the result says why. After the document's first creation, the operations of
 * other reactors that waited for it are released and merged in the same job.
 *
 * <h2>LOAD: other reactors' operations</h2>
 * A LOAD merges operations of one document from other reactors' event buses, any branches and scopes,
 * any order, duplicates and re-applied copies allowed, and always completes:
 * <ul>
 *   <li>unusable operations are ignored with a reason: a missing field, another document, the
 *       {@code local} scope, invalid names or origin, an id that is not {@code origin:actionId}, a scope
 *       that differs from its action's, a negative clock or one beyond
 *       {@link dev.docreactor.reactor.merge.HybridLogicalClock#MAX_CLOCK} (the year 4199; so no clock
 *       overflows);
 *   <li>every other operation's clock is observed, but adopted only up to {@code maxClockAheadMillis}
 *       ahead of this reactor's wall clock: a forged or far-ahead clock cannot drag this reactor's later
 *       operations into the future (the operation itself keeps its clock and orders the same
 *       everywhere);
 *   <li>operations this reactor has (in a stream, pending, or earlier in the same job) are counted as
 *       duplicates and dropped;
 *   <li>the rest are merged, one pass per stream at most; a rejected operation is appended with its
 *       error, never dropped.
 * </ul>
 *
 * <h2>Lifecycle</h2>
 * The creation in effect is the canonically first valid {@code CREATE_DOCUMENT}; later ones fail with
 * "document already exists" ({@link dev.docreactor.reactor.merge.DocumentLifecycle} has the
 * {@code document} scope's reducer and reasons). It decides the document type and the initial states.
 * A LOAD knows it before merging (the first valid creation among the known and the new ones), so
 * operations that do not order after it wait in the pending store (not dead-lettered) and are merged
 * when a creation they order after arrives. Operations of other scopes that order after the deletion in
 * effect fail, as "document deleted". A job merges the {@code document} stream first; when the creation in
 * effect changes, every stream of the branch is re-applied in memory from its start, and when the deletion
 * in effect changes, every stream from its first operation after the earlier of the two deletions (their
 * heads and checkpoints change; their logs do not), so every reactor agrees.
 *
 * <h2>Applying an operation, and limits</h2>
 * Each operation, new or re-applied, is applied in canonical position: its input must be JSON and nest
 * no deeper than {@code reactor.max.json.depth}; a creation's per-scope initial states must each fit
 * {@code reactor.max.state.bytes}; outside the {@code document} scope, the creation in effect must order
 * before it, the deletion in effect must not, and the document type must be known; then the scope's
 * reducer runs, with the limits (patch length, growth per action); a reducer that throws counts as a
 * rejection. The resulting state must nest no deeper than the depth limit and its canonical JSON fit
 * the state limit, each checked before it is paid for (depth without recursion, size bounded at twice
 * the limit before the text is written). A failed operation keeps the previous state and records a
 * bounded error. The limits decide which operations fail, so every reactor that syncs must use the same
 * ({@link dev.docreactor.reactor.merge.MergeSettings}).
 *
 * <h2>Bounded work: effective list and checkpoints</h2>
 * Each stream keeps an effective list (position → key, log index) and a head (next index, size, hash,
 * last key; not the state, so a head costs the same whatever the document's size). A job merges each
 * stream at most once: find the insertion point (binary search over
 * the effective list, skipped when everything new orders after the last operation in effect), re-apply
 * the k operations after it, in memory, from the state before it. That state is the nearest checkpoint
 * (the canonical state kept in the effective entry at every positive multiple of
 * {@code checkpointInterval}, or of a multiple of it for large states, or where a spared rebase moved it, see
 * below; a rebuild takes the nearest position that has one) plus the operations in effect after it, each applied as above (one that fails after changing
 * the state in place makes the rebuild start again without it). The new operations are written to the log
 * (one entry each); the k positions after the insertion point move and are rewritten in the effective
 * list, which is bookkeeping, not the event bus. Cost: O(log n + k + new operations + checkpointInterval)
 * point reads, O(k / 64 + k / checkpointInterval + new operations) records written, never a replay of the whole
 * history, no cascades, and no limit but the schema's ({@code behind} is a 32-bit int). The effective entry of a
 * position no insertion moved is implicit (its log index is its position; the log entry has the key), so it is
 * stored only with a checkpoint or after an insertion. The storage keeps positions in pages of 64
 * ({@link dev.docreactor.reactor.merge.EffectivePage}; checkpoints in records of their own), and a job hands a
 * stream's effective entries over together ({@link dev.docreactor.reactor.merge.MergeStorage#putEffectives}): a
 * rebase over k positions writes about k / 64 page records, not k entry records (Kafka Streams' record cache folds
 * repeated writes of one key within a commit, not writes of k keys). A local append to an existing stream writes 3 records (log entry, id index, head): the document header
 * is written only when more than its clock changes (a new scope, the creation or deletion in effect), because every
 * head a job writes carries the branch's clock and a header read from the stores takes the largest of its own
 * clock and its heads' ({@link dev.docreactor.reactor.merge.DocumentHeader#withClockOfHeads}); the creation's
 * initial states are stored apart from the header, once per creation in effect. On a document branch the task
 * keeps in memory ({@link dev.docreactor.reactor.merge.CachedMergeStorage}: its header, and each stream's head
 * with its state and hash tree) such an append costs 1 read (the id index); on another one, 3 + s reads (header,
 * the heads of its s scopes for the clock, the stream's head, the id index). For a stream whose log and effective
 * entries jobs read (the k operations re-applied after each late insertion, the rebuild from a checkpoint), the cache
 * also keeps the recent ones decoded ({@code StreamTail}), so that under concurrent
 * writes, where the same entries are re-applied job after job, they are read from the stores once. A job's writes are staged
 * and handed to the storage only when its outcome is known, log appends first and in append order.
 *
 * <h2>Operations a late one cannot change: spared re-applications</h2>
 * Re-applying the k operations after an insertion point is needed only while the states with the new operations
 * differ from those without. A model may say where an action can change a state ({@code DocumentModel.changedPaths},
 * JSON Pointers) and whether an action overwrites given paths ({@code DocumentModel.overwrites}: same outcome and
 * result on every state that differs only there). From the insertion point on, the merge keeps the union of the
 * changed paths of everything it applies (new and re-applied operations, at most {@code MAX_CHANGED_PATHS}); once
 * every new operation of the stream is in, when the next operation in effect overwrites all of them and applies,
 * every state after it is the state it was before the job: the operations after it are not re-applied
 * (counted as spared), their effective entries move by the number of new operations with their checkpoints (a
 * checkpoint is the state before its entry, which did not change), and the head keeps its hash and state. Where
 * the last checkpoint is as far back as the spacing, the state after the overwriting operation becomes the next
 * entry's checkpoint, so checkpoints stay as dense as without. For the {@code json} model: a late
 * {@code add /n} followed by another reactor's {@code add /n}, the usual shape of concurrent edits of one member,
 * re-applies one operation instead of all after it. Every reactor computes the same states either way: sparing
 * changes work, not results, so reactors that sync need not agree on it.
 *
 * <h2>Cost independent of the document's size</h2>
 * An operation on a state in memory costs what it changes: the reducer changes the state in place
 * ({@code DocumentModel.reduceInPlace}; the {@code json} model's patches do) and reports each change to the
 * state's {@code StateTree}, which updates the state hash and the canonical size (checked against
 * {@code reactor.max.state.bytes}) along the changed paths only. Nothing written per operation holds the
 * state: the log entry holds the action and the hash, the head and the view record hold revision, hash and
 * next index. What grows with the document is written once per {@code checkpointInterval} positions (the
 * checkpoint) and read when a state is not in memory (a view read, a rebase, a task that moved). A rejected
 * operation that had changed the state in place ("spoiled" it) costs a rebuild from the nearest checkpoint,
 * and a job that fails or is rejected drops its document from memory, so no change of a job that did not
 * complete outlives it. A reducer without {@code reduceInPlace} works as before, at one pass over the new
 * state per operation.
 *
 * <h2>Idempotency</h2>
 * A per-stream id index ({@code operation id -> key}) answers "is this operation already here?" with one
 * point read. It is preferred over a binary search of the effective list because it also catches an
 * action id a client reuses (the new operation would have a new clock, so a search by key would not
 * find the old one), detects a remote operation that reuses an id with another key, and costs one
 * write per new operation, none per re-application.
 *
 * <h2>Where each part lives</h2>
 * {@code DocumentMerger} (the entry point) reads views with {@code BranchSnapshot} and runs each job as
 * a {@code DocumentSession} (one job on one document branch) over a {@code StagedMergeStorage}. The session asks {@code ExecutePlan} (an
 * action to a new operation) or {@code LoadPlan} (which remote operations merge now, with
 * {@code PendingOperations} for those that wait), and merges them with {@code StreamMerge} (the rebase
 * engine), which applies each operation with {@code Applier} (lifecycle checks, reducers, limits) and
 * keeps the state and its hash tree in a {@code RunningState}; {@code StateRebuild} rebuilds a state from
 * the nearest checkpoint; {@code DocumentBranch} holds the header the job updates. {@code CachedMergeStorage} keeps hot branches between jobs in front of the stores.
 */
package dev.docreactor.reactor.merge;
