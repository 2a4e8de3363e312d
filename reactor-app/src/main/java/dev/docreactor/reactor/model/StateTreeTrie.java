package dev.docreactor.reactor.model;

import dev.docreactor.reactor.model.StateTreeTrieNode.Inner;
import dev.docreactor.reactor.model.StateTreeTrieNode.Leaf;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The members of a {@link StateTreeObject}: a 16-way trie keyed by K = SHA-256(UTF-8(key)) whose shape depends
 * only on the member set (a node holding at most {@value #LEAF_MAX} members is a leaf, docs/STATE-HASH.md).
 * Leaves keep their members packed: the key (the Jackson tree's own string where the mirror was built from it),
 * a slot of M and the member's canonical size, and the mirror of a container value. Changing one member marks
 * one leaf and the inner nodes above it, which {@link #rehash} hashes again: O(depth × (16 × 32 bytes + leaf)).
 */
final class StateTreeTrie {

    /** Members a trie node holds at most before it becomes an inner node (below {@link #MAX_LEVEL}). */
    static final int LEAF_MAX = 16;
    /** Level of the deepest trie nodes: K has 64 nibbles, so a node there is a leaf whatever it holds. */
    static final int MAX_LEVEL = 64;

    private static final int D = StateTreeDigest.LENGTH;
    /** Bytes of one member's slot in a leaf. */
    static final int SLOT = StateTreeTrieNode.SLOT;

    /** Estimated heap bytes of a leaf beyond its members: object, two arrays' headers, its T, alignment. */
    private static final int LEAF_BYTES = 32 + 2 * 16 + D + 4;
    /** Estimated heap bytes of an inner node: object, its 16 child references, its T. */
    private static final int INNER_BYTES = 32 + (16 + 16 * 4) + (16 + D);
    /** Estimated heap bytes of one member in a leaf: key reference and slot. */
    private static final int MEMBER_BYTES = 4 + SLOT;
    /** Estimated heap bytes of a member whose value is a container, beyond {@link #MEMBER_BYTES}: its share of a children array. */
    private static final int CONTAINER_MEMBER_BYTES = 4 + 4;

    /**
     * Members to be placed into a trie: keys, their K ({@code ks}, 32 bytes each), their slots ({@link #SLOT}
     * bytes each, M left zero for a container whose digest is not known yet) and container mirrors.
     */
    record Batch(String[] keys, byte[] ks, byte[] slots, StateTreeNode[] children) {
        Batch(int n) {
            this(new String[n], new byte[n * D], new byte[n * SLOT], new StateTreeNode[n]);
        }
    }

    private StateTreeTrieNode root;
    private int count;
    private int leaves;
    private int inners;
    /** Members whose value is a container. */
    private int containerMembers;
    /** Set by {@link #insert}: whether the member was new (not replacing one). */
    private boolean added;
    /** Set by {@link #put} when it replaced a member and by {@link #remove}: that member's size in its slot. */
    int displacedBytes;
    /** Set with {@link #displacedBytes}: that member's mirror, if its value is a container. */
    StateTreeNode displacedChild;

    /** A trie of the batch's members. */
    StateTreeTrie(Batch batch) {
        int n = batch.keys().length;
        for (StateTreeNode child : batch.children()) {
            containerMembers += child == null ? 0 : 1;
        }
        int[] order = new int[n];
        Arrays.setAll(order, j -> j);
        root = buildTrie(batch, order, 0, n, 0);
        count = n;
    }

    /** Members in the trie. */
    int count() {
        return count;
    }

    /** Estimated heap bytes of the trie (not of the members' container mirrors). */
    long memory() {
        return 48 + (long) leaves * LEAF_BYTES + (long) inners * INNER_BYTES + (long) count * MEMBER_BYTES
                + (long) containerMembers * CONTAINER_MEMBER_BYTES;
    }

    /**
     * The mirror of member {@code key}'s container value, on the way to a change below it: marks the trie
     * nodes on the way to the member dirty.
     *
     * @throws IllegalArgumentException if there is no such member or its value is a scalar
     */
    StateTreeNode child(byte[] k, String key) {
        StateTreeTrieNode node = root;
        for (int level = 0; node instanceof Inner inner; level++) {
            node = inner.children[StateTreeDigest.nibble(k, level)];
            if (node == null) {
                throw new IllegalArgumentException("no member \"" + key + "\"");
            }
        }
        Leaf leaf = (Leaf) node;
        int i = leaf.find(key);
        StateTreeNode child = i < 0 ? null : leaf.child(i);
        if (child == null) {
            throw new IllegalArgumentException(i < 0 ? "no member \"" + key + "\"" : "member \"" + key + "\" is not a container");
        }
        markRoute(k);
        return child;
    }

    /**
     * Puts a member (new, or replacing the one with that key: then {@link #displacedBytes} and
     * {@link #displacedChild} tell what it replaced) and returns whether it was new.
     */
    boolean put(byte[] k, String key, byte[] slot, StateTreeNode child, StateTreeDigest hashing) {
        added = false;
        displacedChild = null;
        root = insert(root, 0, k, key, slot, child, hashing);
        containerMembers += child == null ? 0 : 1;
        if (added) {
            count++;
        }
        return added;
    }

    /**
     * Removes member {@code key}; {@link #displacedBytes} and {@link #displacedChild} tell what it was.
     *
     * @throws IllegalArgumentException if there is no such member
     */
    void remove(byte[] k, String key) {
        displacedChild = null;
        root = removeFrom(root, 0, k, key);
        count--;
    }

    /** Computes T again for the dirty nodes and the dirty containers in them. */
    void rehash(StateTreeDigest hashing) {
        root.rehash(hashing);
    }

    /** Adds T of the (clean) root to {@code md}. */
    void updateRootT(MessageDigest md) {
        root.updateT(md);
    }

    /** Marks dirty the trie nodes on the way to the member with key digest {@code k}. */
    private void markRoute(byte[] k) {
        StateTreeTrieNode node = root;
        for (int level = 0; node != null; level++) {
            node.dirty = true;
            node = node instanceof Inner inner ? inner.children[StateTreeDigest.nibble(k, level)] : null;
        }
    }

    /** Puts a member into the subtree at {@code node} (level {@code level}) and returns the subtree's new root. */
    private StateTreeTrieNode insert(StateTreeTrieNode node, int level, byte[] k, String key, byte[] slot,
            StateTreeNode child, StateTreeDigest hashing) {
        node.dirty = true;
        if (node instanceof Inner inner) {
            int nibble = StateTreeDigest.nibble(k, level);
            StateTreeTrieNode next = inner.children[nibble];
            if (next == null) {
                next = new Leaf(0);
                leaves++;
            }
            inner.children[nibble] = insert(next, level + 1, k, key, slot, child, hashing);
            if (added) {
                inner.count++;
            }
            return inner;
        }
        Leaf leaf = (Leaf) node;
        int i = leaf.find(key);
        if (i >= 0) {
            forget(leaf, i);
            System.arraycopy(slot, 0, leaf.data, D + i * SLOT, SLOT);
            leaf.setChild(i, child);
            return leaf;
        }
        added = true;
        leaf.append(key, slot, 0, child);
        if (leaf.count > LEAF_MAX && level < MAX_LEVEL) {
            return split(leaf, level, hashing);
        }
        return leaf;
    }

    /** Removes a member from the subtree at {@code node} and returns the subtree's new root ({@code null}: empty). */
    private StateTreeTrieNode removeFrom(StateTreeTrieNode node, int level, byte[] k, String key) {
        if (node instanceof Inner inner) {
            int nibble = StateTreeDigest.nibble(k, level);
            StateTreeTrieNode next = inner.children[nibble];
            if (next == null) {
                throw new IllegalArgumentException("no member \"" + key + "\"");
            }
            StateTreeTrieNode rest = removeFrom(next, level + 1, k, key);
            if (rest instanceof Leaf leaf && leaf.count == 0) {
                rest = null;
                leaves--;
            }
            inner.children[nibble] = rest;
            inner.count--;
            inner.dirty = true;
            return inner.count <= LEAF_MAX ? collapse(inner) : inner;
        }
        Leaf leaf = (Leaf) node;
        int i = leaf.find(key);
        if (i < 0) {
            throw new IllegalArgumentException("no member \"" + key + "\"");
        }
        forget(leaf, i);
        int tail = leaf.count - i - 1;
        Leaf smaller = new Leaf(leaf.count - 1);
        System.arraycopy(leaf.keys, 0, smaller.keys, 0, i);
        System.arraycopy(leaf.keys, i + 1, smaller.keys, i, tail);
        System.arraycopy(leaf.data, D, smaller.data, D, i * SLOT);
        System.arraycopy(leaf.data, D + (i + 1) * SLOT, smaller.data, D + i * SLOT, tail * SLOT);
        if (leaf.children != null) {
            smaller.children = new StateTreeNode[leaf.count - 1];
            System.arraycopy(leaf.children, 0, smaller.children, 0, i);
            System.arraycopy(leaf.children, i + 1, smaller.children, i, tail);
        }
        leaf.keys = smaller.keys;
        leaf.data = smaller.data;
        leaf.children = smaller.children;
        leaf.count--;
        leaf.dirty = true;
        return leaf;
    }

    /** Records member {@code i} as the displaced one, before it is overwritten or removed. */
    private void forget(Leaf leaf, int i) {
        displacedBytes = leaf.bytes(i);
        displacedChild = leaf.child(i);
        containerMembers -= displacedChild == null ? 0 : 1;
    }

    /** A leaf at {@code level} that holds more than {@link #LEAF_MAX} members, as the subtree the definition gives. */
    private StateTreeTrieNode split(Leaf leaf, int level, StateTreeDigest hashing) {
        int n = leaf.count;
        Batch batch = new Batch(Arrays.copyOf(leaf.keys, n), new byte[n * D], Arrays.copyOfRange(leaf.data, D, D + n * SLOT),
                leaf.children == null ? new StateTreeNode[n] : Arrays.copyOf(leaf.children, n));
        for (int i = 0; i < n; i++) {
            hashing.keyDigest(batch.keys[i], batch.ks, i * D);
        }
        int[] order = new int[n];
        Arrays.setAll(order, j -> j);
        leaves--;
        return buildTrie(batch, order, 0, n, level);
    }

    /** An inner node that came to hold {@link #LEAF_MAX} members or fewer, as one leaf. */
    private Leaf collapse(Inner inner) {
        Leaf leaf = new Leaf(inner.count);
        gather(inner, leaf);
        leaves++;
        return leaf;
    }

    private void gather(StateTreeTrieNode node, Leaf into) {
        if (node instanceof Inner inner) {
            inners--;
            for (StateTreeTrieNode child : inner.children) {
                if (child != null) {
                    gather(child, into);
                }
            }
            return;
        }
        Leaf leaf = (Leaf) node;
        leaves--;
        for (int i = 0; i < leaf.count; i++) {
            into.append(leaf.keys[i], leaf.data, D + i * SLOT, leaf.child(i));
        }
    }

    /** The subtree at {@code level} of the batch members {@code order[from..to)}; reorders that range. */
    private StateTreeTrieNode buildTrie(Batch batch, int[] order, int from, int to, int level) {
        int n = to - from;
        if (n <= LEAF_MAX || level == MAX_LEVEL) {
            Leaf leaf = new Leaf(n);
            for (int j = from; j < to; j++) {
                int m = order[j];
                leaf.append(batch.keys[m], batch.slots, m * SLOT, batch.children[m]);
            }
            leaves++;
            return leaf;
        }
        Inner inner = new Inner();
        inners++;
        inner.count = n;
        int[] starts = new int[17];
        for (int j = from; j < to; j++) {
            starts[nibble(batch, order[j], level) + 1]++;
        }
        for (int b = 0; b < 16; b++) {
            starts[b + 1] += starts[b];
        }
        int[] sorted = new int[n];
        int[] next = Arrays.copyOf(starts, 16);
        for (int j = from; j < to; j++) {
            sorted[next[nibble(batch, order[j], level)]++] = order[j];
        }
        System.arraycopy(sorted, 0, order, from, n);
        for (int b = 0; b < 16; b++) {
            if (starts[b + 1] > starts[b]) {
                inner.children[b] = buildTrie(batch, order, from + starts[b], from + starts[b + 1], level + 1);
            }
        }
        return inner;
    }

    /** Nibble {@code level} of the K of batch member {@code member}. */
    private static int nibble(Batch batch, int member, int level) {
        int b = batch.ks[member * D + (level >>> 1)] & 0xff;
        return (level & 1) == 0 ? b >>> 4 : b & 0x0f;
    }
}
