package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The state hash, version 2, of a JSON state, and a mirror of the state's tree that keeps it up to date
 * change by change (docs/STATE-HASH.md has the definition, its reasons and test vectors).
 *
 * <p>Version 2 hashes a state as a tree: a scalar by its canonical JSON text, an array by its elements'
 * digests, an object by a 16-way trie over its members whose shape depends only on the member set, so the
 * hash is independent of member order and, like version 1 (the SHA-256 of the whole canonical text), as
 * collision-resistant as SHA-256. Its text is {@value #VERSION_PREFIX} followed by 64 lowercase hex digits.
 *
 * <p>The mirror keeps, per container (object or array), its digest, recomputed lazily by {@link #hash()}
 * when something in it changed, and the UTF-8 length of its canonical JSON, kept at every change, so
 * {@link #canonicalBytes()} is free. Scalars have no objects of their own: their digest and size are packed
 * in their container (in trie leaves for objects); keys are the Jackson tree's strings where the mirror was
 * built from it. The caller changes the Jackson tree and reports each change right after making it
 * ({@link StateChanges}), in order, with the tree's root after the change, including the inverse changes that
 * undo a rejected patch: the mirror keeps no undo log. Costs:
 *
 * <ul>
 *   <li>{@link #of}: O(size of the state);
 *   <li>an update: O(depth of the pointer) to find the place, plus O(size of the value inserted), whose mirror
 *       is built from the Jackson node at the pointer ({@link #moved} reuses the moved mirror). A change directly
 *       in an array also costs O(that array's length) (its elements shift); in an object it costs one leaf;
 *   <li>{@link #hash()}: re-hashes what changed since the last call: per changed object member
 *       O(trie depth × (16 × 32 bytes + a leaf)), per changed array O(its length × 32 bytes), whatever the size
 *       of the rest of the state.
 * </ul>
 *
 * <p>Pointers are RFC 6901 JSON Pointers as in a JSON Patch ({@code ~0}, {@code ~1} escapes; {@code "-"} is the
 * end of an array for {@link #added} and the target of {@link #moved}); {@code ""} is the root. A pointer that does
 * not resolve in the mirror throws {@link IllegalArgumentException} (the caller guarantees they do). Not
 * thread-safe.
 */
public final class StateTree implements StateChanges {

    /** The prefix of a version 2 state hash; a version 1 hash is 64 bare hex digits. */
    public static final String VERSION_PREFIX = "2:";

    /** Estimated heap bytes of a tree object, its digest helper and a scalar root's digest. */
    private static final int TREE_BYTES = 32 + 160 + 48;

    private static final HexFormat HEX = HexFormat.of();

    private final StateTreeDigest hashing = new StateTreeDigest();
    /** The root container's mirror; {@code null} while the root is a scalar. */
    private StateTreeNode root;
    private final byte[] scalarDigest = new byte[StateTreeDigest.LENGTH];
    private long scalarSize;

    private StateTree(JsonNode root) {
        setRoot(root, null);
    }

    /** A mirror of the state {@code root}: O(its size); container digests are computed on the first {@link #hash()}. */
    public static StateTree of(JsonNode root) {
        return new StateTree(Objects.requireNonNull(root, "root"));
    }

    /**
     * The version 2 hash of {@code root}, computed in full; equals {@code of(root).hash()}.
     *
     * @throws IllegalArgumentException if the state holds a value JSON text cannot express
     */
    public static String hash(JsonNode root) {
        return of(root).hash();
    }

    /** The version 2 hash of the state: {@value #VERSION_PREFIX} and 64 lowercase hex digits. Re-hashes only what changed. */
    public String hash() {
        byte[] digest = scalarDigest;
        if (root != null) {
            root.rehash(hashing);
            digest = root.digest;
        }
        return VERSION_PREFIX + HEX.formatHex(digest);
    }

    /** The UTF-8 length of the state's canonical JSON ({@link CanonicalJson#write}), kept at every change. */
    public long canonicalBytes() {
        return root == null ? scalarSize : root.size;
    }

    /**
     * An estimate of this mirror's heap bytes (not the Jackson tree's), kept at every change: for a byte-bounded
     * cache. Strings the mirror shares with the Jackson tree (keys) are not counted.
     */
    public long memoryBytes() {
        return TREE_BYTES + (root == null ? 0 : root.memory());
    }

    /** The number of SHA-256 digests this tree computed so far: for tests of an update's cost. */
    long digestInvocations() {
        return hashing.invocations();
    }

    @Override
    public void added(JsonNode root, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            setRoot(root, null);
            return;
        }
        put(root, tokens, null, true);
    }

    @Override
    public void removed(JsonNode root, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the root cannot be removed");
        }
        detach(tokens);
    }

    @Override
    public void replaced(JsonNode root, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            setRoot(root, null);
            return;
        }
        put(root, tokens, null, false);
    }

    @Override
    public void moved(JsonNode root, String from, String to) {
        List<String> source = tokens(from);
        List<String> target = tokens(to);
        if (source.isEmpty()) {
            throw new IllegalArgumentException("the root cannot be moved");
        }
        StateTreeNode mirror = detach(source);
        if (target.isEmpty()) {
            setRoot(root, mirror);
            return;
        }
        put(root, target, mirror, true);
    }

    private void setRoot(JsonNode node, StateTreeNode mirror) {
        if (mirror != null) {
            root = mirror;
        } else if (node.isContainerNode()) {
            root = StateTreeNode.build(node, hashing);
        } else {
            root = null;
            scalarSize = hashing.scalar(node, scalarDigest, 0);
        }
    }

    /** Adds ({@code insert}) or replaces the value at {@code tokens}, from {@code mirror} or the Jackson tree. */
    private void put(JsonNode jsonRoot, List<String> tokens, StateTreeNode mirror, boolean insert) {
        List<StateTreeNode> path = parentPath(tokens);
        StateTreeNode parent = path.get(path.size() - 1);
        String last = tokens.get(tokens.size() - 1);
        JsonNode value = mirror != null ? null : valueAt(jsonRoot, tokens);
        long size = parent.size;
        long memory = parent.memory();
        if (insert) {
            parent.add(last, value, mirror, hashing);
        } else {
            parent.replace(last, value, mirror, hashing);
        }
        propagate(path, parent.size - size, parent.memory() - memory);
    }

    /** Removes the value at {@code tokens} from the mirror and returns its mirror ({@code null} for a scalar). */
    private StateTreeNode detach(List<String> tokens) {
        List<StateTreeNode> path = parentPath(tokens);
        StateTreeNode parent = path.get(path.size() - 1);
        long size = parent.size;
        long memory = parent.memory();
        StateTreeNode removed = parent.remove(tokens.get(tokens.size() - 1), hashing);
        propagate(path, parent.size - size, parent.memory() - memory);
        return removed;
    }

    /** The containers from the root to the parent of {@code tokens}' target, marked dirty on the way. */
    private List<StateTreeNode> parentPath(List<String> tokens) {
        if (root == null) {
            throw new IllegalArgumentException("the state is a scalar; it has no \"" + tokens.get(0) + "\"");
        }
        List<StateTreeNode> path = new ArrayList<>(tokens.size());
        StateTreeNode node = root;
        path.add(node);
        for (int i = 0; i < tokens.size() - 1; i++) {
            node = node.descend(tokens.get(i), hashing);
            path.add(node);
        }
        node.dirty = true;
        return path;
    }

    /** Adds the parent's changes in size and memory to its ancestors (all of {@code path} but its last). */
    private static void propagate(List<StateTreeNode> path, long sizeDelta, long memoryDelta) {
        for (int i = 0; i < path.size() - 1; i++) {
            StateTreeNode ancestor = path.get(i);
            ancestor.size += sizeDelta;
            ancestor.childMemory += memoryDelta;
        }
    }

    /** The Jackson node at {@code tokens} ({@code "-"} last: an array's last element). */
    private static JsonNode valueAt(JsonNode root, List<String> tokens) {
        JsonNode node = root;
        for (int i = 0; i < tokens.size() && node != null; i++) {
            String token = tokens.get(i);
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray()) {
                node = "-".equals(token) && i == tokens.size() - 1 ? node.get(node.size() - 1) : arrayElement(node, token);
            } else {
                node = null;
            }
        }
        if (node == null) {
            throw new IllegalArgumentException("no value at " + String.join("/", tokens) + " in the state");
        }
        return node;
    }

    private static JsonNode arrayElement(JsonNode array, String token) {
        if (token.isEmpty() || token.length() > 10 || !token.chars().allMatch(c -> c >= '0' && c <= '9')
                || (token.length() > 1 && token.charAt(0) == '0')) {
            return null;
        }
        long index = Long.parseLong(token);
        return index < array.size() ? array.get((int) index) : null;
    }

    /** The reference tokens of an RFC 6901 JSON Pointer, unescaped. */
    static List<String> tokens(String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON Pointer starts with '/': \"" + pointer + "\"");
        }
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= pointer.length(); i++) {
            char c = i < pointer.length() ? pointer.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : ' ';
                if (next != '0' && next != '1') {
                    throw new IllegalArgumentException("'~' must be followed by 0 or 1 in a JSON Pointer: \"" + pointer + "\"");
                }
                token.append(next == '0' ? '~' : '/');
                i++;
            } else {
                token.append(c);
            }
        }
        return tokens;
    }
}
