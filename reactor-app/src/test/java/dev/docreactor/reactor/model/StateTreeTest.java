package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What one update of a {@link StateTree} costs, and the pointers it refuses. */
class StateTreeTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MEMBERS = 100_000;
    private static final int UPDATES = 200;

    @Test
    void shouldNotRebuildTheTrieWhenOneMemberOfALargeObjectChanges() {
        ObjectNode root = NODES.objectNode();
        for (int i = 0; i < MEMBERS; i++) {
            root.put("member-" + i, i);
        }
        StateTree tree = StateTree.of(root);
        tree.hash();

        long most = 0;
        for (int u = 0; u < UPDATES; u++) {
            long before = tree.digestInvocations();
            String key = "member-" + (u * 7919 % MEMBERS);
            switch (u % 3) {
                case 0 -> {
                    root.put(key, -u);
                    tree.replaced(root, "/" + key);
                }
                case 1 -> {
                    root.remove(key);
                    tree.removed(root, "/" + key);
                }
                default -> {
                    root.put("new-" + u, "v" + u);
                    tree.added(root, "/new-" + u);
                }
            }
            tree.hash();
            most = Math.max(most, tree.digestInvocations() - before);
        }

        assertThat(most).as("SHA-256 digests per update and hash of a %s-member object (one leaf, the inner nodes"
                + " above it, a few for the member) at most", MEMBERS).isLessThanOrEqualTo(20);
        assertThat(tree.hash()).as("the incremental hash equals the full computation").isEqualTo(StateTree.hash(root));
        assertThat(tree.canonicalBytes()).as("the canonical size")
                .isEqualTo(JsonMeasure.utf8Length(CanonicalJson.write(root)));
    }

    @Test
    void shouldRehashOnlyThePathToAChangeInANestedState() {
        ObjectNode root = NODES.objectNode();
        ArrayNode list = root.putArray("list");
        for (int i = 0; i < 1000; i++) {
            ObjectNode item = list.addObject();
            for (int j = 0; j < 100; j++) {
                item.put("f" + j, j);
            }
        }
        StateTree tree = StateTree.of(root);
        tree.hash();
        long before = tree.digestInvocations();

        ((ObjectNode) list.get(500)).put("f7", "changed");
        tree.replaced(root, "/list/500/f7");
        String hash = tree.hash();

        assertThat(tree.digestInvocations() - before).as("digests for one member deep in a 100,000-value state: the"
                + " member, its object's trie path, the array, the root's trie path").isLessThanOrEqualTo(30);
        assertThat(hash).as("the incremental hash equals the full computation").isEqualTo(StateTree.hash(root));
    }

    @Test
    void shouldKeepTheHashOfAScalarRootAndOfANewRoot() {
        JsonNode root = IntNode.valueOf(3);
        StateTree tree = StateTree.of(root);
        assertThat(tree.hash()).as("hash of a scalar state").isEqualTo(StateTree.hash(root));

        JsonNode replaced = CanonicalJson.parse("{\"a\":[1,2]}");
        tree.replaced(replaced, "");

        assertThat(tree.hash()).as("hash after the root was replaced").isEqualTo(StateTree.hash(replaced));
        assertThat(tree.canonicalBytes()).as("size after the root was replaced").isEqualTo(11);

        JsonNode added = CanonicalJson.parse("[\"x\",{}]");
        tree.added(added, "");
        assertThat(tree.hash()).as("hash after a value was added at the root").isEqualTo(StateTree.hash(added));
    }

    @Test
    void shouldRefusePointersThatDoNotResolve() {
        ObjectNode root = (ObjectNode) CanonicalJson.parse("{\"a\":1,\"b\":[1,{\"c\":2}]}");
        StateTree tree = StateTree.of(root);

        assertThatThrownBy(() -> tree.removed(root, "/missing")).as("a missing member")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.removed(root, "/a/x")).as("a member of a scalar")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.removed(root, "/b/2")).as("an index past the end")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.removed(root, "/b/01")).as("an index with a leading zero")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.added(root, "b")).as("a pointer without a leading slash")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.added(root, "/b/~2")).as("a bad escape")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.removed(root, "")).as("removing the root")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tree.hash()).as("refused updates leave the hash alone").isEqualTo(StateTree.hash(root));
    }

    @Test
    void shouldUnescapePointerTokens() {
        assertThat(StateTree.tokens("/a~1b/~0c/~01/")).as("tokens of an escaped pointer")
                .containsExactly("a/b", "~c", "~1", "");
        assertThat(StateTree.tokens("")).as("the root's pointer has no tokens").isEmpty();
    }
}
