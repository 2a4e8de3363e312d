package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * An object of a {@link StateTree}: its members in a 16-way trie keyed by K = SHA-256(UTF-8(key)), whose
 * shape depends only on the member set (a node holding at most 16 members is a leaf, docs/STATE-HASH.md).
 * Leaves keep their members packed: the key (the Jackson tree's own string where the mirror was built from
 * it), the member digest M and the member's canonical size (key, colon and, for a scalar, its value), and
 * the mirror of a container value. Changing one member re-hashes one leaf and the inner nodes above it:
 * O(trie depth × (16 × 32 bytes + leaf)), whatever the object's size.
 */
final class StateTreeObject extends StateTreeNode {

    /** Members a trie node holds at most before it becomes an inner node (below {@link #MAX_LEVEL}). */
    static final int LEAF_MAX = 16;
    /** Level of the deepest trie nodes: K has 64 nibbles, so a node there is a leaf whatever it holds. */
    static final int MAX_LEVEL = 64;

    private static final int D = StateTreeDigest.LENGTH;
    /** Bytes of one member in a leaf's data: M, then its canonical size (int, big-endian). */
    private static final int SLOT = D + 4;

    /** Estimated heap bytes of a leaf beyond its members: object, two arrays' headers, its T, alignment. */
    private static final int LEAF_BYTES = 32 + 2 * 16 + D + 4;
    /** Estimated heap bytes of an inner node: object, its 16 child references, its T. */
    private static final int INNER_BYTES = 32 + (16 + 16 * 4) + (16 + D);
    /** Estimated heap bytes of one member in a leaf: key reference and slot. */
    private static final int MEMBER_BYTES = 4 + SLOT;
    /** Estimated heap bytes of a member whose value is a container, beyond {@link #MEMBER_BYTES}: its share of a children array. */
    private static final int CONTAINER_MEMBER_BYTES = 4 + 4;

    /** A trie node. */
    private abstract static sealed class Trie permits Leaf, Inner {
        boolean dirty = true;
        /** Members in this node's subtree. */
        int count;
    }

    /** A trie leaf: T = SHA-256(0x05 || its members' M, sorted bytewise). */
    private static final class Leaf extends Trie {
        String[] keys;
        /** T, then one {@link #SLOT} per member. */
        byte[] data;
        /** The mirror of each member's container value; {@code null} until a member has one. */
        StateTreeNode[] children;

        Leaf(int capacity) {
            keys = new String[capacity];
            data = new byte[D + capacity * SLOT];
        }

        StateTreeNode child(int i) {
            return children == null ? null : children[i];
        }
    }

    /** An inner trie node: T = SHA-256(0x06 || T of its 16 children); a {@code null} child is an empty leaf. */
    private static final class Inner extends Trie {
        final Trie[] children = new Trie[16];
        final byte[] t = new byte[D];
    }

    /** Members to be placed into a (sub)trie: keys, their K, their slots and container mirrors. */
    private record Batch(String[] keys, byte[] ks, byte[] slots, StateTreeNode[] children) {
    }

    private Trie root;
    private int count;
    private int leaves;
    private int inners;
    /** Members whose value is a container. */
    private int containerMembers;
    /** Set by {@link #insert}: whether the member was new (not replacing one). */
    private boolean added;
    /** Set by {@link #removeFrom}: the removed member's mirror, if its value is a container. */
    private StateTreeNode removedChild;

