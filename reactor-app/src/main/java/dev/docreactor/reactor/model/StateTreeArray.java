package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;

/**
 * An array of a {@link StateTree}: the digests of its elements packed in one byte array (32 bytes each),
 * the canonical sizes of its scalar elements, and the mirrors of its container elements (allocated only
 * once it holds one). D(array) = SHA-256(0x02 || D(e0) || ... || D(en-1)), so a change directly in an array
 * costs O(its length): elements are shifted on insert and remove, and its digest reads every element digest.
 */
final class StateTreeArray extends StateTreeNode {

    private static final byte[] NO_DIGESTS = new byte[0];
    private static final int[] NO_SIZES = new int[0];

    private byte[] digests;
    private int[] sizes;
    private StateTreeNode[] children;
    private int count;

    private StateTreeArray(int capacity) {
        digests = capacity == 0 ? NO_DIGESTS : new byte[capacity * StateTreeDigest.LENGTH];
        sizes = capacity == 0 ? NO_SIZES : new int[capacity];
    }

    static StateTreeArray build(JsonNode array, StateTreeDigest hashing) {
        int n = array.size();
        StateTreeArray mirror = new StateTreeArray(n);
        long bytes = 2L + Math.max(0, n - 1);
        for (int i = 0; i < n; i++) {
            JsonNode element = array.get(i);
            bytes += mirror.setSlot(i, element, mirrorOf(element, null, hashing), hashing);
        }
        mirror.count = n;
        mirror.size = bytes;
        return mirror;
    }

    @Override
    long ownMemory() {
        return NODE_BYTES + 16 + aligned(16L + digests.length) + aligned(16L + 4L * sizes.length)
                + (children == null ? 0 : aligned(16L + 4L * children.length));
    }

    @Override
    void rehash(StateTreeDigest hashing) {
        if (!dirty) {
            return;
        }
        if (children != null) {
            for (int i = 0; i < count; i++) {
                StateTreeNode child = children[i];
                if (child != null && child.dirty) {
                    child.rehash(hashing);
                    System.arraycopy(child.digest, 0, digests, i * StateTreeDigest.LENGTH, StateTreeDigest.LENGTH);
                }
            }
        }
        MessageDigest md = hashing.begin(StateTreeDigest.ARRAY);
        md.update(digests, 0, count * StateTreeDigest.LENGTH);
        hashing.finish(digest, 0);
        dirty = false;
    }

    @Override
    StateTreeNode descend(String token, StateTreeDigest hashing) {
        int index = index(token, count - 1);
        StateTreeNode child = children == null ? null : children[index];
        if (child == null) {
            throw new IllegalArgumentException("element " + index + " is not a container");
        }
        dirty = true;
        return child;
    }

    @Override
    void add(String token, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        int index = "-".equals(token) ? count : index(token, count);
        StateTreeNode child = mirrorOf(value, mirror, hashing);
        if (count == sizes.length) {
            grow();
        }
        int tail = count - index;
        int d = StateTreeDigest.LENGTH;
        System.arraycopy(digests, index * d, digests, (index + 1) * d, tail * d);
        System.arraycopy(sizes, index, sizes, index + 1, tail);
        if (children != null) {
            System.arraycopy(children, index, children, index + 1, tail);
            children[index] = null;
        }
        size += setSlot(index, value, child, hashing) + (count > 0 ? 1 : 0);
        count++;
        dirty = true;
    }

    @Override
    void replace(String token, JsonNode value, StateTreeNode mirror, StateTreeDigest hashing) {
        int index = index(token, count - 1);
        StateTreeNode child = mirrorOf(value, mirror, hashing);
        size -= dropSlot(index);
        size += setSlot(index, value, child, hashing);
        dirty = true;
    }

    @Override
    StateTreeNode remove(String token, StateTreeDigest hashing) {
        int index = index(token, count - 1);
        StateTreeNode child = children == null ? null : children[index];
        size -= dropSlot(index) + (count > 1 ? 1 : 0);
        int tail = count - index - 1;
        int d = StateTreeDigest.LENGTH;
        System.arraycopy(digests, (index + 1) * d, digests, index * d, tail * d);
        System.arraycopy(sizes, index + 1, sizes, index, tail);
        if (children != null) {
            System.arraycopy(children, index + 1, children, index, tail);
            children[count - 1] = null;
        }
        count--;
        dirty = true;
        return child;
    }

    /** Puts an element into slot {@code index} (whose old content is gone) and returns its canonical size. */
    private long setSlot(int index, JsonNode value, StateTreeNode child, StateTreeDigest hashing) {
        if (child == null) {
            if (children != null) {
                children[index] = null;
            }
            sizes[index] = hashing.scalar(value, digests, index * StateTreeDigest.LENGTH);
            return sizes[index];
        }
        if (children == null) {
            children = new StateTreeNode[sizes.length];
        }
        children[index] = child;
        sizes[index] = 0;
        if (!child.dirty) {
            System.arraycopy(child.digest, 0, digests, index * StateTreeDigest.LENGTH, StateTreeDigest.LENGTH);
        }
        childMemory += child.memory();
        return child.size;
    }

    /** Forgets the element in slot {@code index} (it is about to be overwritten or removed) and returns its canonical size. */
    private long dropSlot(int index) {
        StateTreeNode child = children == null ? null : children[index];
        if (child == null) {
            return sizes[index];
        }
        children[index] = null;
        childMemory -= child.memory();
        return child.size;
    }

    private void grow() {
        int capacity = Math.max(4, sizes.length + (sizes.length >> 1) + 1);
        byte[] newDigests = new byte[capacity * StateTreeDigest.LENGTH];
        System.arraycopy(digests, 0, newDigests, 0, count * StateTreeDigest.LENGTH);
        digests = newDigests;
        int[] newSizes = new int[capacity];
        System.arraycopy(sizes, 0, newSizes, 0, count);
        sizes = newSizes;
        if (children != null) {
            StateTreeNode[] newChildren = new StateTreeNode[capacity];
            System.arraycopy(children, 0, newChildren, 0, count);
            children = newChildren;
        }
    }

    /** The array index a pointer token names, at most {@code max}. */
    private static int index(String token, int max) {
        int index = -1;
        if (!token.isEmpty() && token.length() <= 10 && (token.length() == 1 || token.charAt(0) != '0')
                && token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long parsed = Long.parseLong(token);
            index = parsed <= max ? (int) parsed : -1;
        }
        if (index < 0) {
            throw new IllegalArgumentException("no array element \"" + token + "\" (the index must be a number from 0 to " + max + ")");
        }
        return index;
    }
}
