package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.Map;

/**
 * An object of a {@link StateTree}: its members in a {@link StateTreeTrie}, and
 * D(object) = SHA-256(0x04 || uint64 member count || T(root of the trie)). Changing one member costs one trie
 * leaf and the inner nodes above it, O(trie depth × (16 × 32 bytes + leaf)), whatever the object's size.
 */
final class StateTreeObject extends StateTreeNode {

    private static final int D = StateTreeDigest.LENGTH;
    private static final int SLOT = StateTreeTrie.SLOT;

    private StateTreeTrie trie;

    static StateTreeObject build(JsonNode object, StateTreeDigest hashing) {
        int n = object.size();
        StateTreeObject mirror = new StateTreeObject();
        StateTreeTrie.Batch batch = new StateTreeTrie.Batch(n);
        byte[] scalar = new byte[D];
        long bytes = 2L + Math.max(0, n - 1);
        int i = 0;
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String key = member.getKey();
            batch.keys()[i] = key;
            hashing.keyDigest(key, batch.ks(), i * D);
            JsonNode value = member.getValue();
            long memberBytes = StateTreeDigest.canonicalStringBytes(key) + 1L;
            if (value.isContainerNode()) {
                StateTreeNode child = StateTreeNode.build(value, hashing);
                batch.children()[i] = child;
                mirror.childMemory += child.memory();
                bytes += child.size;
            } else {
                memberBytes += hashing.scalar(value, scalar, 0);
                hashing.member(key, scalar, 0, batch.slots(), i * SLOT);
            }
            StateTreeTrieNode.putInt(batch.slots(), i * SLOT + D, Math.toIntExact(memberBytes));
            bytes += memberBytes;
            i++;
        }
        mirror.trie = new StateTreeTrie(batch);
        mirror.size = bytes;
        return mirror;
    }

    @Override
    long ownMemory() {
        return NODE_BYTES + 8 + trie.memory();
    }

    @Override
    void rehash(StateTreeDigest hashing) {
        if (!dirty) {
            return;
        }
        trie.rehash(hashing);
        long count = trie.count();
        MessageDigest md = hashing.begin(StateTreeDigest.OBJECT);
        for (int shift = 56; shift >= 0; shift -= 8) {
            md.update((byte) (count >>> shift));
        }
        trie.updateRootT(md);
        hashing.finish(digest, 0);
        dirty = false;
    }

    @Override
    StateTreeNode descend(String key, StateTreeDigest hashing) {
        StateTreeNode child = trie.child(keyDigest(key, hashing), key);
        dirty = true;
        return child;
    }

    @Override
    void add(String key, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        StateTreeNode child = mirrorOf(value, mirror, hashing);
        byte[] k = keyDigest(key, hashing);
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
        StateTreeTrieNode.putInt(slot, D, Math.toIntExact(memberBytes));
        if (trie.put(k, key, slot, child, hashing)) {
            // The comma before or after the new member.
            size += trie.count() > 1 ? 1 : 0;
        } else {
            forgetDisplaced();
        }
        if (child != null) {
            childMemory += child.memory();
            memberBytes += child.size;
        }
        size += memberBytes;
        dirty = true;
    }

    @Override
    void replace(String key, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        add(key, value, mirror, hashing);
    }

    @Override
    StateTreeNode remove(String key, StateTreeDigest hashing) {
        trie.remove(keyDigest(key, hashing), key);
        StateTreeNode child = forgetDisplaced();
        size -= trie.count() > 0 ? 1 : 0;
        dirty = true;
        return child;
    }

    /** Takes the member the trie displaced out of the totals and returns its mirror. */
    private StateTreeNode forgetDisplaced() {
        StateTreeNode child = trie.displacedChild;
        size -= trie.displacedBytes;
        if (child != null) {
            size -= child.size;
            childMemory -= child.memory();
        }
        trie.displacedChild = null;
        return child;
    }

    private static byte[] keyDigest(String key, StateTreeDigest hashing) {
        byte[] k = new byte[D];
        hashing.keyDigest(key, k, 0);
        return k;
    }
}