    static StateTreeObject build(JsonNode object, StateTreeDigest hashing) {
        int n = object.size();
        StateTreeObject mirror = new StateTreeObject();
        Batch batch = new Batch(new String[n], new byte[n * D], new byte[n * SLOT], new StateTreeNode[n]);
        byte[] scalar = new byte[D];
        long bytes = 2L + Math.max(0, n - 1);
        int i = 0;
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String key = member.getKey();
            batch.keys[i] = key;
            hashing.keyDigest(key, batch.ks, i * D);
            JsonNode value = member.getValue();
            long memberBytes = StateTreeDigest.canonicalStringBytes(key) + 1L;
            if (value.isContainerNode()) {
                StateTreeNode child = StateTreeNode.build(value, hashing);
                batch.children[i] = child;
                mirror.containerMembers++;
                mirror.childMemory += child.memory();
                bytes += child.size;
            } else {
                memberBytes += hashing.scalar(value, scalar, 0);
                hashing.member(key, scalar, 0, batch.slots, i * SLOT);
            }
            putInt(batch.slots, i * SLOT + D, Math.toIntExact(memberBytes));
            bytes += memberBytes;
            i++;
        }
        int[] order = new int[n];
        Arrays.setAll(order, j -> j);
        mirror.root = mirror.buildTrie(batch, order, 0, n, 0, hashing);
        mirror.count = n;
        mirror.size = bytes;
        return mirror;
    }

    @Override
    long ownMemory() {
        return NODE_BYTES + 32 + (long) leaves * LEAF_BYTES + (long) inners * INNER_BYTES + (long) count * MEMBER_BYTES
                + (long) containerMembers * CONTAINER_MEMBER_BYTES;
    }

    @Override
    void rehash(StateTreeDigest hashing) {
        if (!dirty) {
            return;
        }
        rehashTrie(root, hashing);
        MessageDigest md = hashing.begin(StateTreeDigest.OBJECT);
        for (int shift = 56; shift >= 0; shift -= 8) {
            md.update((byte) ((long) count >>> shift));
        }
        updateT(md, root);
        hashing.finish(digest, 0);
        dirty = false;
    }

    @Override
    StateTreeNode descend(String key, StateTreeDigest hashing) {
        byte[] k = new byte[D];
        hashing.keyDigest(key, k, 0);
        Trie node = root;
        for (int level = 0; node instanceof Inner inner; level++) {
            node = inner.children[StateTreeDigest.nibble(k, level)];
            if (node == null) {
                throw new IllegalArgumentException("no member \"" + key + "\"");
            }
        }
        Leaf leaf = (Leaf) node;
        int i = find(leaf, key);
        StateTreeNode child = i < 0 ? null : leaf.child(i);
        if (child == null) {
            throw new IllegalArgumentException(i < 0 ? "no member \"" + key + "\"" : "member \"" + key + "\" is not a container");
        }
        markRoute(k);
        return child;
    }

    @Override
    void add(String key, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        StateTreeNode child = mirrorOf(value, mirror, hashing);
        byte[] k = new byte[D];
        hashing.keyDigest(key, k, 0);
        byte[] slot = new byte[SLOT];
        long memberBytes = StateTreeDigest.canonicalStringBytes(key) + 1L;
        if (child == null) {
            byte[] scalar = new byte[D];
            memberBytes += hashing.scalar(value, scalar, 0);
            hashing.member(key, scalar, 0, slot, 0);
        } else if (!child.dirty) {
            // A moved mirror keeps its digest; the M of a dirty one is computed when it is hashed.
            hashing.member(key, child.digest, 0, slot, 0);
        }
        putInt(slot, D, Math.toIntExact(memberBytes));
        added = false;
        root = insert(root, 0, k, key, slot, child, hashing);
        if (child != null) {
            containerMembers++;
            childMemory += child.memory();
            memberBytes += child.size;
        }
        if (added) {
            size += memberBytes + (count > 0 ? 1 : 0);
            count++;
        } else {
            size += memberBytes;
        }
        dirty = true;
    }

    @Override
    void replace(String key, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        add(key, value, mirror, hashing);
    }

    @Override
    StateTreeNode remove(String key, StateTreeDigest hashing) {
        byte[] k = new byte[D];
        hashing.keyDigest(key, k, 0);
        root = removeFrom(root, 0, k, key);
        // removeFrom took the member's own bytes off; this is the comma before or after it.
        size -= count > 1 ? 1 : 0;
        count--;
        dirty = true;
        StateTreeNode child = removedChild;
        removedChild = null;
        return child;
    }

    /** Marks dirty the trie nodes on the way to the member with key digest {@code k}, and this object. */
    private void markRoute(byte[] k) {
        Trie node = root;
        for (int level = 0; node != null; level++) {
            node.dirty = true;
            node = node instanceof Inner inner ? inner.children[StateTreeDigest.nibble(k, level)] : null;
        }
        dirty = true;
    }

    /** Puts a member into the subtree at {@code node} (level {@code level}) and returns the subtree's new root. */
    private Trie insert(Trie node, int level, byte[] k, String key, byte[] slot, StateTreeNode child, StateTreeDigest hashing) {
        node.dirty = true;
        if (node instanceof Inner inner) {
            int nibble = StateTreeDigest.nibble(k, level);
            Trie next = inner.children[nibble];
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
        int i = find(leaf, key);
        if (i >= 0) {
            forget(leaf, i);
            System.arraycopy(slot, 0, leaf.data, D + i * SLOT, SLOT);
            setChild(leaf, i, child);
            return leaf;
        }
        added = true;
        append(leaf, key, slot, 0, child);
        if (leaf.count > LEAF_MAX && level < MAX_LEVEL) {
            return split(leaf, level, hashing);
        }
        return leaf;
    }

    /** Removes a member from the subtree at {@code node} and returns the subtree's new root ({@code null}: empty). */
    private Trie removeFrom(Trie node, int level, byte[] k, String key) {
        if (node instanceof Inner inner) {
            int nibble = StateTreeDigest.nibble(k, level);
            Trie next = inner.children[nibble];
            if (next == null) {
                throw new IllegalArgumentException("no member \"" + key + "\"");
            }
            Trie rest = removeFrom(next, level + 1, k, key);
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
        int i = find(leaf, key);
        if (i < 0) {
            throw new IllegalArgumentException("no member \"" + key + "\"");
        }
        removedChild = leaf.child(i);
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

    /** Takes member {@code i}'s size and mirror out of this object's totals. */
    private void forget(Leaf leaf, int i) {
        long bytes = getInt(leaf.data, D + i * SLOT + D);
        StateTreeNode old = leaf.child(i);
        if (old != null) {
            containerMembers--;
            childMemory -= old.memory();
            bytes += old.size;
        }
        size -= bytes;
    }

    private static void setChild(Leaf leaf, int i, StateTreeNode child) {
        if (child != null && leaf.children == null) {
            leaf.children = new StateTreeNode[leaf.keys.length];
        }
        if (leaf.children != null) {
            leaf.children[i] = child;
        }
    }

    /** Adds a member to a leaf, growing its arrays by one (leaves are small; exact sizes keep them lean). */
    private static void append(Leaf leaf, String key, byte[] slots, int slotOffset, StateTreeNode child) {
        int n = leaf.count;
        if (n == leaf.keys.length) {
            leaf.keys = Arrays.copyOf(leaf.keys, n + 1);
            leaf.data = Arrays.copyOf(leaf.data, D + (n + 1) * SLOT);
            if (leaf.children != null) {
                leaf.children = Arrays.copyOf(leaf.children, n + 1);
            }
        }
        leaf.keys[n] = key;
        System.arraycopy(slots, slotOffset, leaf.data, D + n * SLOT, SLOT);
        setChild(leaf, n, child);
        leaf.count++;
        leaf.dirty = true;
    }

    /** A leaf at {@code level} that holds more than {@link #LEAF_MAX} members, as the subtree the definition gives. */
    private Trie split(Leaf leaf, int level, StateTreeDigest hashing) {
        int n = leaf.count;
        Batch batch = new Batch(Arrays.copyOf(leaf.keys, n), new byte[n * D], Arrays.copyOfRange(leaf.data, D, D + n * SLOT),
                leaf.children == null ? new StateTreeNode[n] : Arrays.copyOf(leaf.children, n));
        for (int i = 0; i < n; i++) {
            hashing.keyDigest(batch.keys[i], batch.ks, i * D);
        }
        int[] order = new int[n];
        Arrays.setAll(order, j -> j);
        leaves--;
        return buildTrie(batch, order, 0, n, level, hashing);
    }

    /** An inner node that came to hold {@link #LEAF_MAX} members or fewer, as one leaf. */
    private Leaf collapse(Inner inner) {
        Leaf leaf = new Leaf(inner.count);
        gather(inner, leaf);
        leaves++;
        return leaf;
    }

    private void gather(Trie node, Leaf into) {
        if (node instanceof Inner inner) {
            inners--;
            for (Trie child : inner.children) {
                if (child != null) {
                    gather(child, into);
                }
            }
            return;
        }
        Leaf leaf = (Leaf) node;
        leaves--;
        for (int i = 0; i < leaf.count; i++) {
            append(into, leaf.keys[i], leaf.data, D + i * SLOT, leaf.child(i));
        }
    }

    /** The subtree at {@code level} of the batch members {@code order[from..to)}; reorders that range. */
    private Trie buildTrie(Batch batch, int[] order, int from, int to, int level, StateTreeDigest hashing) {
        int n = to - from;
        if (n <= LEAF_MAX || level == MAX_LEVEL) {
            Leaf leaf = new Leaf(n);
            for (int j = from; j < to; j++) {
                int m = order[j];
                append(leaf, batch.keys[m], batch.slots, m * SLOT, batch.children[m]);
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
                inner.children[b] = buildTrie(batch, order, from + starts[b], from + starts[b + 1], level + 1, hashing);
            }
        }
        return inner;
    }

    private static int nibble(Batch batch, int member, int level) {
        int b = batch.ks[member * D + (level >>> 1)] & 0xff;
        return (level & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    /** Computes T again for the dirty nodes of the subtree at {@code node} (and the dirty containers in them). */
    private static void rehashTrie(Trie node, StateTreeDigest hashing) {
        if (!node.dirty) {
            return;
        }
        if (node instanceof Inner inner) {
            for (Trie child : inner.children) {
                if (child != null) {
                    rehashTrie(child, hashing);
                }
            }
            MessageDigest md = hashing.begin(StateTreeDigest.INNER);
            for (Trie child : inner.children) {
                if (child == null) {
                    md.update(StateTreeDigest.EMPTY_LEAF);
                } else {
                    updateT(md, child);
                }
            }
            hashing.finish(inner.t, 0);
        } else {
            rehashLeaf((Leaf) node, hashing);
        }
        node.dirty = false;
    }

    private static void rehashLeaf(Leaf leaf, StateTreeDigest hashing) {
        int n = leaf.count;
        byte[] data = leaf.data;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            StateTreeNode child = leaf.child(i);
            if (child != null && child.dirty) {
                child.rehash(hashing);
                hashing.member(leaf.keys[i], child.digest, 0, data, D + i * SLOT);
            }
            // Insertion sort by M: a leaf holds 16 members or so.
            int j = i;
            while (j > 0 && Arrays.compareUnsigned(data, D + order[j - 1] * SLOT, D + order[j - 1] * SLOT + D,
                    data, D + i * SLOT, D + i * SLOT + D) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        MessageDigest md = hashing.begin(StateTreeDigest.LEAF);
        for (int i = 0; i < n; i++) {
            md.update(data, D + order[i] * SLOT, D);
        }
        hashing.finish(data, 0);
    }

    /** Adds T of a clean trie node to {@code md}. */
    private static void updateT(MessageDigest md, Trie node) {
        if (node instanceof Inner inner) {
            md.update(inner.t);
        } else {
            md.update(((Leaf) node).data, 0, D);
        }
    }

    private static int find(Leaf leaf, String key) {
        for (int i = 0; i < leaf.count; i++) {
            if (leaf.keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static int getInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }
}
