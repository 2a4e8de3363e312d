/**
 * Convergence: the merge that turns local actions (EXECUTE jobs) and other reactors' operations (LOAD
 * jobs) into append-only operation logs on which every reactor agrees. Pure logic without Kafka; the
 * Kafka Streams executor drives it through {@link dev.docreactor.reactor.merge.DocumentMerger} over a
 * {@link dev.docreactor.reactor.merge.MergeStorage} backed by its state stores.
 *
 * <h2>Streams, ids and order</h2>
 * <ul>
 *   <li>A <em>stream</em> is one (document, branch, scope); streams are independent. The {@code document}
 *       scope holds the lifecycle ({@code CREATE_DOCUMENT}, {@code DELETE_DOCUMENT}); the {@code local}
 *       scope belongs to one reactor and is never synchronized; every other scope is.
 *   <li>An operation's id is {@code <origin reactor id>:<action id>}. Reactor ids contain neither
 *       {@code ':'} nor {@code '/'}; no name used in a key (document id, branch, scope, action id)
 *       contains {@code '/'}.
 *   <li>Every operation carries a hybrid logical clock value {@code (physicalMillis << 16) | counter}:
 *       an operation created after its reactor has seen another orders after it, and one origin's
 *       operations keep their order, whatever the wall clocks say.
 *   <li>The canonical order of a stream is by {@code (clock, origin, id)}, strings compared by their UTF-8
 *       bytes as unsigned values (code point order; no locale).
 * </ul>
 *
 * <h2>Replaying a log: {@code index} and {@code skip}</h2>
 * A stream's log only grows: each entry's {@code index} is the previous one's + 1, starting at 0. To
 * read it, keep an <em>effective list</em> (initially empty) and, for each entry in index order:
 * <ol>
 *   <li>remove the last {@code skip} operations of the effective list;
 *   <li>append the entry to it.
 * </ol>
 * The effective list is then the stream's operations in effect, sorted by canonical key, each operation
 * id exactly once; the last entry's {@code hash} is the SHA-256 of the canonical JSON of the state they
 * produce (entries with an {@code error} change nothing). When a late operation orders before
 * operations already in effect, the reactor appends a <em>rebase</em>: the k affected operations and
 * the new ones, merged in canonical order, at new indices; its first entry has {@code skip = k}, the
 * others {@code skip = 0}. Re-applied copies keep the id, clock, origin, timestamp and action of their
 * original, have {@code reapplied = true} (channels need not send them again), and get their own hash
 * and error, recomputed: an action that no longer applies after a rebase is kept, failed, identically
 * on every reactor. {@link dev.docreactor.reactor.merge.LogReplay} implements this reading.
 *
 * <h2>Bounded work</h2>
 * A job merges each stream at most once: find the insertion point (binary search over the effective
 * list, skipped when everything new orders after the last operation in effect), re-apply the k
 * operations after it from the state before it (the nearest state checkpoint, kept every
 * {@code checkpointInterval} positions, plus fewer than {@code checkpointInterval} operations). Cost:
 * O(log n + k + new operations + checkpointInterval) point reads and writes, never a replay of the whole
 * history, no cascades, and no limit but the schema's ({@code skip} is a 32-bit int). A local append
 * costs 3 reads and 5 writes.
 *
 * <h2>Idempotency</h2>
 * A per-stream id index ({@code operation id -> key}) answers "is this operation already here?" with one
 * point read. It is preferred over a binary search of the effective list because it also catches an
 * action id a client reuses (the new operation would have a new clock, so a search by key would not
 * find the old one), detects a remote operation that reuses an id with another key, and costs one
 * write per new operation, none per re-application.
 *
 * <h2>Lifecycle</h2>
 * The creation in effect is the canonically first valid {@code CREATE_DOCUMENT}; later ones fail with
 * "document already exists". Operations that do not order after the creation in effect here wait in the
 * pending store (not dead-lettered) and are merged when it arrives. Operations of other scopes ordering
 * after the deletion in effect are kept, failed, as "document deleted". When the creation or deletion in
 * effect changes, the affected streams are re-applied (from the start, or from the first operation after
 * the deletion), so every reactor agrees.
 */
package dev.docreactor.reactor.merge;
