package dev.docreactor.reactor.model;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A node of a {@link StateTreeTrie}, which keeps its T (valid while not {@link #dirty}): a {@link Leaf} or an
 * {@link Inner} node.
 */
abstract sealed class StateTreeTrieNode permits StateTreeTrieNode.Leaf, StateTreeTrieNode.Inner {

    private static final int D = StateTreeDigest.LENGTH;
    /** Bytes of one member's slot in a leaf: M, then its canonical size (key, colon, scalar value; int, big-endian). */
    static final int SLOT = D + 4;

    /** Whether T must be computed again. */
    boolean dirty = true;
    /** Members in this node's subtree. */
    int count;

    /** Computes T again if dirty, and of the dirty nodes and containers below. */
    abstract void rehash(StateTreeDigest hashing);

    /** Adds T of this (clean) node to {@code md}. */
    abstract void updateT(MessageDigest md);

    /**
     * A trie leaf: T = SHA-256(0x05 || its members' M, sorted bytewise). Its arrays have exactly the members'
     * length (leaves are small, and most hold one or two members in a large object).
     */
    static final class Leaf extends StateTreeTrieNode {
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

        int find(String key) {
            for (int i = 0; i < count; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** The canonical size in member {@code i}'s slot. */
        int bytes(int i) {
            int offset = D + i * SLOT + D;
            return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8)
                    | (data[offset + 3] & 0xff);
        }

        void setChild(int i, StateTreeNode child) {
            if (child != null && children == null) {
                children = new StateTreeNode[keys.length];
            }
            if (children != null) {
                children[i] = child;
            }
        }

        /** Adds a member, growing the arrays by one if they are full. */
        void append(String key, byte[] slots, int slotOffset, StateTreeNode child) {
            int n = count;
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n + 1);
                data = Arrays.copyOf(data, D + (n + 1) * SLOT);
                if (children != null) {
                    children = Arrays.copyOf(children, n + 1);
                }
            }
            keys[n] = key;
            System.arraycopy(slots, slotOffset, data, D + n * SLOT, SLOT);
            setChild(n, child);
            count++;
            dirty = true;
        }

        @Override
        void rehash(StateTreeDigest hashing) {
            if (!dirty) {
                return;
            }
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                StateTreeNode child = child(i);
                if (child != null && child.dirty) {
                    // M of a member whose container changed (or was new) is stale until now.
                    child.rehash(hashing);
                    hashing.member(keys[i], child.digest, 0, data, D + i * SLOT);
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
            for (int i = 0; i < count; i++) {
                md.update(data, D + order[i] * SLOT, D);
            }
            hashing.finish(data, 0);
            dirty = false;
        }

        @Override
        void updateT(MessageDigest md) {
            md.update(data, 0, D);
        }
    }

    /** An inner trie node: T = SHA-256(0x06 || T of its 16 children); a {@code null} child is an empty leaf. */
    static final class Inner extends StateTreeTrieNode {
        final StateTreeTrieNode[] children = new StateTreeTrieNode[16];
        final byte[] t = new byte[D];

        @Override
        void rehash(StateTreeDigest hashing) {
            if (!dirty) {
                return;
            }
            for (StateTreeTrieNode child : children) {
                if (child != null) {
                    child.rehash(hashing);
                }
            }
            MessageDigest md = hashing.begin(StateTreeDigest.INNER);
            for (StateTreeTrieNode child : children) {
                if (child == null) {
                    md.update(StateTreeDigest.EMPTY_LEAF);
                } else {
                    child.updateT(md);
                }
            }
            hashing.finish(t, 0);
            dirty = false;
        }

        @Override
        void updateT(MessageDigest md) {
            md.update(t);
        }
    }

    static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}
