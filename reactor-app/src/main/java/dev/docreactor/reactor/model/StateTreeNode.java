package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container (object or array) of a {@link StateTree}: its digest, valid while not {@link #dirty}, and the
 * totals of its subtree (canonical size, estimated heap of the mirror), kept up to date by every change.
 * Scalars have no node: their digest and size live in their container.
 */
abstract sealed class StateTreeNode permits StateTreeObject, StateTreeArray {

    /** Estimated heap bytes of a node object with its digest array (object header, fields, 48-byte array). */
    static final int NODE_BYTES = 48 + 48;

    /** D of this container; valid only while {@link #dirty} is false. */
    final byte[] digest = new byte[StateTreeDigest.LENGTH];

    /** Whether {@link #digest} must be computed again (this container or something in it changed). */
    boolean dirty = true;

    /** UTF-8 bytes of this container's canonical JSON. */
    long size;

    /** Estimated heap bytes of the mirrors of the containers inside this one. */
    long childMemory;

    /** A mirror of {@code container} (an object or array node); scalar digests are computed now, container digests when first hashed. */
    static StateTreeNode build(JsonNode container, StateTreeDigest digests) {
        if (container.isObject()) {
            return StateTreeObject.build(container, digests);
        }
        if (container.isArray()) {
            return StateTreeArray.build(container, digests);
        }
        throw new IllegalArgumentException("not a container: " + container.getNodeType());
    }

    /** Estimated heap bytes of this container's mirror and all mirrors inside it. */
    final long memory() {
        return ownMemory() + childMemory;
    }

    /** Estimated heap bytes of this container's own mirror (not of containers inside it). */
    abstract long ownMemory();

    /** Computes {@link #digest} again if dirty, and of every dirty container inside; clears the dirty marks. */
    abstract void rehash(StateTreeDigest digests);

    /**
     * The container at {@code token} inside this one, on the way to a change below it: marks this container
     * (and the part of it leading there) dirty.
     *
     * @throws IllegalArgumentException if there is no container at {@code token}
     */
    abstract StateTreeNode descend(String token, StateTreeDigest digests);

    /**
     * Sets the value at {@code token} (an object member, new or replacing; an array element inserted
     * there, {@code "-"} at the end) to {@code value}, whose mirror is {@code mirror} when it is a
     * container ({@code null}: built from {@code value}).
     */
    abstract void add(String token, JsonNode value, StateTreeNode mirror, StateTreeDigest digests);

    /** Replaces the value at {@code token}, which exists, like {@link #add} does. */
    abstract void replace(String token, JsonNode value, StateTreeNode mirror, StateTreeDigest digests);

    /**
     * Removes the value at {@code token} and returns its mirror if it is a container ({@code null} for a
     * scalar).
     *
     * @throws IllegalArgumentException if there is no value at {@code token}
     */
    abstract StateTreeNode remove(String token, StateTreeDigest digests);

    /** The mirror of a value put into a container: the given one, or one built from {@code value} if it is a container. */
    static StateTreeNode mirrorOf(JsonNode value, StateTreeNode mirror, StateTreeDigest digests) {
        if (mirror != null) {
            return mirror;
        }
        if (value == null || value.isMissingNode()) {
            throw new IllegalArgumentException("no value to put into the state tree");
        }
        return value.isContainerNode() ? build(value, digests) : null;
    }

    /** Rounds a heap size up to the JVM's 8-byte alignment. */
    static long aligned(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
