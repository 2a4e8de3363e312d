package dev.docreactor.reactor.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docreactor.reactor.model.CanonicalJson;
import dev.docreactor.reactor.model.StateChanges;
import dev.docreactor.reactor.model.StateTree;

/**
 * A stream's state while operations are applied to it, and the state a hot stream keeps in memory between
 * jobs ({@link CachedMergeStorage}): the tree, changed in place by the reducers, and its {@link StateTree}
 * (hash and canonical size), built when first needed and then kept up to date by the changes the reducers
 * report, so an operation costs what it changes, not a pass over the whole state. Opaque outside the merge.
 */
public final class RunningState {

    /** Estimated heap bytes of the Jackson tree per byte of the state's canonical JSON (small members). */
    private static final int TREE_BYTES_PER_CANONICAL_BYTE = 8;

    private JsonNode node;
    private StateTree tree;

    private RunningState(JsonNode node) {
        this.node = node;
    }

    /** A state built elsewhere (parsed, rebuilt from operations, initial); its tree is built when needed. */
    static RunningState of(JsonNode node) {
        return new RunningState(node);
    }

    /** The state tree; changed in place by the merge only, through {@link #changes()}. */
    JsonNode node() {
        return node;
    }

    /** Where a reducer reports its changes: the state tree, once it exists. */
    StateChanges changes() {
        return tree != null ? tree : StateChanges.NONE;
    }

    /** Moves on to the root a reducer returned (the same tree changed in place, or a new one it reported). */
    void set(JsonNode root) {
        node = root;
    }

    /** The canonical JSON text of the state: a full pass, for checkpoints. */
    String text() {
        return CanonicalJson.write(node);
    }

    /** The state's hash ({@link StateTree#hash()}); only what changed since the last call is hashed again. */
    String hash() {
        return tree().hash();
    }

    /** The UTF-8 length of the state's canonical JSON, kept up to date as the state changes. */
    long canonicalBytes() {
        return tree().canonicalBytes();
    }

    /** Estimated heap bytes of the state and its tree, for the cache's bound. */
    long memoryBytes() {
        StateTree built = tree();
        return built.memoryBytes() + TREE_BYTES_PER_CANONICAL_BYTE * built.canonicalBytes();
    }

    private StateTree tree() {
        if (tree == null) {
            tree = StateTree.of(node);
        }
        return tree;
    }

    /**
     * Whether {@code hash} is the hash of this state by the hash version it was written with: version 2
     * ({@link StateTree}) for hashes with its prefix, else version 1 (SHA-256 of the canonical text), which
     * heads written before version 2 carry until their stream's next operation.
     */
    boolean hashMatches(String hash) {
        return hash.startsWith(StateTree.VERSION_PREFIX) ? hash().equals(hash) : CanonicalJson.hash(node).equals(hash);
    }
}
